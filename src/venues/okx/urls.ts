/** Where an OKX environment lives. `custom` points at the simulator (or any base URL given in config). */
export interface OkxUrls {
  readonly rest: string;
  readonly wsPublic: string;
  readonly wsPrivate: string;
  readonly wsBusiness: string;
  /** Demo trading: every request carries `x-simulated-trading: 1`. */
  readonly demo: boolean;
}

export const OKX_ENVIRONMENTS = {
  live: { rest: 'https://www.okx.com', wsPublic: 'wss://ws.okx.com:8443/ws/v5/public', wsPrivate: 'wss://ws.okx.com:8443/ws/v5/private', wsBusiness: 'wss://ws.okx.com:8443/ws/v5/business', demo: false },
  demo: { rest: 'https://www.okx.com', wsPublic: 'wss://wspap.okx.com:8443/ws/v5/public', wsPrivate: 'wss://wspap.okx.com:8443/ws/v5/private', wsBusiness: 'wss://wspap.okx.com:8443/ws/v5/business', demo: true },
} as const satisfies Record<string, OkxUrls>;

export type OkxEnvironment = keyof typeof OKX_ENVIRONMENTS | 'custom';

export function resolveUrls(environment: OkxEnvironment, custom: Partial<Omit<OkxUrls, 'demo'>> = {}): OkxUrls {
  if (environment !== 'custom') return { ...OKX_ENVIRONMENTS[environment], ...custom };
  if (custom.rest === undefined) throw new RangeError('okx.baseUrl must be set when environment is custom');
  const ws = custom.rest.replace(/^http/, 'ws').replace(/\/$/, '');
  return {
    rest: custom.rest,
    wsPublic: custom.wsPublic ?? `${ws}/ws/v5/public`,
    wsPrivate: custom.wsPrivate ?? `${ws}/ws/v5/private`,
    wsBusiness: custom.wsBusiness ?? `${ws}/ws/v5/business`,
    demo: true,
  };
}

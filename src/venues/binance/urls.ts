/** Where a Binance environment lives. `custom` points at the simulator (or any base URL given in config). */
export interface BinanceUrls {
  readonly rest: string;
  /** Market data streams base (`/ws/<stream>` and `/stream?streams=` are appended). */
  readonly stream: string;
  readonly wsApi: string;
}

export const BINANCE_ENVIRONMENTS = {
  spot: { rest: 'https://api.binance.com', stream: 'wss://stream.binance.com:9443', wsApi: 'wss://ws-api.binance.com:443/ws-api/v3' },
  testnet: { rest: 'https://testnet.binance.vision', stream: 'wss://stream.testnet.binance.vision', wsApi: 'wss://ws-api.testnet.binance.vision/ws-api/v3' },
  us: { rest: 'https://api.binance.us', stream: 'wss://stream.binance.us:9443', wsApi: 'wss://ws-api.binance.us:443/ws-api/v3' },
} as const satisfies Record<string, BinanceUrls>;

export type BinanceEnvironment = keyof typeof BINANCE_ENVIRONMENTS | 'custom';

export function resolveUrls(environment: BinanceEnvironment, custom?: Partial<BinanceUrls>): BinanceUrls {
  if (environment !== 'custom') return { ...BINANCE_ENVIRONMENTS[environment], ...custom };
  if (custom?.rest === undefined) throw new RangeError('binance.baseUrl must be set when environment is custom');
  const wsBase = custom.rest.replace(/^http/, 'ws');
  return { rest: custom.rest, stream: custom.stream ?? wsBase, wsApi: custom.wsApi ?? `${wsBase}/ws-api/v3` };
}

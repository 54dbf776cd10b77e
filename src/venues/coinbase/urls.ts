/** Advanced Trade endpoints per environment (docs: REST api.coinbase.com, WebSocket market and user feeds). */
export type CoinbaseEnvironment = 'production' | 'sandbox' | 'custom';

export interface CoinbaseUrls {
  readonly rest: string;
  readonly ws: string;
  readonly wsUser: string;
}

const URLS: Record<Exclude<CoinbaseEnvironment, 'custom'>, CoinbaseUrls> = {
  production: { rest: 'https://api.coinbase.com', ws: 'wss://advanced-trade-ws.coinbase.com', wsUser: 'wss://advanced-trade-ws-user.coinbase.com' },
  // The Advanced Trade sandbox serves static REST answers only; it has no WebSocket feeds, so production's are kept.
  sandbox: { rest: 'https://api-sandbox.coinbase.com', ws: 'wss://advanced-trade-ws.coinbase.com', wsUser: 'wss://advanced-trade-ws-user.coinbase.com' },
};

export function resolveUrls(environment: CoinbaseEnvironment, overrides: Partial<CoinbaseUrls>): CoinbaseUrls {
  if (environment === 'custom') {
    if (overrides.rest === undefined) throw new RangeError('baseUrl is required for a custom environment');
    const origin = new URL(overrides.rest);
    const ws = overrides.ws ?? `${origin.protocol === 'https:' ? 'wss' : 'ws'}://${origin.host}/ws`;
    return { rest: overrides.rest, ws, wsUser: overrides.wsUser ?? ws };
  }
  return { ...URLS[environment], ...overrides };
}

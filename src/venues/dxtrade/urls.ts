/**
 * DXtrade's published endpoints. The trading REST API lives under `/dxsca-web` on the broker's host (Devexperts'
 * demo: demo.dx.trade); the push API is the WebSocket at the same path (`/dxsca-web/?format=JSON` for
 * accounts, `/dxsca-web/md?format=JSON` for market data). FOREX.com gives each client its own hosts.
 */
export const DXTRADE_URLS = {
  demo: { rest: 'https://demo.dx.trade/dxsca-web', push: 'wss://demo.dx.trade/dxsca-web' },
} as const;

export function accountsPushUrl(pushBase: string): string {
  return `${pushBase.replace(/\/$/, '')}/?format=JSON`;
}

export function marketDataPushUrl(pushBase: string): string {
  return `${pushBase.replace(/\/$/, '')}/md?format=JSON`;
}

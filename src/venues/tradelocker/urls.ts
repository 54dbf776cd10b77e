import type { TradeLockerConfig } from './config';

/** TradeLocker's environments: `https://demo.tradelocker.com/backend-api/` and `https://live.tradelocker.com/backend-api/`. */
const ORIGINS = { demo: 'https://demo.tradelocker.com', live: 'https://live.tradelocker.com' } as const;

export const API_PREFIX = '/backend-api';

export function tradeLockerOrigin(config: TradeLockerConfig): string {
  switch (config.environment) {
    case 'demo':
    case 'live':
      return (config.baseUrl ?? ORIGINS[config.environment]).replace(/\/+$/, '');
    case 'simulator':
      return (config.baseUrl ?? '').replace(/\/+$/, '');
  }
}

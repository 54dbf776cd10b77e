import type { VenueName } from '../../core/identifiers';

/**
 * What differs between Binance spot and Binance.US, as data: the adapter reads these fields instead of
 * scattering `if (us)` conditions. Sources: binance/binance-spot-api-docs and binance-us/binance-us-api-docs.
 */
export interface BinanceProfile {
  readonly name: 'spot' | 'us';
  readonly venue: VenueName;
  /** Spot retired the REST listenKey for spot in 2026 and uses the WebSocket API; Binance.US keeps the listenKey. */
  readonly userStream: 'ws-api' | 'listen-key';
  /** Spot: POST /api/v3/orderList/oco (aboveType/belowType); Binance.US: the legacy POST /api/v3/order/oco. */
  readonly ocoEndpoint: '/api/v3/orderList/oco' | '/api/v3/order/oco';
  /** PUT /api/v3/order/amend/keepPriority exists on spot only. */
  readonly amendKeepPriority: boolean;
  readonly orderLists: readonly ('OCO' | 'OTO' | 'OTOCO')[];
  readonly keyTypes: readonly ('hmac' | 'ed25519' | 'rsa')[];
}

export const SPOT_PROFILE: BinanceProfile = {
  name: 'spot',
  venue: 'BINANCE',
  userStream: 'ws-api',
  ocoEndpoint: '/api/v3/orderList/oco',
  amendKeepPriority: true,
  orderLists: ['OCO', 'OTO', 'OTOCO'],
  keyTypes: ['hmac', 'ed25519', 'rsa'],
};

export const US_PROFILE: BinanceProfile = {
  name: 'us',
  venue: 'BINANCEUS',
  userStream: 'listen-key',
  ocoEndpoint: '/api/v3/order/oco',
  amendKeepPriority: false,
  orderLists: ['OCO'],
  keyTypes: ['hmac'],
};

export function profileFor(name: 'spot' | 'us'): BinanceProfile {
  return name === 'us' ? US_PROFILE : SPOT_PROFILE;
}

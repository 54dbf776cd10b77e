import type { OrderStatus } from '../../core/orders/status';
import type { OrderType, TimeInForce } from '../../core/orders/types';

/**
 * TradeLocker's order `status` values → engine statuses. The closed ones are those the official Python client
 * lists for orders history (Filled, Cancelled, Refused, Unplaced, Removed) and checks (Rejected); New and
 * PartiallyFilled are the working ones. An unknown value is never guessed: the row is reported unrecognized.
 */
export const ORDER_STATUS: Readonly<Record<string, OrderStatus>> = {
  New: 'accepted',
  Accepted: 'accepted',
  PartiallyFilled: 'partially-filled',
  Filled: 'filled',
  Cancelled: 'canceled',
  Removed: 'canceled',
  Refused: 'rejected',
  Rejected: 'rejected',
  Unplaced: 'rejected',
};

export const WIRE_TYPE_OF: Readonly<Partial<Record<OrderType, 'market' | 'limit' | 'stop'>>> = { market: 'market', limit: 'limit', 'stop-market': 'stop' };
export const ORDER_TYPE: Readonly<Record<string, OrderType>> = { market: 'market', limit: 'limit', stop: 'stop-market' };
export const VALIDITY: Readonly<Record<string, TimeInForce>> = { IOC: 'IOC', GTC: 'GTC' };

/** "Validity must be IOC for market orders and GTC for limit and stop orders" (place-order reference). */
export const TIME_IN_FORCE_BY_TYPE: Readonly<Partial<Record<OrderType, readonly TimeInForce[]>>> = {
  market: ['IOC'],
  limit: ['GTC'],
  'stop-market': ['GTC'],
};

/** The route names GET /trade/config rate-limits (rateLimits[].rateLimitType). */
export type RouteName =
  | 'GET_ACCOUNTS' | 'GET_EXECUTIONS' | 'GET_INSTRUMENTS' | 'GET_ORDERS' | 'GET_ORDERS_HISTORY' | 'GET_POSITIONS'
  | 'GET_ACCOUNTS_STATE' | 'GET_INSTRUMENT_DETAILS' | 'GET_TRADE_SESSIONS' | 'GET_SESSION_STATUSES' | 'PLACE_ORDER'
  | 'MODIFY_ORDER' | 'MODIFY_POSITION' | 'DAILY_BAR' | 'QUOTES' | 'DEPTH' | 'TRADES' | 'QUOTES_HISTORY';

/** The bar resolutions /trade/history takes. */
export const RESOLUTIONS = ['1M', '1W', '1D', '4H', '1H', '30m', '15m', '5m', '1m'] as const;
export type Resolution = (typeof RESOLUTIONS)[number];

import type { ErrorCode } from '../../core/errors';
import type { OrderStatus } from '../../core/orders/status';
import type { OrderType, TimeInForce } from '../../core/orders/types';

/** Venue error codes (the VENUE_* part of the catalogue). */
export type VenueErrorCode = Extract<ErrorCode, `VENUE_${string}`>;

export const OANDA_ORDER_TYPES = [
  'MARKET',
  'LIMIT',
  'STOP',
  'MARKET_IF_TOUCHED',
  'TAKE_PROFIT',
  'STOP_LOSS',
  'TRAILING_STOP_LOSS',
  'FIXED_PRICE',
  'GUARANTEED_STOP_LOSS',
] as const;
export type OandaOrderType = (typeof OANDA_ORDER_TYPES)[number];

export const OANDA_TIME_IN_FORCE = ['GTC', 'GTD', 'GFD', 'FOK', 'IOC'] as const;
export type OandaTimeInForce = (typeof OANDA_TIME_IN_FORCE)[number];

export const OANDA_ORDER_STATES = ['PENDING', 'FILLED', 'TRIGGERED', 'CANCELLED'] as const;
export type OandaOrderState = (typeof OANDA_ORDER_STATES)[number];

export const OANDA_POSITION_FILL = ['OPEN_ONLY', 'REDUCE_FIRST', 'REDUCE_ONLY', 'DEFAULT'] as const;
export type OandaPositionFill = (typeof OANDA_POSITION_FILL)[number];

/** Engine order type for each OANDA type; undefined where the engine has no equivalent (trade-dependent orders). */
export const ORDER_TYPE_TO_ENGINE: Readonly<Record<OandaOrderType, OrderType | undefined>> = {
  MARKET: 'market',
  LIMIT: 'limit',
  STOP: 'stop-market',
  MARKET_IF_TOUCHED: 'market-if-touched',
  // Dependent orders on a trade: they exist only as attachments of an engine order, never as engine orders.
  TAKE_PROFIT: undefined,
  STOP_LOSS: undefined,
  TRAILING_STOP_LOSS: undefined,
  GUARANTEED_STOP_LOSS: undefined,
  // Created by OANDA itself (transfers, migrations), never by a client.
  FIXED_PRICE: undefined,
};

/** OANDA type for each engine type; undefined where OANDA has no native form (the engine emulates or refuses). */
export const ORDER_TYPE_TO_OANDA: Readonly<Record<OrderType, OandaOrderType | undefined>> = {
  market: 'MARKET',
  limit: 'LIMIT',
  'stop-market': 'STOP',
  'market-if-touched': 'MARKET_IF_TOUCHED',
  // OANDA's STOP with priceBound cancels when the bound is missed; a stop-limit rests. Not the same order.
  'stop-limit': undefined,
  'limit-if-touched': undefined,
  // A trailing stop on OANDA exists only on an open trade (trailingStopLossOnFill).
  'trailing-stop': undefined,
  'trailing-limit': undefined,
};

/** OANDA has no at-the-open (OPG) time in force; no order type declares it, so encode refuses it first. */
export const TIME_IN_FORCE_TO_OANDA: Readonly<Partial<Record<TimeInForce, OandaTimeInForce>>> = {
  GTC: 'GTC',
  GTD: 'GTD',
  DAY: 'GFD',
  IOC: 'IOC',
  FOK: 'FOK',
};

export const TIME_IN_FORCE_TO_ENGINE: Readonly<Record<OandaTimeInForce, TimeInForce>> = {
  GTC: 'GTC',
  GTD: 'GTD',
  GFD: 'DAY',
  IOC: 'IOC',
  FOK: 'FOK',
};

/**
 * Time in force each type accepts. The schema restricts MARKET to FOK/IOC and MARKET_IF_TOUCHED to
 * GTC/GFD/GTD; LIMIT and STOP are unrestricted there, but a STOP that is FOK/IOC only makes sense once triggered,
 * which the matching engine does not model, so STOP keeps to the resting kinds.
 */
export const TIME_IN_FORCE_BY_TYPE: Readonly<Partial<Record<OrderType, readonly TimeInForce[]>>> = {
  market: ['FOK', 'IOC'],
  limit: ['GTC', 'GTD', 'DAY', 'FOK', 'IOC'],
  // A Stop Order takes any time in force (StopOrderRequest.timeInForce is unrestricted, unlike MarketIfTouched):
  // FOK/IOC apply to the fill once it triggers.
  'stop-market': ['GTC', 'GTD', 'DAY', 'FOK', 'IOC'],
  'market-if-touched': ['GTC', 'GTD', 'DAY'],
};

export function orderStatusOf(state: OandaOrderState, cancelReason: string | undefined, partiallyFilled: boolean): OrderStatus {
  switch (state) {
    case 'PENDING':
      return partiallyFilled ? 'partially-filled' : 'accepted';
    case 'TRIGGERED':
      return 'triggered';
    case 'FILLED':
      return 'filled';
    case 'CANCELLED':
      return cancelReason === 'TIME_IN_FORCE_EXPIRED' ? 'expired' : 'canceled';
  }
}

export function isOneOf<T extends string>(values: readonly T[], value: unknown): value is T {
  return typeof value === 'string' && (values as readonly string[]).includes(value);
}

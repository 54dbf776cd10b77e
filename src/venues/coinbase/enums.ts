import type { ErrorCode } from '../../core/errors/catalogue';
import type { InstrumentStatus } from '../../core/instruments';
import type { OrderStatus } from '../../core/orders/status';
import type { OrderSide, OrderType, TimeInForce } from '../../core/orders/types';

/**
 * Advanced Trade enums mapped through exhaustive tables. A value not in a table is never guessed: the lookup
 * gives undefined and the caller reports the message as unrecognized, counts it and goes on.
 */
export const ORDER_STATUS: Readonly<Record<string, OrderStatus>> = {
  // PENDING and QUEUED: received, not yet working in the book (the engine's "submitted" has been acknowledged).
  PENDING: 'accepted',
  QUEUED: 'accepted',
  OPEN: 'accepted',
  FILLED: 'filled',
  CANCELLED: 'canceled',
  CANCEL_QUEUED: 'pending-cancel',
  EXPIRED: 'expired',
  FAILED: 'rejected',
};

export const SIDE: Readonly<Record<string, OrderSide>> = { BUY: 'buy', SELL: 'sell' };
export const SIDE_TO_WIRE: Readonly<Record<OrderSide, 'BUY' | 'SELL'>> = { buy: 'BUY', sell: 'SELL' };

export const TIME_IN_FORCE: Readonly<Record<string, TimeInForce>> = {
  GOOD_UNTIL_CANCELLED: 'GTC',
  GOOD_UNTIL_DATE_TIME: 'GTD',
  IMMEDIATE_OR_CANCEL: 'IOC',
  FILL_OR_KILL: 'FOK',
};

export const PRODUCT_STATUS: Readonly<Record<string, InstrumentStatus>> = { online: 'trading', offline: 'halted', delisted: 'closed' };

/**
 * `error_response.error` / `failure_reason` / `preview_failure_reason` → engine code. Rule failures that Coinbase
 * files under UNKNOWN_FAILURE_REASON are told apart by their preview reason, which is read first.
 */
export const FAILURE_REASONS: Readonly<Record<string, ErrorCode>> = {
  INSUFFICIENT_FUND: 'VENUE_INSUFFICIENT_BALANCE',
  INSUFFICIENT_FUNDS: 'VENUE_INSUFFICIENT_BALANCE',
  PREVIEW_INSUFFICIENT_FUND: 'VENUE_INSUFFICIENT_BALANCE',
  INVALID_LIMIT_PRICE_POST_ONLY: 'VENUE_REJECTED',
  PREVIEW_INVALID_LIMIT_PRICE_POST_ONLY: 'VENUE_REJECTED',
  INVALID_PRICE_PRECISION: 'VENUE_FILTER_FAILURE',
  PREVIEW_INVALID_PRICE_PRECISION: 'VENUE_FILTER_FAILURE',
  INVALID_SIZE_PRECISION: 'VENUE_FILTER_FAILURE',
  PREVIEW_INVALID_SIZE_PRECISION: 'VENUE_FILTER_FAILURE',
  PREVIEW_INVALID_BASE_SIZE_PRECISION: 'VENUE_FILTER_FAILURE',
  PREVIEW_INVALID_QUOTE_SIZE_PRECISION: 'VENUE_FILTER_FAILURE',
  PREVIEW_INVALID_BASE_SIZE_TOO_SMALL: 'VENUE_FILTER_FAILURE',
  PREVIEW_INVALID_BASE_SIZE_TOO_LARGE: 'VENUE_FILTER_FAILURE',
  PREVIEW_INVALID_QUOTE_SIZE_TOO_SMALL: 'VENUE_FILTER_FAILURE',
  PREVIEW_INVALID_QUOTE_SIZE_TOO_LARGE: 'VENUE_FILTER_FAILURE',
  INVALID_LIMIT_PRICE: 'VENUE_FILTER_FAILURE',
  PREVIEW_INVALID_LIMIT_PRICE: 'VENUE_FILTER_FAILURE',
  PREVIEW_INVALID_STOP_PRICE: 'VENUE_FILTER_FAILURE',
  PREVIEW_STOP_PRICE_BELOW_LAST_TRADE_PRICE: 'VENUE_REJECTED',
  PREVIEW_STOP_PRICE_ABOVE_LAST_TRADE_PRICE: 'VENUE_REJECTED',
  PREVIEW_INVALID_END_TIME: 'VENUE_REJECTED',
  INVALID_END_TIME: 'VENUE_REJECTED',
  INVALID_NO_LIQUIDITY: 'VENUE_INSUFFICIENT_LIQUIDITY',
  INVALID_PRODUCT_ID: 'VENUE_REJECTED',
  PREVIEW_INVALID_PRODUCT_ID: 'VENUE_REJECTED',
  UNTRADABLE_PRODUCT: 'VENUE_MARKET_CLOSED',
  ORDER_ENTRY_DISABLED: 'VENUE_MARKET_CLOSED',
  UNSUPPORTED_ORDER_CONFIGURATION: 'VENUE_UNSUPPORTED',
  PREVIEW_INVALID_ORDER_CONFIG: 'VENUE_REJECTED',
  INVALID_SIDE: 'VENUE_REJECTED',
  INVALID_REQUEST: 'VENUE_REJECTED',
  INVALID_BRACKET_PRICES: 'VENUE_REJECTED',
  UNKNOWN_FAILURE_REASON: 'VENUE_REJECTED',
};

/** `edit_failure_reason` → engine code. */
export const EDIT_FAILURE_REASONS: Readonly<Record<string, ErrorCode>> = {
  ORDER_NOT_FOUND: 'VENUE_UNKNOWN_ORDER',
  ONLY_OPEN_ORDERS_CAN_BE_EDITED: 'VENUE_UNKNOWN_ORDER',
  ONLY_LIMIT_ORDER_EDITS_SUPPORTED: 'VENUE_UNSUPPORTED',
  CANNOT_EDIT_TO_BELOW_FILLED_SIZE: 'VENUE_REJECTED',
  INVALID_EDITED_SIZE: 'VENUE_FILTER_FAILURE',
  INVALID_EDITED_PRICE: 'VENUE_FILTER_FAILURE',
  EDIT_REQUEST_EQUAL_TO_ORIGINAL_REQUEST: 'VENUE_REJECTED',
  COMMANDER_REJECTED_EDIT_ORDER: 'VENUE_REJECTED',
  UNKNOWN_EDIT_ORDER_FAILURE_REASON: 'VENUE_REJECTED',
};

/** batch_cancel `failure_reason` → engine code. */
export const CANCEL_FAILURE_REASONS: Readonly<Record<string, ErrorCode>> = {
  UNKNOWN_CANCEL_ORDER: 'VENUE_UNKNOWN_ORDER',
  INVALID_CANCEL_REQUEST: 'VENUE_REJECTED',
  DUPLICATE_CANCEL_REQUEST: 'VENUE_REJECTED',
  COMMANDER_REJECTED_CANCEL_ORDER: 'VENUE_REJECTED',
  UNKNOWN_CANCEL_FAILURE_REASON: 'VENUE_REJECTED',
};

/** The engine's order type for a configuration key (a stop against its side's direction is a limit-if-touched). */
export function orderTypeOf(configurationKey: string, side: OrderSide, stopDirection: unknown): OrderType | undefined {
  switch (configurationKey) {
    case 'market_market_ioc':
      return 'market';
    case 'sor_limit_ioc':
    case 'limit_limit_gtc':
    case 'limit_limit_gtd':
    case 'limit_limit_fok':
    case 'trigger_bracket_gtc':
    case 'trigger_bracket_gtd':
      return 'limit';
    case 'stop_limit_stop_limit_gtc':
    case 'stop_limit_stop_limit_gtd':
      return (side === 'buy') === (stopDirection === 'STOP_DIRECTION_STOP_UP') ? 'stop-limit' : 'limit-if-touched';
    default:
      return undefined;
  }
}

export function lookup<T>(table: Readonly<Record<string, T>>, value: string): T | undefined {
  return Object.prototype.hasOwnProperty.call(table, value) ? table[value] : undefined;
}

import type { InstrumentStatus } from '../../core/instruments';
import type { OrderStatus } from '../../core/orders/status';
import type { OrderSide, OrderType, TimeInForce } from '../../core/orders/types';

/**
 * Binance enums (enums.md) mapped through exhaustive tables. A value not in a table is never guessed: the
 * lookup returns undefined and the caller reports it as unrecognized, counts it and goes on.
 */
export const ORDER_STATUS: Readonly<Record<string, OrderStatus>> = {
  NEW: 'accepted',
  // PENDING_NEW: the pending leg of an order list, accepted by the venue but not yet working.
  PENDING_NEW: 'accepted',
  PARTIALLY_FILLED: 'partially-filled',
  FILLED: 'filled',
  CANCELED: 'canceled',
  PENDING_CANCEL: 'pending-cancel',
  REJECTED: 'rejected',
  EXPIRED: 'expired',
  // Expired by self-trade prevention: an expiry with a reason, not a cancel.
  EXPIRED_IN_MATCH: 'expired',
};

export const SIDE: Readonly<Record<string, OrderSide>> = { BUY: 'buy', SELL: 'sell' };
export const SIDE_TO_WIRE: Readonly<Record<OrderSide, 'BUY' | 'SELL'>> = { buy: 'BUY', sell: 'SELL' };

export const TIME_IN_FORCE: Readonly<Record<string, TimeInForce>> = { GTC: 'GTC', IOC: 'IOC', FOK: 'FOK' };

export type BinanceOrderType =
  | 'LIMIT'
  | 'MARKET'
  | 'STOP_LOSS'
  | 'STOP_LOSS_LIMIT'
  | 'TAKE_PROFIT'
  | 'TAKE_PROFIT_LIMIT'
  | 'LIMIT_MAKER';

/** Wire order type → engine type. A STOP_LOSS with trailingDelta and no stopPrice reads as a trailing stop. */
export const ORDER_TYPE: Readonly<Record<string, OrderType>> = {
  LIMIT: 'limit',
  LIMIT_MAKER: 'limit',
  MARKET: 'market',
  STOP_LOSS: 'stop-market',
  STOP_LOSS_LIMIT: 'stop-limit',
  TAKE_PROFIT: 'market-if-touched',
  TAKE_PROFIT_LIMIT: 'limit-if-touched',
};

/** Engine type → wire type. Trailing stops are STOP_LOSS with trailingDelta; post-only limits are LIMIT_MAKER. */
export function wireOrderType(type: OrderType, postOnly: boolean): BinanceOrderType {
  switch (type) {
    case 'limit':
      return postOnly ? 'LIMIT_MAKER' : 'LIMIT';
    case 'market':
      return 'MARKET';
    case 'stop-market':
    case 'trailing-stop':
      return 'STOP_LOSS';
    case 'stop-limit':
      return 'STOP_LOSS_LIMIT';
    case 'market-if-touched':
      return 'TAKE_PROFIT';
    case 'limit-if-touched':
      return 'TAKE_PROFIT_LIMIT';
    case 'trailing-limit':
      // Not declared in the capabilities, so the engine refuses it before it gets here.
      throw new RangeError('type: binance has no trailing-limit order');
  }
}

/** Wire types that take a timeInForce (rest-api.md, mandatory parameters by type). */
export function takesTimeInForce(type: BinanceOrderType): boolean {
  return type === 'LIMIT' || type === 'STOP_LOSS_LIMIT' || type === 'TAKE_PROFIT_LIMIT';
}

export const SYMBOL_STATUS: Readonly<Record<string, InstrumentStatus>> = {
  TRADING: 'trading',
  CANCEL_ONLY: 'cancel-only',
  HALT: 'halted',
  BREAK: 'halted',
  END_OF_DAY: 'closed',
  // Older exchangeInfo values still served by Binance.US.
  PRE_TRADING: 'closed',
  POST_TRADING: 'closed',
  AUCTION_MATCH: 'halted',
};

export const EXECUTION_TYPES = ['NEW', 'CANCELED', 'REPLACED', 'REJECTED', 'TRADE', 'EXPIRED', 'TRADE_PREVENTION'] as const;
export type ExecutionType = (typeof EXECUTION_TYPES)[number];

export function isExecutionType(value: string): value is ExecutionType {
  return (EXECUTION_TYPES as readonly string[]).includes(value);
}

/** Looks a wire value up in a table; undefined means "not known", never a default. */
export function lookup<T>(table: Readonly<Record<string, T>>, value: string): T | undefined {
  return Object.hasOwn(table, value) ? table[value] : undefined;
}

import type { OrderStatus } from '../../core/orders/status';
import type { OrderSide, OrderType, TimeInForce } from '../../core/orders/types';

/** Exhaustive tables from OKX's wire values (docs-v5); a value not listed is reported, never guessed. */
export const ORDER_STATE: Readonly<Record<string, OrderStatus>> = {
  live: 'accepted',
  partially_filled: 'partially-filled',
  filled: 'filled',
  canceled: 'canceled',
  mmp_canceled: 'canceled',
};

export const SIDE: Readonly<Record<string, OrderSide>> = { buy: 'buy', sell: 'sell' };

/** ordType → the engine's type and time in force. */
export const ORDER_TYPE: Readonly<Record<string, { readonly type: OrderType; readonly timeInForce: TimeInForce; readonly postOnly: boolean }>> = {
  market: { type: 'market', timeInForce: 'IOC', postOnly: false },
  optimal_limit_ioc: { type: 'market', timeInForce: 'IOC', postOnly: false },
  limit: { type: 'limit', timeInForce: 'GTC', postOnly: false },
  post_only: { type: 'limit', timeInForce: 'GTC', postOnly: true },
  fok: { type: 'limit', timeInForce: 'FOK', postOnly: false },
  ioc: { type: 'limit', timeInForce: 'IOC', postOnly: false },
  mmp: { type: 'limit', timeInForce: 'IOC', postOnly: false },
  mmp_and_post_only: { type: 'limit', timeInForce: 'GTC', postOnly: true },
  op_fok: { type: 'limit', timeInForce: 'FOK', postOnly: false },
};

/** execType: T taker, M maker. */
export const EXEC_TYPE: Readonly<Record<string, 'maker' | 'taker'>> = { T: 'taker', M: 'maker' };

export const INSTRUMENT_STATE: Readonly<Record<string, 'trading' | 'halted' | 'closed'>> = {
  live: 'trading',
  suspend: 'halted',
  preopen: 'closed',
  test: 'closed',
  rebase: 'halted',
};

export function lookup<T>(table: Readonly<Record<string, T>>, value: string): T | undefined {
  return Object.hasOwn(table, value) ? table[value] : undefined;
}

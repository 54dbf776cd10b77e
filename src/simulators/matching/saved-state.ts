import type { InstrumentId, Timestamp } from '../../core';
import type { OrderBook } from './book';
import type { PendingCommand } from './commands';
import type { LiveOrder } from './orders';
import type { SimFill } from './types';

/** What a matching snapshot holds (inside `MatchingSnapshot.state`); plain data for `encodeExact`. */
export interface SavedState {
  time: Timestamp;
  counters: { order: number; trade: number; sequence: number; command: number; priority: number };
  orders: LiveOrder[];
  open: [InstrumentId, string[]][];
  books: [InstrumentId, ReturnType<OrderBook['save']>][];
  fills: SimFill[];
  pending: PendingCommand[];
  ledger: unknown;
  random: number;
  lastArrival: Timestamp;
  nextDayEnd: Timestamp;
  sources: unknown[];
}


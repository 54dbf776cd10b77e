import { decodeExact, encodeExact, type InstrumentId, type Timestamp } from '../../core';
import type { MatchingSnapshot } from './api';
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


export function encodeSnapshot(state: SavedState): string {
  const snapshot: MatchingSnapshot = { version: 1, savedAt: state.time, state, sources: state.sources };
  return encodeExact(snapshot);
}

/** The state of a snapshot: decoded from text (owned), or deep-copied from an object (never shared). */
export function decodeSnapshot(snapshot: MatchingSnapshot | string): SavedState {
  return typeof snapshot === 'string' ? (decodeExact<MatchingSnapshot>(snapshot).state as SavedState) : decodeExact<SavedState>(encodeExact(snapshot.state));
}

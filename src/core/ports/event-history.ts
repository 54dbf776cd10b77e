import type { Timestamp } from '../clock';
import type { EngineEvent } from '../events';

/** One event of the API's history with the global cursor it was given and when it arrived. */
export interface StoredEvent {
  readonly cursor: number;
  readonly at: Timestamp;
  readonly event: EngineEvent;
}

/**
 * The API's event history (orders, fills, positions, accounts, risk, system: never market data) kept in the
 * store, so that cursors resume across a service restart for the configured retention (issue 15).
 */
export interface EventHistoryStore {
  /** Appends in cursor order; a cursor already stored is ignored. */
  append(events: readonly StoredEvent[]): Promise<void>;
  /** Every stored event that arrived at or after `since`, oldest first. */
  since(since: Timestamp): Promise<readonly StoredEvent[]>;
  /** The highest cursor ever stored (0 when none): a restarted log numbers on from it. */
  lastCursor(): Promise<number>;
  /** Drops the events that arrived before `before` (past the retention). */
  prune(before: Timestamp): Promise<void>;
}

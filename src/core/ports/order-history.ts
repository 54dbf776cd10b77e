import type { Timestamp } from '../clock';

/**
 * Finished orders kept out of the engine's memory (issue 9, ask 5): the engine holds live state only, and an
 * order that reached a terminal status is written here and served from here on query. Derived data: the
 * journal stays the record, and a replay rewrites the same rows (every write is an upsert).
 */
export interface FinishedOrderRecord {
  readonly clientOrderId: string;
  readonly accountId: string;
  readonly instrumentId: string;
  readonly tag?: string;
  readonly status: string;
  /** The order's place in creation order over the engine's whole life: queries list newest first by it. */
  readonly ordinal: number;
  readonly venue: string;
  /** True when the engine emulated the order (its view's `emulated`). */
  readonly emulated: boolean;
  /** Every venue id the order used, so that a late venue report still finds it. */
  readonly venueIds: readonly string[];
  /** The order's events, encoded with core/serialization. */
  readonly events: string;
  readonly fills: readonly FinishedFillRecord[];
}

export interface FinishedFillRecord {
  /** The fill's place among the order's fills, from 0. */
  readonly index: number;
  readonly occurredAt: Timestamp;
  /** The FillReport the engine serves, encoded. */
  readonly report: string;
  /** What the portfolio books for it (a PositionFill), encoded: re-booked at start without decoding events. */
  readonly booking: string;
}

/** A stored fill with the order it belongs to. */
export interface StoredFill extends FinishedFillRecord {
  readonly clientOrderId: string;
  readonly ordinal: number;
}

export interface FinishedOrderQuery {
  readonly accountId?: string;
  readonly instrumentId?: string;
  readonly tag?: string;
  readonly statuses?: readonly string[];
  /** Only orders created before this ordinal (paging). */
  readonly beforeOrdinal?: number;
  readonly limit: number;
}

export interface FinishedFillQuery {
  readonly accountId?: string;
  readonly instrumentId?: string;
  readonly clientOrderId?: string;
  /** Only fills that occurred strictly after this time. */
  readonly after?: Timestamp;
  readonly limit: number;
}

/**
 * The port. Orders list newest first (ordinal descending); fills newest first (occurredAt descending, then
 * ordinal and index ascending: the order the engine has always listed them in). The `*Sync` variants exist
 * where the database is in-process (SQLite); the engine evicts finished orders only from a store that has
 * them, because its lookups on the submit and report paths are synchronous.
 */
export interface OrderHistoryStore {
  /** Upserts, in one transaction. */
  save(records: readonly FinishedOrderRecord[]): Promise<void>;
  get(clientOrderId: string): Promise<FinishedOrderRecord | undefined>;
  /** The order that used this venue id (venue client order id or venue order id). */
  byVenueId(venueId: string): Promise<FinishedOrderRecord | undefined>;
  query(filter: FinishedOrderQuery): Promise<readonly FinishedOrderRecord[]>;
  fills(filter: FinishedFillQuery): Promise<readonly StoredFill[]>;
  /** Fills in re-booking order (ordinal, then index, ascending) of orders with ordinal < beforeOrdinal. */
  bookings(afterOrdinal: number, beforeOrdinal: number, limit: number): Promise<readonly StoredFill[]>;
  /** The highest ordinal stored, or -1. */
  lastOrdinal(): Promise<number>;
  count(): Promise<number>;
  readonly sync?: OrderHistorySync;
}

/** The same reads without a promise, and lazily (iterating stops reading), for an in-process database. */
export interface OrderHistorySync {
  save(records: readonly FinishedOrderRecord[]): void;
  get(clientOrderId: string): FinishedOrderRecord | undefined;
  byVenueId(venueId: string): FinishedOrderRecord | undefined;
  query(filter: Omit<FinishedOrderQuery, 'limit'>): IterableIterator<FinishedOrderRecord>;
  fills(filter: Omit<FinishedFillQuery, 'limit'>): IterableIterator<StoredFill>;
  bookings(beforeOrdinal: number): IterableIterator<StoredFill>;
}

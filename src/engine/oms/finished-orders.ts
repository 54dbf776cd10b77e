import {
  decodeExact,
  encodeExact,
  Order,
  type FinishedOrderRecord,
  type Instrument,
  type InstrumentId,
  type OrderEvent,
  type OrderFilled,
  type OrderHistorySync,
  type VenueName,
} from '../../core';
import type { Logger } from '../../shared/logger';
import { toReport as toFillReport } from './fill-views';
import type { EvictedOrderLoader, OrderCache, OrderEntry } from './order-cache';
import { positionFillFrom } from './position-fill';

/** Finished orders kept in memory besides the open ones: late reports and re-queries find them at once. */
export const DEFAULT_RETAINED_FINISHED = 1_000;
/** Past this many unwritten finished orders the write happens at once (a replay never yields to a timer). */
const WRITE_AT_ONCE_AFTER = 512;

/**
 * Memory follows live state (issue 9, ask 5). An order that reaches a terminal status is written to the
 * store's order history in a batch after the current turn (never on the submit path), and stays in the cache
 * among the newest `retain` finished orders; older ones are evicted once written. The cache loads an evicted
 * order back on demand (see EvictedOrderLoader), so nothing that finds orders by id changes behaviour.
 *
 * Only a store that answers synchronously (`sync`) lets orders be evicted; with any other (or none) the
 * finished orders stay in memory as before.
 */
export class FinishedOrders implements EvictedOrderLoader {
  /** Finished orders still in the cache, oldest first (a Set keeps insertion order). */
  private readonly retained = new Set<OrderEntry>();
  private readonly unwritten = new Set<OrderEntry>();
  private writeScheduled = false;
  private stopped = false;
  /** Set while an evicted order is put back: it is in the store already, nothing to write. */
  private restoring = false;

  constructor(
    private readonly cache: OrderCache,
    private readonly history: OrderHistorySync | undefined,
    private readonly instruments: ReadonlyMap<InstrumentId, Instrument>,
    private readonly logger: Logger,
    private readonly retain = DEFAULT_RETAINED_FINISHED,
  ) {
    if (history === undefined) return;
    cache.onTerminal = (entry) => this.finished(entry);
    cache.loader = this;
  }

  get evicting(): boolean {
    return this.history !== undefined;
  }

  /** Finished orders held in memory now (for tests and metrics). */
  get retainedCount(): number {
    return this.retained.size;
  }

  /** Writes what is pending now (the snapshot calls it, so every evicted order is in the store first). */
  writeNow(): void {
    const history = this.history;
    if (history === undefined || this.unwritten.size === 0) return;
    const entries = [...this.unwritten];
    history.save(entries.map(recordOf));
    this.unwritten.clear();
    this.evictOverflow();
  }

  stop(): void {
    this.writeNow();
    this.stopped = true;
  }

  // --- EvictedOrderLoader ---------------------------------------------------------------------------

  byClientOrderId(clientOrderId: string): OrderEntry | undefined {
    const record = this.history?.get(clientOrderId);
    return record === undefined ? undefined : this.restore(record);
  }

  byVenueId(venueId: string): OrderEntry | undefined {
    const record = this.history?.byVenueId(venueId);
    if (record === undefined) return undefined;
    // Another order in memory may hold the id now; it wins, as in the cache.
    return this.cache.held(record.clientOrderId) ?? this.restore(record);
  }

  private restore(record: FinishedOrderRecord): OrderEntry {
    const entry = entryOf(record, this.instruments);
    this.restoring = true;
    try {
      this.cache.add(entry);
    } finally {
      this.restoring = false;
    }
    // Back among the retained (not unwritten: the store has it). It is evicted again in its turn.
    this.retained.delete(entry);
    this.retained.add(entry);
    this.evictOverflow();
    return entry;
  }

  private finished(entry: OrderEntry): void {
    if (this.restoring) return;
    this.retained.delete(entry);
    this.retained.add(entry);
    this.unwritten.add(entry);
    if (this.unwritten.size >= WRITE_AT_ONCE_AFTER) {
      this.tryWrite();
      return;
    }
    if (this.writeScheduled || this.stopped) return;
    this.writeScheduled = true;
    // After the current turn: the submit or report that finished the order is answered first.
    setImmediate(() => {
      this.writeScheduled = false;
      this.tryWrite();
    });
  }

  /** A failed write never fails the order change that caused it: the orders stay in memory, unevicted. */
  private tryWrite(): void {
    try {
      this.writeNow();
    } catch (error) {
      // Kept and retried with the next write: nothing is evicted that is not stored.
      this.logger.error({ err: error }, 'finished orders could not be written to the order history');
    }
  }

  private evictOverflow(): void {
    for (const entry of this.retained) {
      if (this.retained.size <= this.retain) return;
      if (this.unwritten.has(entry) || !entry.order.isTerminal()) continue;
      this.retained.delete(entry);
      this.cache.evict(entry);
    }
  }
}

/** What the store keeps of a finished order. */
export function recordOf(entry: OrderEntry): FinishedOrderRecord {
  const order = entry.order;
  const request = order.request;
  const venueIds = new Set<string>(order.venueOrderIds);
  if (order.venueClientOrderId !== undefined) venueIds.add(order.venueClientOrderId);
  const fills = order.events.filter((event): event is OrderFilled => event.type === 'OrderFilled');
  return {
    clientOrderId: order.clientOrderId,
    accountId: request.accountId,
    instrumentId: request.instrumentId,
    ...(request.tag === undefined ? {} : { tag: request.tag }),
    status: order.status,
    ordinal: entry.ordinal ?? 0,
    venue: entry.venue,
    emulated: entry.hold !== undefined || entry.released,
    venueIds: [...venueIds],
    events: encodeExact(order.events),
    fills: fills.map((fill, index) => ({
      index,
      occurredAt: fill.occurredAt,
      report: encodeExact(toFillReport(entry, fill)),
      booking: encodeExact(positionFillFrom(fill, request)),
    })),
  };
}

/** An evicted order as an entry again: its order rebuilt from its events. */
export function entryOf(
  record: FinishedOrderRecord,
  instruments: ReadonlyMap<InstrumentId, Instrument>,
): OrderEntry {
  const order = Order.fromEvents(decodeExact<OrderEvent[]>(record.events));
  return {
    order,
    instrument: instruments.get(order.request.instrumentId),
    venue: record.venue as VenueName,
    hold: undefined,
    revision: order.events.filter((e) => e.type === 'OrderUpdated' && e.venueClientOrderId !== undefined)
      .length,
    deadLettered: false,
    unjournaled: undefined,
    cancelRequested: undefined,
    inFlight: false,
    released: record.emulated,
    ordinal: record.ordinal,
  };
}

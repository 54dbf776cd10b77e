import type {
  AccountId,
  ClientOrderId,
  Instrument,
  InstrumentId,
  Order,
  OrderInitialized,
  OrderStatusReport,
  VenueClientOrderId,
  VenueName,
  VenueOrderId,
} from '../../core';

/** Why an order sits in the engine rather than at the venue. */
export type HoldReason =
  /** A stop, MIT/LIT or trailing stop the venue cannot take: the emulator triggers it from market data. */
  | 'emulated'
  /** An OTO child (or attached SL/TP): released when its parent fills. */
  | 'awaiting-parent';

/** An engine order and what the engine knows around it. */
export interface OrderEntry {
  readonly order: Order;
  readonly instrument: Instrument | undefined;
  readonly venue: VenueName;
  /** Set while the order is held by the engine; cleared when it is released to the venue. */
  hold: HoldReason | undefined;
  /** Cancel/replace revision: the venue client id of revision n is derived from (clientOrderId, n). */
  revision: number;
  /** A submit or cancel sits in the dead-letter queue: recovery must not settle it as absent. */
  deadLettered: boolean;
  /** OrderInitialized not yet journaled: it goes with OrderSubmitted as one CommandSubmitOrder entry. */
  unjournaled: OrderInitialized | undefined;
  /** A cancel was asked for (by a user, OCO or the kill switch): it is sent again if the venue acknowledges later. */
  cancelRequested: { readonly reason: string; readonly code: string | undefined } | undefined;
  /** A submit is on its way to the venue: reconciliation must not settle it as absent meanwhile. */
  inFlight: boolean;
  /** Emulated orders keep their original type; `released` is the plain order sent when triggered. */
  released: boolean;
  /**
   * Set while a modify replaces the venue order (cancel-replace, cancel then new): the old venue order's end
   * is the replace, not the order's, so its canceled report is held here until the modify's outcome is known.
   */
  replacing?: ReplaceInProgress | undefined;
  /** The order's place in creation order over the engine's whole life (set by OrderCache.add). */
  ordinal?: number;
}

/**
 * Where the cache looks for an order it no longer holds (finished and evicted, see finished-orders.ts). It
 * answers synchronously (an in-process store) and puts the order back in the cache, so every caller that
 * finds orders by id (submit idempotency, late venue reports, dead letters) sees no difference.
 */
export interface EvictedOrderLoader {
  byClientOrderId(clientOrderId: string): OrderEntry | undefined;
  byVenueId(venueId: string): OrderEntry | undefined;
}

export interface ReplaceInProgress {
  readonly venueClientOrderId: VenueClientOrderId;
  readonly venueOrderId: VenueOrderId | undefined;
  /** The old venue order's canceled/expired report, applied only if the modify fails. */
  held: OrderStatusReport | undefined;
}

/**
 * The orders the engine holds, by each of their ids: every open order and the recently finished ones (older
 * finished orders are evicted to the store and loaded back on demand through `loader`). Open orders are
 * indexed so that kill switch and queries skip history.
 */
export class OrderCache {
  private readonly byClientId = new Map<string, OrderEntry>();
  /** Ids linked ahead of use (revisions), so that an evicted order leaves none of its ids behind. */
  private readonly linked = new WeakMap<OrderEntry, string[]>();
  private nextOrdinal = 0;
  /** Set by the engine when its store can serve evicted orders. */
  loader: EvictedOrderLoader | undefined;
  /** Called whenever an order is (still) terminal after a change: the finished-orders keeper takes it. */
  onTerminal: ((entry: OrderEntry) => void) | undefined;
  private readonly byVenueClientId = new Map<string, OrderEntry>();
  private readonly byVenueOrderId = new Map<string, OrderEntry>();
  private readonly open = new Set<OrderEntry>();
  private readonly openByAccount = new Map<string, Set<OrderEntry>>();

  add(entry: OrderEntry): void {
    entry.ordinal ??= this.nextOrdinal++;
    this.byClientId.set(entry.order.clientOrderId, entry);
    this.reindex(entry);
  }

  /** Snapshot restore: the order keeps the ordinal it had when the snapshot was taken. */
  setOrdinal(entry: OrderEntry, ordinal: number): void {
    entry.ordinal = ordinal;
    if (ordinal >= this.nextOrdinal) this.nextOrdinal = ordinal + 1;
  }

  /** The ordinal the next new order gets (saved in snapshots, so ordinals are never reused). */
  get ordinalCursor(): number {
    return this.nextOrdinal;
  }

  continueOrdinalsFrom(next: number): void {
    if (next > this.nextOrdinal) this.nextOrdinal = next;
  }

  get(clientOrderId: ClientOrderId | string): OrderEntry | undefined {
    return this.byClientId.get(clientOrderId) ?? this.loader?.byClientOrderId(clientOrderId);
  }

  /** Only what is in memory (queries read the store themselves; nothing is loaded back). */
  held(clientOrderId: ClientOrderId | string): OrderEntry | undefined {
    return this.byClientId.get(clientOrderId);
  }

  byVenueClientOrderId(id: VenueClientOrderId | string): OrderEntry | undefined {
    return this.byVenueClientId.get(id) ?? this.loader?.byVenueId(id);
  }

  byVenueOrder(id: VenueOrderId | string): OrderEntry | undefined {
    return this.byVenueOrderId.get(id) ?? this.loader?.byVenueId(id);
  }

  /** Drops a finished order from memory (it is in the store). Ids now used by another order stay. */
  evict(entry: OrderEntry): void {
    const order = entry.order;
    if (this.byClientId.get(order.clientOrderId) === entry) this.byClientId.delete(order.clientOrderId);
    for (const [id, held] of this.venueIdsOf(entry)) if (held.get(id) === entry) held.delete(id);
    this.open.delete(entry);
    this.openByAccount.get(order.request.accountId)?.delete(entry);
  }

  private *venueIdsOf(entry: OrderEntry): IterableIterator<[string, Map<string, OrderEntry>]> {
    const order = entry.order;
    if (order.venueClientOrderId !== undefined) yield [order.venueClientOrderId, this.byVenueClientId];
    for (const event of order.events)
      if ('venueClientOrderId' in event && typeof event.venueClientOrderId === 'string')
        yield [event.venueClientOrderId, this.byVenueClientId];
    for (const id of order.venueOrderIds) yield [id, this.byVenueOrderId];
    for (const id of this.linked.get(entry) ?? []) yield [id, this.byVenueClientId];
  }

  /** Registers a venue client id the order will use (before it is sent, so that a fast report finds it). */
  linkVenueClientOrderId(entry: OrderEntry, id: VenueClientOrderId): void {
    this.byVenueClientId.set(id, entry);
    const linked = this.linked.get(entry);
    if (linked === undefined) this.linked.set(entry, [id]);
    else linked.push(id);
  }

  /** Call after every change of status or ids. */
  reindex(entry: OrderEntry): void {
    const order = entry.order;
    if (order.venueClientOrderId !== undefined) this.byVenueClientId.set(order.venueClientOrderId, entry);
    for (const id of order.venueOrderIds) this.byVenueOrderId.set(id, entry);
    const accountId = order.request.accountId;
    if (order.isTerminal()) {
      this.open.delete(entry);
      this.openByAccount.get(accountId)?.delete(entry);
      this.onTerminal?.(entry);
    } else {
      this.open.add(entry);
      let set = this.openByAccount.get(accountId);
      if (set === undefined) {
        set = new Set();
        this.openByAccount.set(accountId, set);
      }
      set.add(entry);
    }
  }

  /** The open orders of one account, without copying (risk reads it on every submit). */
  *openOrdersOf(accountId: AccountId): IterableIterator<Order> {
    const set = this.openByAccount.get(accountId);
    if (set === undefined) return;
    for (const entry of set) yield entry.order;
  }

  /** Orders not terminal: at the venue, in doubt, or held by the engine. */
  openEntries(): IterableIterator<OrderEntry> {
    return this.open.values();
  }

  openCount(): number {
    return this.open.size;
  }

  all(): IterableIterator<OrderEntry> {
    return this.byClientId.values();
  }

  size(): number {
    return this.byClientId.size;
  }

  openFor(filter: { accountId?: AccountId; instrumentId?: InstrumentId }): OrderEntry[] {
    const out: OrderEntry[] = [];
    const source =
      filter.accountId === undefined
        ? this.open
        : (this.openByAccount.get(filter.accountId) ?? new Set<OrderEntry>());
    for (const entry of source) {
      if (filter.accountId !== undefined && entry.order.request.accountId !== filter.accountId) continue;
      if (filter.instrumentId !== undefined && entry.order.request.instrumentId !== filter.instrumentId)
        continue;
      out.push(entry);
    }
    return out;
  }
}

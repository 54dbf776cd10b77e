import type {
  JournalEntry,
  JournalStore,
  OrderEvent,
  OrderHistorySync,
  PositionFill,
  TradingStateChanged,
} from '../../core';
import { decodeExact } from '../../core';
import type { EngineContext } from '../context';
import { SUBMIT_COMMAND } from '../oms/order-book';
import type { OrderEntry } from '../oms/order-cache';
import {
  captureState,
  type AccountEnabledChanged,
  type CapturedState,
  type EngineSnapshotState,
} from './snapshot-state';

export type { AccountEnabledChanged, EngineSnapshotState } from './snapshot-state';

/** Journal entry type of an operator switching an account's intake off or on (survives restarts). */
export const ACCOUNT_ENABLED_CHANGED = 'AccountEnabledChanged';

const READ_BATCH = 5_000;

/**
 * Rebuilds the engine from its journal: the latest snapshot (if any), then every entry after it. Order
 * events go through the same transition table as live ones; fills re-book the portfolio; the last trading
 * state per scope (a HALT above all) is restored. Nothing is published or journaled while replaying.
 */
export class Recovery {
  private readonly tradingStates = new Map<string, TradingStateChanged>();
  /** The last switch per account that turned it off; an account switched back on is removed. */
  private readonly disabled = new Map<string, AccountEnabledChanged>();

  constructor(
    private readonly context: EngineContext,
    private readonly store: JournalStore,
    /** The order history, when finished orders are evicted to it (their fills are re-booked from it). */
    private readonly history?: OrderHistorySync,
    private readonly evicting = false,
  ) {}

  /**
   * `entries`: journal entries read after the snapshot (the tail); `rebooked`: fills booked from the order
   * history (0 when the snapshot's portfolio was restored).
   */
  async replay(): Promise<{ lastSequence: number; entries: number; rebooked: number }> {
    const { book } = this.context;
    book.replaying = true;
    let after = 0;
    let entries = 0;
    let rebooked = 0;
    try {
      const snapshot = await this.store.latestSnapshot();
      if (snapshot !== undefined) {
        const state = decodeExact<EngineSnapshotState>(snapshot.state);
        rebooked = this.restoreOrders(state);
        for (const change of state.tradingStates) this.applyTradingState(change);
        for (const change of state.accountSwitches ?? []) this.noteAccountEnabled(change);
        after = snapshot.sequence;
      }
      for (;;) {
        const batch = await this.store.read(after, READ_BATCH);
        if (batch.length === 0) break;
        for (const entry of batch) this.applyEntry(entry);
        entries += batch.length;
        after = (batch[batch.length - 1] as JournalEntry).sequence;
      }
    } finally {
      book.replaying = false;
    }
    return { lastSequence: after, entries, rebooked };
  }

  /**
   * The state to save as a snapshot at `sequence` (the journal must be flushed up to it), taken in this tick:
   * the orders in memory (open and recently finished; older finished ones are in the order history).
   */
  captureState(): CapturedState {
    const { cache } = this.context;
    return captureState(
      cache.all(),
      this.tradingStates.values(),
      this.disabled.values(),
      cache.ordinalCursor,
      this.evicting,
      this.context.portfolio.captureState?.(),
    );
  }

  /**
   * Orders from the snapshot, in creation order. With the snapshot's portfolio restored, their fills are not
   * booked again (it holds them, booked in the order they happened live). Without it (an older snapshot, or
   * one taken under another account set-up) every fill is booked again: the snapshot orders' fills and, for a
   * live-only snapshot, the fills of the finished orders evicted before it (from the order history), all in
   * venue-time order across orders (ties in creation order), as live booked them; booked order by order
   * instead, fills of several orders that interleaved would give another realized P&L than live.
   */
  private restoreOrders(state: EngineSnapshotState): number {
    const { cache, portfolio, book } = this.context;
    const restored = state.portfolio !== undefined && portfolio.restoreState?.(state.portfolio) === true;
    const fills: PositionFill[] = [];
    let fromHistory = 0;
    book.fillSink = restored ? () => undefined : (fill) => fills.push(fill);
    try {
      if (restored)
        state.orders.forEach((events, index) => this.restoreOrder(events, state.ordinals?.[index]));
      else fromHistory = this.restoreOrdersCollecting(state, fills);
    } finally {
      book.fillSink = undefined;
    }
    // Stable: fills at one venue time keep creation order, and one order's fills their own order.
    fills.sort((a, b) => a.occurredAt - b.occurredAt);
    for (const fill of fills) portfolio.applyFill(fill);
    if (state.nextOrdinal !== undefined) cache.continueOrdinalsFrom(state.nextOrdinal);
    return fromHistory;
  }

  /**
   * The legacy restore: snapshot orders and evicted orders' fills, collected in creation order. Returns how
   * many came from the order history.
   */
  private restoreOrdersCollecting(state: EngineSnapshotState, fills: PositionFill[]): number {
    let fromHistory = 0;
    const ordinals = state.ordinals;
    const bookings =
      state.liveOnly === true && this.history !== undefined
        ? this.history.bookings(state.nextOrdinal ?? 0)
        : undefined;
    const inSnapshot = new Set<string>();
    for (const events of state.orders) if (events[0] !== undefined) inSnapshot.add(events[0].clientOrderId);
    let pending = bookings?.next();
    const rebookBefore = (ordinal: number): void => {
      while (bookings !== undefined && pending !== undefined && pending.done !== true) {
        if (pending.value.ordinal >= ordinal) return;
        if (!inSnapshot.has(pending.value.clientOrderId)) {
          fills.push(decodeExact<PositionFill>(pending.value.booking));
          fromHistory++;
        }
        pending = bookings.next();
      }
    };
    try {
      state.orders.forEach((events, index) => {
        const ordinal = ordinals?.[index];
        if (ordinal !== undefined) rebookBefore(ordinal);
        this.restoreOrder(events, ordinal);
      });
      rebookBefore(Number.POSITIVE_INFINITY);
    } finally {
      bookings?.return?.();
    }
    return fromHistory;
  }

  /** Trading-state changes are remembered so that snapshots carry the last one per scope. */
  noteTradingState(change: TradingStateChanged): void {
    this.tradingStates.set(change.accountId ?? 'global', change);
  }

  /** Records an account switch (live or replayed); the engine reads it on every submit. */
  noteAccountEnabled(change: AccountEnabledChanged): void {
    if (change.enabled) this.disabled.delete(change.accountId);
    else this.disabled.set(change.accountId, change);
  }

  isAccountEnabled(accountId: string): boolean {
    return !this.disabled.has(accountId);
  }

  private applyEntry(entry: JournalEntry): void {
    if (entry.type === ACCOUNT_ENABLED_CHANGED) {
      this.noteAccountEnabled(decodeExact<AccountEnabledChanged>(entry.payload));
      return;
    }
    if (entry.type === 'TradingStateChanged') {
      this.applyTradingState(decodeExact<TradingStateChanged>(entry.payload));
      return;
    }
    if (entry.type === SUBMIT_COMMAND) {
      const command = decodeExact<{
        initialized: Extract<OrderEvent, { type: 'OrderInitialized' }>;
        submitted: OrderEvent;
      }>(entry.payload);
      this.context.book.apply(this.create(command.initialized), command.submitted);
      return;
    }
    if (!entry.type.startsWith('Order')) return;
    const event = decodeExact<OrderEvent>(entry.payload);
    if (event.type === 'OrderInitialized') {
      this.create(event);
      return;
    }
    const target = this.context.cache.get(event.clientOrderId);
    if (target === undefined) {
      this.context.logger.error(
        { sequence: entry.sequence, clientOrderId: event.clientOrderId },
        'journal event for an order never initialized',
      );
      return;
    }
    this.context.book.apply(target, event);
  }

  private restoreOrder(events: readonly OrderEvent[], ordinal: number | undefined): void {
    const first = events[0];
    if (first?.type !== 'OrderInitialized') return;
    const entry = this.create(first);
    // Before its events: a finished order is written to the history with the ordinal it had.
    if (ordinal !== undefined) this.context.cache.setOrdinal(entry, ordinal);
    for (let i = 1; i < events.length; i++) this.context.book.apply(entry, events[i] as OrderEvent);
  }

  private create(event: Extract<OrderEvent, { type: 'OrderInitialized' }>): OrderEntry {
    const { context } = this;
    const request = event.request;
    const instrument = context.instruments.get(request.instrumentId);
    const venue = instrument?.venue ?? context.accountVenues.get(request.accountId) ?? 'PAPER';
    return context.book.create(request, instrument, venue, undefined, event).entry;
  }

  private applyTradingState(change: TradingStateChanged): void {
    this.noteTradingState(change);
    this.context.risk.setTradingState(
      change.accountId ?? 'global',
      change.current,
      change.reason,
      change.actor,
    );
  }
}

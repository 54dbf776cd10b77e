import type { JournalEntry, JournalStore, OrderEvent, TradingStateChanged } from '../../core';
import { decodeExact, encodeExact } from '../../core';
import type { EngineContext } from '../context';
import { SUBMIT_COMMAND } from '../oms/order-book';
import type { OrderEntry } from '../oms/order-cache';

export interface EngineSnapshotState {
  readonly orders: readonly (readonly OrderEvent[])[];
  readonly tradingStates: readonly TradingStateChanged[];
  /** Accounts switched off by an operator (absent in snapshots written before it was kept). */
  readonly accountSwitches?: readonly AccountEnabledChanged[];
}

/** Journal entry type of an operator switching an account's intake off or on (survives restarts). */
export const ACCOUNT_ENABLED_CHANGED = 'AccountEnabledChanged';

/** The journaled fact: an account's new intake setting, who set it and when. */
export interface AccountEnabledChanged {
  readonly accountId: string;
  readonly enabled: boolean;
  readonly actor: string;
  readonly occurredAt: number;
}

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
  ) {}

  async replay(): Promise<{ lastSequence: number; entries: number }> {
    const { book } = this.context;
    book.replaying = true;
    let after = 0;
    let entries = 0;
    try {
      const snapshot = await this.store.latestSnapshot();
      if (snapshot !== undefined) {
        const state = decodeExact<EngineSnapshotState>(snapshot.state);
        for (const events of state.orders) this.restoreOrder(events);
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
    return { lastSequence: after, entries };
  }

  /** The state to save as a snapshot at `sequence` (the journal must be flushed up to it). */
  snapshotState(): string {
    const orders: OrderEvent[][] = [];
    for (const entry of this.context.cache.all()) orders.push(entry.order.events);
    return encodeExact({
      orders,
      tradingStates: [...this.tradingStates.values()],
      accountSwitches: [...this.disabled.values()],
    } satisfies EngineSnapshotState);
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

  private restoreOrder(events: readonly OrderEvent[]): void {
    const first = events[0];
    if (first?.type !== 'OrderInitialized') return;
    const entry = this.create(first);
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

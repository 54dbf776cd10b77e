import type { Instrument, MessageBus, OrderEvent, OrderFilled, OrderRequest, VenueName } from '../../core';
import { Order, isTmtError } from '../../core';
import type { PositionFill } from '../../core/portfolio/types';
import type { Logger } from '../../shared/logger';
import { positionFillFrom } from './position-fill';
import type { GroupCommitJournal } from '../journal/group-commit-journal';
import type { PortfolioLedger, RiskGate } from '../ports-internal';
import type { OrderEventFactory } from './event-factory';
import type { HoldReason, OrderCache, OrderEntry } from './order-cache';

/** The journal entry of a submit: the order's OrderInitialized and OrderSubmitted, written before dispatch. */
export const SUBMIT_COMMAND = 'CommandSubmitOrder';

/** Reactions to order changes: contingencies, the emulator, reconciliation bookkeeping. */
export interface OrderListener {
  onFilled?(entry: OrderEntry, fill: OrderFilled): void;
  onClosed?(entry: OrderEntry): void;
}

/**
 * The one place order events are applied: transition table, indexes, journal, bus, portfolio and listeners,
 * always in that order so that the journal holds exactly what the in-memory state went through.
 */
export class OrderBook {
  private readonly listeners: OrderListener[] = [];
  /** Replay applies without journaling, publishing or reacting: the facts are already recorded. */
  replaying = false;
  /**
   * Set while a snapshot's orders are restored: their fills go here instead of to the portfolio (which the
   * snapshot restored, or which books them afterwards in time order across orders).
   */
  fillSink: ((fill: PositionFill) => void) | undefined;

  constructor(
    readonly cache: OrderCache,
    readonly events: OrderEventFactory,
    private readonly journal: GroupCommitJournal,
    private readonly bus: MessageBus,
    private readonly portfolio: PortfolioLedger,
    private readonly risk: RiskGate,
    private readonly logger: Logger,
  ) {}

  addListener(listener: OrderListener): void {
    this.listeners.push(listener);
  }

  /** Creates the order from its first event. Returns the entry and the durability promise of the record. */
  create(
    request: OrderRequest,
    instrument: Instrument | undefined,
    venue: VenueName,
    hold: HoldReason | undefined,
    initialized = this.events.initialized(request),
    /** Journal OrderInitialized together with the OrderSubmitted that follows at once (one entry, one hash). */
    withSubmit = false,
  ): { entry: OrderEntry; durable: Promise<void> | undefined } {
    const entry: OrderEntry = {
      order: Order.fromEvents([initialized]),
      instrument,
      venue,
      hold,
      revision: 0,
      deadLettered: false,
      inFlight: false,
      unjournaled: undefined,
      cancelRequested: undefined,
      released: false,
    };
    this.cache.add(entry);
    this.risk.onOrderOpened?.(entry.order);
    if (this.replaying) return { entry, durable: undefined };
    if (withSubmit) {
      entry.unjournaled = initialized;
      this.bus.publish(initialized);
      return { entry, durable: undefined };
    }
    const durable = this.journal.record(initialized.type, request.accountId, initialized);
    durable.catch(() => undefined); // observed here so an unawaited failure cannot end the process; callers still see it
    this.bus.publish(initialized);
    return { entry, durable };
  }

  /** Applies and journals without waiting. Returns false when the event was a duplicate or not allowed. */
  apply(entry: OrderEntry, event: OrderEvent): boolean {
    const outcome = this.applyInMemory(entry, event);
    if (outcome === 'skipped') return false;
    if (!this.replaying) {
      if (entry.unjournaled !== undefined) this.record(entry, event).catch(() => undefined);
      else this.journal.recordQuietly(event.type, event.accountId, event);
    }
    this.after(entry, event, outcome === 'closed');
    return true;
  }

  /** Applies and returns a promise that settles when the event is durable (for commands sent after it). */
  applyDurable(entry: OrderEntry, event: OrderEvent): Promise<void> | undefined {
    const outcome = this.applyInMemory(entry, event);
    if (outcome === 'skipped') return undefined;
    const durable = this.replaying ? undefined : this.record(entry, event);
    durable?.catch(() => undefined);
    this.after(entry, event, outcome === 'closed');
    return durable;
  }

  private record(entry: OrderEntry, event: OrderEvent): Promise<void> {
    const initialized = entry.unjournaled;
    if (initialized === undefined) return this.journal.record(event.type, event.accountId, event);
    entry.unjournaled = undefined;
    return this.journal.record(SUBMIT_COMMAND, event.accountId, { initialized, submitted: event });
  }

  private applyInMemory(entry: OrderEntry, event: OrderEvent): 'skipped' | 'applied' | 'closed' {
    const wasTerminal = entry.order.isTerminal();
    try {
      if (entry.order.apply(event) === 'duplicate') return 'skipped';
    } catch (error) {
      if (!isTmtError(error)) throw error;
      // A venue fact the table does not allow is reported, never forced in: corrupt state is worse than none.
      this.logger.warn(
        {
          code: error.code,
          clientOrderId: entry.order.clientOrderId,
          event: event.type,
          status: entry.order.status,
        },
        error.message,
      );
      return 'skipped';
    }
    this.cache.reindex(entry);
    if (wasTerminal || !entry.order.isTerminal()) return 'applied';
    entry.hold = undefined;
    return 'closed';
  }

  private after(entry: OrderEntry, event: OrderEvent, justClosed: boolean): void {
    // Causal order on the bus: the OrderFilled first, then the PositionChanged the fill causes.
    if (!this.replaying) this.bus.publish(event);
    if (event.type === 'OrderFilled') {
      const fill = positionFillFrom(event, entry.order.request);
      if (this.fillSink === undefined) this.portfolio.applyFill(fill);
      else this.fillSink(fill);
    }
    if (justClosed) this.risk.onOrderClosed?.(entry.order);
    if (this.replaying) return;
    for (const listener of this.listeners) {
      if (event.type === 'OrderFilled') listener.onFilled?.(entry, event);
      if (justClosed) listener.onClosed?.(entry);
    }
  }
}

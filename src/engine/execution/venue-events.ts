import type {
  AccountId,
  CancelTimer,
  MarketDataEvent,
  QuoteTick,
  Timestamp,
  VenueConnectionChanged,
  VenueName,
  VenueReport,
} from '../../core';
import { detach } from '../detach';
import type { EngineContext } from '../context';
import type { OrderEmulator } from '../emulation/emulator';
import type { OrderAdoption } from '../reconciliation/adoption';
import type { Reconciler } from '../reconciliation/reconciler';
import type { ReportApplier } from './report-applier';

export interface ConnectionView {
  venue: VenueName;
  state: string;
  since: Timestamp;
}

/**
 * Everything that arrives from venues unasked: execution reports, connection changes and market data.
 * Reports about known orders are applied; open orders the engine never saw are adopted; a gap or a
 * reconnect triggers reconciliation of the accounts concerned; a long disconnect raises an alert.
 */
export class VenueEvents {
  private readonly connections = new Map<VenueName, ConnectionView>();
  private readonly disconnectTimers = new Map<VenueName, CancelTimer>();
  private readonly everConnected = new Set<VenueName>();
  private readonly marketData = new Map<string, () => void>();
  private readonly lastQuotes = new Map<string, QuoteTick>();
  private unrecognized = 0;

  constructor(
    private readonly context: EngineContext,
    private readonly applier: ReportApplier,
    private readonly adoption: OrderAdoption,
    private readonly reconciler: Reconciler,
    private readonly emulator: () => OrderEmulator,
  ) {}

  onReport(venue: VenueName, report: VenueReport): void {
    const { context } = this;
    switch (report.kind) {
      case 'order': {
        const entry = this.applier.findEntry(report.report);
        const working = !['canceled', 'expired', 'rejected', 'filled'].includes(report.report.status);
        if (entry === undefined) {
          if (working) this.adoption.adopt(report.report, venue);
        } else if (working && entry.order.isTerminal() && !this.applier.isAboutReplacedOrder(entry, report.report)) {
          // Working at the venue, finished in TMT: reconciliation adopts it and keeps the account unresolved.
          detach(this.reconcileAccounts(venue, report.report.accountId), context.logger, 'reconciliation after a report on a finished order');
        } else this.applier.applyOrderReport(entry, report.report);
        return;
      }
      case 'fill': {
        const entry = this.applier.findEntry(report.report);
        if (entry !== undefined) this.applier.applyFill(entry, report.report);
        else
          detach(
            this.reconcileAccounts(venue, report.report.accountId),
            context.logger,
            'reconciliation after an unmatched fill',
          );
        return;
      }
      case 'account':
        context.portfolio.applyAccountReport(report.report);
        return;
      case 'cash':
        context.portfolio.applyCashFlow(report.report);
        return;
      case 'position':
        // Positions are compared by the periodic reconciliation; a single report is not a reason to act.
        return;
      case 'gap':
        context.logger.warn({ venue, reason: report.reason }, 'venue report stream gap: reconciling');
        detach(this.reconcileAccounts(venue, report.accountId), context.logger, 'reconciliation after a gap');
        return;
      case 'unrecognized':
        this.unrecognized++;
        context.alert('unknown-venue-message', 'warning', `${venue}: ${report.description}`, {
          venue,
          details: { raw: report.raw.slice(0, 500) },
        });
        return;
    }
  }

  onConnection(event: VenueConnectionChanged): void {
    const { context } = this;
    context.bus.publish(event);
    this.connections.set(event.venue, { venue: event.venue, state: event.state, since: event.occurredAt });
    if (event.state === 'connected') {
      this.disconnectTimers.get(event.venue)?.();
      this.disconnectTimers.delete(event.venue);
      if (this.everConnected.has(event.venue))
        detach(
          this.reconcileAccounts(event.venue, event.accountId),
          context.logger,
          'reconciliation after a reconnect',
        );
      this.everConnected.add(event.venue);
      return;
    }
    if (
      (event.state === 'disconnected' || event.state === 'reconnecting') &&
      !this.disconnectTimers.has(event.venue)
    ) {
      const after = context.timings.disconnectAlertAfterMs;
      this.disconnectTimers.set(
        event.venue,
        context.clock.setTimeout(after, () => {
          this.disconnectTimers.delete(event.venue);
          if (this.connections.get(event.venue)?.state === 'connected') return;
          context.alert(
            'venue-disconnected',
            'critical',
            `${event.venue} disconnected for more than ${after} ms`,
            { venue: event.venue },
          );
        }),
      );
    }
  }

  markConnected(venue: VenueName): void {
    this.everConnected.add(venue);
    if (!this.connections.has(venue))
      this.connections.set(venue, { venue, state: 'connected', since: this.context.clock.now() });
  }

  /** Subscribes once per instrument: quotes feed the portfolio marks, the emulator and the bus. */
  ensureMarketData(instrumentId: string): void {
    if (this.marketData.has(instrumentId)) return;
    const instrument = this.context.instruments.get(instrumentId as never);
    const gateway = instrument === undefined ? undefined : this.context.gateways.get(instrument.venue);
    if (instrument === undefined || gateway === undefined) return;
    this.marketData.set(instrumentId, () => undefined);
    const unsubscribe = gateway.client.subscribeMarketData([instrument.id], (event) =>
      this.onMarketData(event),
    );
    this.marketData.set(instrumentId, unsubscribe);
  }

  onMarketData(event: MarketDataEvent): void {
    if (event.type === 'QuoteTick') {
      this.lastQuotes.set(event.instrumentId, event);
      this.context.portfolio.onQuote(event);
    }
    this.emulator().onMarketData(event);
    this.context.bus.publish(event);
    // Venues that stream books rather than quotes: the top of a valid snapshot is the quote that marks
    // positions and prices risk. Deltas would need the whole book kept here; venues send snapshots too.
    if (event.type === 'OrderBookUpdate' && event.kind === 'snapshot' && event.valid) {
      const bid = event.bids[0];
      const ask = event.asks[0];
      if (bid === undefined || ask === undefined) return;
      const quote: QuoteTick = {
        type: 'QuoteTick',
        instrumentId: event.instrumentId,
        bid: bid.price,
        ask: ask.price,
        bidSize: bid.quantity,
        askSize: ask.quantity,
        occurredAt: event.occurredAt,
        recordedAt: event.recordedAt,
      };
      this.lastQuotes.set(quote.instrumentId, quote);
      this.context.portfolio.onQuote(quote);
      this.context.bus.publish(quote);
    }
  }

  quotes(): readonly QuoteTick[] {
    return [...this.lastQuotes.values()];
  }

  connectionViews(): readonly ConnectionView[] {
    return [...this.connections.values()];
  }

  unrecognizedCount(): number {
    return this.unrecognized;
  }

  stop(): void {
    for (const cancel of this.disconnectTimers.values()) cancel();
    for (const unsubscribe of this.marketData.values()) unsubscribe();
    this.marketData.clear();
  }

  private async reconcileAccounts(venue: VenueName, accountId: AccountId | undefined): Promise<void> {
    const accounts =
      accountId !== undefined
        ? [accountId]
        : [...this.context.accountVenues].filter(([, v]) => v === venue).map(([a]) => a);
    await Promise.all(accounts.map((a) => this.reconciler.reconcile(a, { orders: true, positions: true })));
  }
}

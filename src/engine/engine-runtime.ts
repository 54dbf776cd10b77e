import type {
  AccountId,
  AlertKind,
  AlertSeverity,
  Instrument,
  InstrumentId,
  MessageBus,
  Quantity,
  VenueName,
} from '../core';
import { detach } from './detach';
import { ClientOrderId, Decimal, Quantity as Q, deriveVenueClientOrderId } from '../core';
import type { Logger } from '../shared/logger';
import type { AlertExtra, EngineContext, EngineTimings } from './context';
import { KillSwitch } from './control/kill-switch';
import { ContingencyManager } from './emulation/contingencies';
import { OrderEmulator } from './emulation/emulator';
import { ExpiryTimers } from './emulation/expiry';
import { ReduceOnlyKeeper } from './emulation/reduce-only';
import { needsEmulation } from './emulation/release';
import type { EngineHooks, ExecutionEngineOptions } from './engine-options';
import { Dispatcher } from './execution/dispatcher';
import { Modifier } from './execution/modifier';
import { ReportApplier } from './execution/report-applier';
import { SubmitPipeline, type SubmitGuards } from './execution/submit-pipeline';
import { VenueEvents } from './execution/venue-events';
import { VenueGateway } from './execution/venue-gateway';
import { GroupCommitJournal } from './journal/group-commit-journal';
import { OrderEventFactory } from './oms/event-factory';
import { OrderBook } from './oms/order-book';
import { OrderCache, type OrderEntry } from './oms/order-cache';
import { FinishedOrders } from './oms/finished-orders';
import { OrderQueries } from './oms/order-queries';
import type { PortfolioLedger, RiskGate } from './ports-internal';
import { OrderAdoption } from './reconciliation/adoption';
import { Reconciler } from './reconciliation/reconciler';
import { CircuitBreaker } from './resiliency/circuit-breaker';
import { DeadLetterActions } from './resiliency/dead-letter-actions';
import { DeadLetterQueue } from './resiliency/dead-letter-queue';
import { Recovery } from './state/recovery';
import { SnapshotWriter } from './state/snapshot-writer';
import { AccountSwitches } from './control/account-switches';
import { TradeOperations } from './control/trade-operations';
import { closeSize } from './control/fifo-close';
import type { SubmitOutcome } from './trading-engine';

/** Builds and runs the engine's parts; ExecutionEngine is the public face over it. */
export class EngineRuntime {
  readonly context: EngineContext;
  readonly dispatcher: Dispatcher;
  readonly pipeline: SubmitPipeline;
  readonly modifier: Modifier;
  readonly reconciler: Reconciler;
  readonly venueEvents: VenueEvents;
  readonly killSwitch: KillSwitch;
  readonly emulator: OrderEmulator;
  readonly contingencies: ContingencyManager;
  /** GTD / DAY kept by the engine where the venue has neither (issue 15, item 4). */
  readonly expiries: ExpiryTimers;
  readonly deadLetters: DeadLetterQueue | undefined;
  readonly deadLetterActions: DeadLetterActions;
  private readonly recovery: Recovery;
  /** Finished orders out of memory into the order history (issue 9, ask 5), and the queries over both. */
  readonly finished: FinishedOrders;
  readonly queries: OrderQueries;
  private readonly snapshots: SnapshotWriter;
  /** What the last start read: journal entries after the snapshot, and fills re-booked from history. */
  startupReplay: { readonly entries: number; readonly rebooked: number; readonly ms: number } | undefined;
  private readonly unsubscribers: (() => void)[] = [];
  readonly accountSwitches: AccountSwitches;
  readonly trades: TradeOperations;
  private closeSequence = 0;

  constructor(
    private readonly options: ExecutionEngineOptions,
    bus: MessageBus,
    logger: Logger,
    timings: EngineTimings,
    guards: SubmitGuards,
  ) {
    const { clock } = options;
    const cache = new OrderCache();
    const instruments = new Map<InstrumentId, Instrument>();
    const hooks: EngineHooks = {
      clock,
      bus,
      instrument: (id) => instruments.get(id),
      openOrders: (accountId) => cache.openOrdersOf(accountId),
    };
    const portfolio: PortfolioLedger =
      typeof options.portfolio === 'function' ? options.portfolio(hooks) : options.portfolio;
    const risk: RiskGate = typeof options.risk === 'function' ? options.risk(hooks, portfolio) : options.risk;
    const events = new OrderEventFactory(clock, 'boot');
    const journal = new GroupCommitJournal(options.journal, clock, logger);
    const book = new OrderBook(cache, events, journal, bus, portfolio, risk, logger);
    const gateways = new Map<VenueName, VenueGateway>();
    const accountVenues = new Map<AccountId, VenueName>();
    const alert = (kind: AlertKind, severity: AlertSeverity, message: string, extra: AlertExtra = {}) => {
      bus.publish({
        type: 'AlertRaised',
        alertId: `alert-${events.nextId()}`,
        kind,
        severity,
        message,
        ...(extra.accountId === undefined ? {} : { accountId: extra.accountId }),
        ...(extra.venue === undefined ? {} : { venue: extra.venue }),
        details: extra.details ?? {},
        occurredAt: clock.now(),
      });
    };
    for (const client of options.venues) {
      const breaker = new CircuitBreaker(clock, options.circuitBreaker, (from, to, reason) =>
        alert(
          'circuit-breaker',
          to === 'open' ? 'critical' : 'info',
          `${client.venue} circuit ${from} -> ${to}: ${reason}`,
          { venue: client.venue },
        ),
      );
      gateways.set(
        client.venue,
        new VenueGateway(client, breaker, clock, { requestTimeoutMs: timings.requestTimeoutMs }),
      );
      for (const accountId of client.accountIds) accountVenues.set(accountId, client.venue);
    }
    this.context = {
      clock,
      logger,
      bus,
      cache,
      book,
      journal,
      risk,
      portfolio,
      gateways,
      accountVenues,
      instruments,
      timings,
      random: options.random ?? Math.random,
      alert,
    };

    const applier = new ReportApplier(this.context);
    this.deadLetters =
      options.deadLetters === undefined
        ? undefined
        : new DeadLetterQueue(options.deadLetters, clock, () => events.nextId());
    this.dispatcher = new Dispatcher(this.context, applier, this.deadLetters);
    this.deadLetterActions = new DeadLetterActions(this.deadLetters, this.context, this.dispatcher);
    const adoption = new OrderAdoption(this.context, applier);
    this.reconciler = new Reconciler(this.context, this.dispatcher, applier, adoption);
    this.venueEvents = new VenueEvents(this.context, applier, adoption, this.reconciler, () => this.emulator);
    this.emulator = new OrderEmulator(
      (entry, triggerPrice) =>
        detach(this.pipeline.release(entry, triggerPrice), logger, `release of ${entry.order.clientOrderId}`),
      (instrumentId) => this.venueEvents.ensureMarketData(instrumentId),
      (entry, trigger) => {
        if (!entry.order.isTerminal()) book.apply(entry, book.events.make(entry.order, 'OrderUpdated', { triggerPrice: trigger }));
      },
    );
    this.contingencies = new ContingencyManager(
      cache,
      {
        cancel: (entry, reason) => {
          this.emulator.disarm(entry);
          detach(this.dispatcher.sendCancel(entry, reason), logger, `cancel of ${entry.order.clientOrderId}`);
        },
        releaseChild: (entry, quantity) => this.pipeline.releaseChild(entry, quantity),
        submitAttached: (parent, requests) => {
          void this.pipeline
            .submitList(requests, `attached:${parent.order.clientOrderId}`)
            .catch((error: unknown) =>
              logger.error(
                { err: error, parent: parent.order.clientOrderId },
                'attached orders could not be submitted',
              ),
            );
        },
      },
      (entry) => gateways.get(entry.venue)?.client.capabilities.attachedOrders === true,
    );
    book.addListener(this.contingencies);
    // Issue 15 item 4: resting reduce-only orders follow the position where the venue has no reduce-only.
    book.addListener(
      new ReduceOnlyKeeper(this.context, {
        modify: (entry, amendment) => this.modifier.modify(entry, amendment),
        cancel: (entry, reason, code) => this.dispatcher.sendCancel(entry, reason, code),
      }),
    );
    book.addListener({ onClosed: (entry) => void this.emulator.disarm(entry) });
    this.expiries = new ExpiryTimers(
      clock,
      cache,
      (entry) => gateways.get(entry.venue)?.client.capabilities,
      (entry, reason) =>
        detach(this.dispatcher.sendCancel(entry, reason), logger, `expiry of ${entry.order.clientOrderId}`),
    );
    book.addListener({ onClosed: (entry) => this.expiries.disarm(entry) });
    this.unsubscribers.push(
      bus.subscribe('OrderAccepted', (event) => {
        const entry = cache.get(event.clientOrderId);
        if (entry !== undefined) this.expiries.arm(entry);
      }),
    );
    this.pipeline = new SubmitPipeline(
      this.context,
      this.dispatcher,
      this.emulator,
      this.contingencies,
      guards,
    );
    this.modifier = new Modifier(this.context, this.dispatcher);
    this.killSwitch = new KillSwitch(this.context, this.emulator, this.dispatcher, (request) =>
      this.pipeline.submit(request, 'kill-switch', { killSwitchFlatten: true, actor: 'kill-switch' }),
    );
    this.trades = new TradeOperations(this.context, applier);
    const history = options.orderHistory?.sync;
    this.finished = new FinishedOrders(cache, history, instruments, logger, options.retainFinishedOrders);
    this.queries = new OrderQueries(cache, history);
    this.recovery = new Recovery(this.context, options.journal, history, this.finished.evicting);
    this.snapshots = new SnapshotWriter(this.context, options.journal, this.recovery, this.finished);
    this.accountSwitches = new AccountSwitches(this.recovery, journal, this.context.clock);
    // Trading-state changes are facts: journaled so that a HALT survives a restart.
    this.unsubscribers.push(
      bus.subscribe('TradingStateChanged', (change) => {
        this.recovery.noteTradingState(change);
        if (!book.replaying) journal.recordQuietly(change.type, change.accountId ?? 'system', change);
      }),
    );
  }

  async start(): Promise<void> {
    const { context, options } = this;
    for (const gateway of context.gateways.values()) {
      const client = gateway.client;
      this.unsubscribers.push(client.onConnection((event) => this.venueEvents.onConnection(event)));
      await client.connect();
      this.venueEvents.markConnected(client.venue);
      for (const instrument of await client.instruments()) context.instruments.set(instrument.id, instrument);
      for (const accountId of client.accountIds) await this.registerAccount(accountId, client.venue);
    }
    const replayStarted = context.clock.now();
    const { lastSequence, entries, rebooked } = await this.recovery.replay();
    this.startupReplay = { entries, rebooked, ms: context.clock.now() - replayStarted };
    context.journal.startAt(lastSequence);
    this.accountSwitches.afterReplay();
    context.book.events.setPrefix(`${lastSequence.toString(36)}.${context.clock.now().toString(36)}`);
    await this.deadLetterActions.markQueuedOrders();
    this.rearm();
    this.expiries.armAll();
    for (const gateway of context.gateways.values()) {
      this.unsubscribers.push(
        gateway.client.onReport((report) => this.venueEvents.onReport(gateway.client.venue, report)),
      );
    }
    // Prices for risk (market orders are valued at the quote) and for marking positions.
    if (options.marketData !== 'on-demand')
      for (const instrumentId of context.instruments.keys()) this.venueEvents.ensureMarketData(instrumentId);
    await this.reconciler.reconcileAll({ orders: true, positions: true, startup: true });
    this.resumeTriggered();
    this.reconciler.startPeriodic();
    this.snapshots.schedule(this.options.snapshotEveryEntries ?? 100_000);
  }

  async stop(): Promise<void> {
    this.snapshots.stop();
    this.reconciler.stop();
    this.expiries.clear();
    this.venueEvents.stop();
    await this.context.journal.flush();
    this.finished.stop();
    for (const unsubscribe of this.unsubscribers.splice(0)) unsubscribe();
    for (const gateway of this.context.gateways.values()) await gateway.client.disconnect();
  }

  /** Writes a snapshot at the current journal position (see SnapshotWriter). */
  snapshot(): Promise<number> {
    return this.snapshots.snapshot();
  }

  async closePosition(
    accountId: AccountId,
    instrumentId: InstrumentId,
    quantity: Quantity | undefined,
    actor: string,
  ): Promise<readonly SubmitOutcome[]> {
    const net = this.context.portfolio.netQuantity(accountId, instrumentId);
    if (net.isZero()) return [];
    const requested = quantity === undefined ? net.abs() : Decimal.ZERO.add(quantity);
    const { size, plan } = closeSize(this.context, accountId, instrumentId, requested, net);
    if (size.isZero()) return [];
    if (plan !== undefined)
      this.context.logger.info(
        { accountId, instrumentId, closes: plan.steps.map((s) => `${s.tradeId}:${s.quantity.toString()}`) },
        'FIFO close planned',
      );
    this.closeSequence++;
    const clientOrderId = ClientOrderId.parse(
      `close-${this.context.clock.now().toString(36)}-${this.closeSequence}`,
    );
    const outcome = await this.pipeline.submit(
      {
        clientOrderId,
        accountId,
        instrumentId,
        side: net.isPositive() ? 'sell' : 'buy',
        type: 'market',
        quantity: Q.of(size),
        timeInForce: 'IOC',
        postOnly: false,
        reduceOnly: true,
        tag: `close:${actor}`,
      },
      actor,
    );
    return [outcome];
  }

  private async registerAccount(accountId: AccountId, venue: VenueName): Promise<void> {
    const { portfolio } = this.context;
    const client = this.context.gateways.get(venue)?.client;
    if (client === undefined) return;
    // The venue's balances are the truth at start; the configured setup only says how the books are kept.
    const report = await client.account(accountId);
    if (!portfolio.hasAccount(accountId)) {
      const configured = this.options.accounts?.find((a) => a.accountId === accountId);
      const margin = client.capabilities.positions;
      portfolio.registerAccount(
        configured ?? {
          accountId,
          venue,
          type: margin ? 'margin' : 'cash',
          baseCurrency: report.baseCurrency,
          positionMode: client.capabilities.hedging ? 'hedging' : 'netting',
          costBasis: margin ? 'fifo-trades' : 'average-cost',
        },
      );
    }
    portfolio.applyAccountReport(report);
  }

  /** After replay: held orders go back to the emulator or wait for their parent; ids of revisions are relinked. */
  private rearm(): void {
    const { cache } = this.context;
    const heldParents = new Set<OrderEntry>();
    for (const entry of cache.openEntries()) {
      const order = entry.order;
      this.contingencies.register(entry);
      entry.released = order.events[1]?.type === 'OrderTriggered';
      entry.revision = order.events.filter(
        (e) => e.type === 'OrderUpdated' && e.venueClientOrderId !== undefined,
      ).length;
      const gateway = this.context.gateways.get(entry.venue);
      if (gateway !== undefined && order.status === 'pending-update') {
        cache.linkVenueClientOrderId(
          entry,
          deriveVenueClientOrderId(
            order.clientOrderId,
            gateway.client.capabilities.clientOrderId,
            entry.revision + 1,
          ),
        );
      }
      if (order.status !== 'initialized') continue;
      const parent = order.request.contingency?.parentClientOrderId;
      if (parent !== undefined) {
        entry.hold = 'awaiting-parent';
        const parentEntry = cache.get(parent);
        if (parentEntry !== undefined && parentEntry.order.isTerminal()) heldParents.add(parentEntry);
      } else if (gateway !== undefined && needsEmulation(order.request, gateway.client.capabilities)) {
        entry.hold = 'emulated';
        this.emulator.arm(entry);
      }
    }
    // A parent that ended while the engine was down (or just before the crash) releases its children now.
    for (const parent of heldParents) this.contingencies.onClosed(parent);
    for (const entry of cache.all()) {
      if (entry.order.status === 'filled' && entry.order.request.attached !== undefined)
        this.contingencies.onFilled(entry, entry.order.events.at(-1) as never);
    }
  }

  /** An emulated order triggered just before a crash, whose send was not journaled: sent now (nothing left before). */
  private resumeTriggered(): void {
    for (const entry of this.context.cache.openEntries()) {
      if (
        entry.order.status === 'triggered' &&
        entry.released &&
        entry.order.venueClientOrderId === undefined
      ) {
        entry.hold = 'emulated';
        detach(
          this.pipeline.release(entry, undefined),
          this.context.logger,
          `release of ${entry.order.clientOrderId}`,
        );
      }
    }
  }
}

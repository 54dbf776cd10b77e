import type {
  AccountId,
  AlertKind,
  AlertSeverity,
  ClientOrderId,
  DeadLetter,
  Decimal,
  FillReport,
  Instrument,
  InstrumentId,
  MessageBus,
  OrderAmendment,
  OrderListId,
  OrderRequest,
  PositionClosed,
  Quantity,
  QuoteTick,
  Timestamp,
  TradeCloseOutcome,
  TradeId,
  TradeOrderChanges,
  TradingState,
  VenueCapabilities,
  VenueName,
  VenueTrade,
} from '../core';
import { TmtError } from '../core';
import { silentLogger } from '../shared/logger';
import { InProcessBus } from './bus/in-process-bus';
import { type EngineContext, DEFAULT_TIMINGS } from './context';
import { EngineRuntime } from './engine-runtime';
import type { EngineHooks, ExecutionEngineOptions } from './engine-options';
import type { SubmitOptions } from './execution/submit-options';
import { cancelOrderList } from './execution/list-cancel';
import { viewOf } from './execution/submit-pipeline';
import { VenueTruthAcceptance } from './reconciliation/venue-truth';
import { attachedAtVenue } from './control/attached-orders';
import type {
  AccountView,
  AttachedOrderView,
  FillFilter,
  KillSwitchOptions,
  KillSwitchResult,
  OrderFilter,
  OrderView,
  PerformanceView,
  PositionView,
  ReconciliationView,
  RiskLimitsView,
  SubmitOutcome,
  TradingEngine,
  VenueTruthAccepted,
} from './trading-engine';

export type { EngineHooks, ExecutionEngineOptions };

/**
 * The engine facade (TradingEngine). Construction wires the parts (src/engine/engine-runtime.ts); this class
 * is the public verbs and views. Every state-changing call carries the actor for the audit trail.
 */
export class ExecutionEngine implements TradingEngine {
  readonly bus: MessageBus;
  private readonly runtime: EngineRuntime;
  private readonly context: EngineContext;
  private accepting = false;
  private started = false;
  private readonly inFlight = new Set<Promise<unknown>>();
  private venueTruth: VenueTruthAcceptance | undefined;

  constructor(options: ExecutionEngineOptions) {
    const logger = options.logger ?? silentLogger();
    this.bus =
      options.bus ??
      new InProcessBus((error, event) =>
        logger.error({ err: error, type: event.type }, 'bus handler failed'),
      );
    this.runtime = new EngineRuntime(
      options,
      this.bus,
      logger,
      { ...DEFAULT_TIMINGS, ...options.timings },
      {
        accepting: () => this.accepting,
        accountEnabled: (accountId) => this.runtime.accountSwitches.enabled(accountId),
        accountReconciled: (accountId) => this.runtime.reconciler.isReconciled(accountId as AccountId),
      },
    );
    this.context = this.runtime.context;
    // An in-process venue's command then commits with the journal records of the same run (one group), and
    // only where its write runs before the journal's COMMIT: the venue is never behind the journal.
    const journal = this.context.journal;
    if (journal.companionsBeforeCommit())
      for (const venue of options.venues) venue.joinCommitGroup?.({ join: (write) => journal.join(write) });
    this.context.journal.onFailure = (error) => {
      this.accepting = false;
      this.context.alert(
        'reconciliation',
        'critical',
        `journal write failed; intake stopped: ${String(error)}`,
      );
    };
  }

  // --- intents ----------------------------------------------------------------------------------

  submit(request: OrderRequest, actor: string, options?: SubmitOptions): Promise<SubmitOutcome> {
    return this.track(this.runtime.pipeline.submit(request, actor, {}, options));
  }

  submitList(requests: readonly OrderRequest[], actor: string): Promise<readonly SubmitOutcome[]> {
    return this.track(this.runtime.pipeline.submitList(requests, actor));
  }

  async cancel(clientOrderId: ClientOrderId, actor: string): Promise<OrderView> {
    const entry = this.entry(clientOrderId);
    if (entry.order.isTerminal())
      throw new TmtError('OMS_ORDER_NOT_OPEN', `order ${clientOrderId} is ${entry.order.status}`);
    await this.track(this.runtime.dispatcher.sendCancel(entry, `canceled by ${actor}`));
    return viewOf(entry);
  }

  async cancelList(listId: OrderListId, actor: string): Promise<readonly OrderView[]> {
    const legs = await this.track(cancelOrderList(this.context.cache, this.runtime.dispatcher, listId, actor));
    return legs.map(viewOf);
  }

  async modify(clientOrderId: ClientOrderId, amendment: OrderAmendment, _actor: string): Promise<OrderView> {
    if (!this.accepting) throw new TmtError('OMS_NOT_ACCEPTING', 'the engine is not taking new intents');
    const entry = this.entry(clientOrderId);
    await this.track(this.runtime.modifier.modify(entry, amendment));
    return viewOf(entry);
  }

  async cancelAll(
    filter: { accountId?: AccountId; instrumentId?: InstrumentId },
    actor: string,
  ): Promise<number> {
    const entries = this.context.cache.openFor(filter);
    await Promise.all(
      entries.map((entry) => this.runtime.dispatcher.sendCancel(entry, `cancel-all by ${actor}`)),
    );
    return entries.length;
  }

  closePosition(
    accountId: AccountId,
    instrumentId: InstrumentId,
    quantity: Quantity | undefined,
    actor: string,
  ): Promise<readonly SubmitOutcome[]> {
    return this.track(this.runtime.closePosition(accountId, instrumentId, quantity, actor));
  }

  // --- trades -----------------------------------------------------------------------------------

  openTrades(accountId: AccountId): Promise<readonly VenueTrade[]> {
    return this.runtime.trades.openTrades(accountId);
  }

  attachedOrders(clientOrderId: ClientOrderId): Promise<readonly AttachedOrderView[]> {
    return attachedAtVenue(this.context, clientOrderId);
  }

  changeTradeOrders(
    accountId: AccountId,
    tradeId: TradeId,
    changes: TradeOrderChanges,
    actor: string,
  ): Promise<VenueTrade> {
    return this.track(this.runtime.trades.changeTradeOrders(accountId, tradeId, changes, actor));
  }

  closeTrade(
    accountId: AccountId,
    tradeId: TradeId,
    units: Decimal | undefined,
    actor: string,
  ): Promise<TradeCloseOutcome> {
    return this.track(this.runtime.trades.closeTrade(accountId, tradeId, units, actor));
  }

  closePositionAtVenue(
    accountId: AccountId,
    instrumentId: InstrumentId,
    actor: string,
  ): Promise<TradeCloseOutcome> {
    return this.track(this.runtime.trades.closePosition(accountId, instrumentId, actor));
  }

  // --- control ----------------------------------------------------------------------------------

  killSwitch(options: KillSwitchOptions, actor: string): Promise<KillSwitchResult> {
    return this.runtime.killSwitch.engage(options, actor);
  }

  setIntake(accepting: boolean, actor: string): void {
    this.accepting = accepting && this.started;
    this.context.logger.info({ accepting, actor }, 'intake changed');
  }

  isAcceptingIntents(): boolean {
    return this.accepting;
  }

  setTradingState(scope: AccountId | 'global', state: TradingState, reason: string, actor: string): void {
    this.context.risk.setTradingState(scope, state, reason, actor);
  }

  /** An account with unresolved reconciliation items shows (and is treated as) at least REDUCING. */
  tradingState(scope: AccountId | 'global'): TradingState {
    const state = this.context.risk.tradingState(scope);
    if (scope === 'global' || state !== 'ACTIVE' || this.runtime.reconciler.isReconciled(scope)) return state;
    return 'REDUCING';
  }

  setAccountEnabled(accountId: AccountId, enabled: boolean, actor: string): void {
    if (!this.context.accountVenues.has(accountId))
      throw new TmtError('OMS_UNKNOWN_ACCOUNT', `unknown account ${accountId}`, { field: 'accountId' });
    this.runtime.accountSwitches.set(accountId, enabled, actor);
    this.context.logger.info({ accountId, enabled, actor }, 'account enabled changed');
  }

  riskLimits(): RiskLimitsView {
    return this.context.risk.limitsView();
  }

  updateRiskLimits(
    scope: AccountId | 'global',
    limits: Readonly<Record<string, string | number | null>>,
    actor: string,
  ): RiskLimitsView {
    return this.context.risk.updateLimits(scope, limits, actor);
  }

  // --- queries ----------------------------------------------------------------------------------

  // Finished orders may live in the order history rather than in memory: OrderQueries reads both (issue 9).
  order(clientOrderId: ClientOrderId): OrderView | undefined {
    return this.runtime.queries.order(clientOrderId);
  }

  orders(filter: OrderFilter = {}): readonly OrderView[] {
    return this.runtime.queries.orders(filter);
  }

  positions(accountId?: AccountId): readonly PositionView[] {
    return this.context.portfolio.positions(accountId);
  }

  closedPositions(accountId?: AccountId): readonly PositionClosed[] {
    return this.context.portfolio.closedPositions(accountId);
  }

  fills(filter: FillFilter = {}): readonly FillReport[] {
    return this.runtime.queries.fills(filter);
  }

  accounts(): readonly AccountView[] {
    return this.context.portfolio.accounts().map((snapshot) => ({
      ...snapshot,
      enabled: this.runtime.accountSwitches.enabled(snapshot.accountId),
      tradingState: this.tradingState(snapshot.accountId),
    }));
  }

  performance(accountId: AccountId, tag?: string): PerformanceView {
    return this.context.portfolio.performance(accountId, tag);
  }

  instruments(): readonly Instrument[] {
    return [...this.context.instruments.values()];
  }

  quotes(): readonly QuoteTick[] {
    return this.runtime.venueEvents.quotes();
  }

  reconciliation(): ReconciliationView {
    return this.runtime.reconciler.view();
  }

  /** Runs order and position reconciliation of every account now (tests, an operator's "check again"). */
  reconcileNow(): Promise<void> {
    return this.runtime.reconciler.reconcileAll({ orders: true, positions: true });
  }

  acceptVenueTruth(
    accountId: AccountId | undefined,
    item: string,
    actor: string,
  ): Promise<VenueTruthAccepted> {
    const { reconciler } = this.runtime;
    this.venueTruth ??= new VenueTruthAcceptance(this.context, reconciler, reconciler.adoption);
    return this.track(this.venueTruth.accept(accountId, item, actor));
  }

  /** Journals a record of a layer above the orders (algo parents, issue 16) in the engine's own commit order. */
  recordJournal(type: string, stream: string, payload: unknown): Promise<void> {
    return this.context.journal.record(type, stream, payload);
  }

  async deadLetters(): Promise<readonly DeadLetter[]> {
    return this.runtime.deadLetters === undefined ? [] : this.runtime.deadLetters.list();
  }

  retryDeadLetter(id: string, actor: string): Promise<void> {
    return this.runtime.deadLetterActions.retry(id, actor);
  }

  discardDeadLetter(id: string, actor: string): Promise<void> {
    return this.runtime.deadLetterActions.discard(id, actor);
  }

  venueCapabilities(accountId: AccountId): VenueCapabilities | undefined {
    const venue = this.context.accountVenues.get(accountId);
    return venue === undefined ? undefined : this.context.gateways.get(venue)?.client.capabilities;
  }

  venueConnections(): readonly {
    venue: VenueName;
    accountId?: AccountId;
    state: string;
    since: Timestamp;
  }[] {
    return this.runtime.venueEvents.connectionViews();
  }

  // --- lifecycle --------------------------------------------------------------------------------

  async start(): Promise<void> {
    if (this.started) return;
    await this.runtime.start();
    this.started = true;
    this.accepting = true;
  }

  async stop(): Promise<void> {
    this.accepting = false;
    // In-flight intents finish (answered, or unknown and journaled as such) before the journal is flushed.
    await Promise.allSettled([...this.inFlight]);
    // A snapshot at a clean stop bounds the next start's replay.
    if (this.started && this.context.journal.entriesAppended() > 0) await this.runtime.snapshot();
    await this.runtime.stop();
    this.started = false;
  }

  /** Writes a snapshot of the engine state at the current journal position (bounds the next replay). */
  snapshot(): Promise<number> {
    return this.runtime.snapshot();
  }

  /** Raises an alert on the bus (for the composition root: e.g. a webhook failure). */
  alert(kind: AlertKind, severity: AlertSeverity, message: string): void {
    this.context.alert(kind, severity, message);
  }

  private entry(clientOrderId: ClientOrderId) {
    const entry = this.context.cache.get(clientOrderId);
    if (entry === undefined)
      throw new TmtError('OMS_UNKNOWN_ORDER', `no order with client id ${clientOrderId}`, {
        field: 'clientOrderId',
      });
    return entry;
  }

  private track<T>(promise: Promise<T>): Promise<T> {
    this.inFlight.add(promise);
    const done = () => this.inFlight.delete(promise);
    promise.then(done, done);
    return promise;
  }
}

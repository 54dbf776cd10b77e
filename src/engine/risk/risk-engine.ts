import type {
  AccountId,
  AccountStateChanged,
  Decimal,
  Instrument,
  InstrumentId,
  MarketDataEvent,
  MessageBus,
  Order,
  OrderAmendment,
  OrderRequest,
  Price,
  Quantity,
  TradingState,
} from '../../core';
import { Decimal as DecimalValue, fifoViolation } from '../../core';
import type { RiskLimitsView } from '../trading-engine';
import { deny } from './denial';
import { LimitChecks } from './limit-checks';
import { LimitStore, type ResolvedLimits } from './limit-store';
import type { RawLimits } from './limits';
import { LossTrips, RiskAlerts } from './loss-trips';
import { MarketDataQuality } from './market-data-quality';
import { OpenOrderIndex, summarizePending, type PendingSummary } from './open-orders';
import { validateOrder } from './order-validation';
import { PendingTotals } from './pending-totals';
import { sizeForRisk } from './sizing';
import { TokenBucket } from './token-bucket';
import { TradingStates } from './trading-states';
import {
  ALLOWED,
  type RiskDecision,
  type RiskDenial,
  type RiskEngineDependencies,
  type SubmitContext,
} from './types';

interface Buckets {
  readonly submit: TokenBucket;
  readonly modify: TokenBucket;
}

function unknownInstrument(instrumentId: string): RiskDecision {
  return deny(
    'RISK_UNKNOWN_INSTRUMENT',
    `instrumentId ${instrumentId} is not a known instrument`,
    { rule: 'known-instrument', found: instrumentId },
    'instrumentId',
  );
}

/**
 * Pre-trade risk: trading states (ACTIVE / REDUCING / HALTED, per account and global), order validation,
 * exposure and funds limits, US FX compliance, trading hours, loss trips and rate throttles. Every check is
 * synchronous and reads only in-memory state; a denial names the rule and carries the exact figures.
 */
export class RiskEngine {
  private readonly states: TradingStates;
  private readonly store: LimitStore;
  private readonly index = new OpenOrderIndex();
  private readonly totals = new PendingTotals();
  /** Set by attach(): the bus reports every fill and amendment, so the running totals can be trusted. */
  private followingOrders = false;
  private readonly buckets = new Map<AccountId, Buckets>();
  private readonly alerts: RiskAlerts;
  private readonly limitChecks: LimitChecks;
  private readonly trips: LossTrips;
  private readonly marketData = new MarketDataQuality();

  constructor(
    private readonly deps: RiskEngineDependencies,
    limits: { global?: RawLimits; accounts?: Readonly<Record<string, RawLimits>> } = {},
  ) {
    this.states = new TradingStates(deps.clock, deps.bus);
    this.store = new LimitStore(limits.global, limits.accounts);
    this.alerts = new RiskAlerts(deps);
    this.limitChecks = new LimitChecks(deps, this.store);
    this.trips = new LossTrips(deps, this.store, this.states, this.alerts);
  }

  // --- trading states -------------------------------------------------------------------------

  tradingState(scope: AccountId | 'global'): TradingState {
    return this.states.get(scope);
  }

  setTradingState(scope: AccountId | 'global', state: TradingState, reason: string, actor: string): void {
    this.states.set(scope, state, reason, actor);
  }

  // --- limits ---------------------------------------------------------------------------------

  limitsView(): RiskLimitsView {
    return this.store.view();
  }

  updateLimits(scope: AccountId | 'global', patch: RawLimits, actor: string): RiskLimitsView {
    this.store.update(scope, patch);
    for (const [accountId, buckets] of this.buckets) {
      const limits = this.store.for(accountId);
      buckets.submit.setRate(limits.get('submitRatePerSecond') ?? 100);
      buckets.modify.setRate(limits.get('modifyRatePerSecond') ?? 100);
    }
    this.alerts.raise('info', `risk limits of ${scope} updated by ${actor}`, {
      scope,
      actor,
      keys: Object.keys(patch).join(','),
    });
    return this.store.view();
  }

  // --- order index hooks (called by the order book) -------------------------------------------

  onOrderOpened(order: Order): void {
    this.index.add(order);
    this.totals.opened(order);
  }

  onOrderClosed(order: Order): void {
    this.index.remove(order);
    this.totals.closed(order);
  }

  // --- checks ---------------------------------------------------------------------------------

  /** Cancels are never blocked nor throttled: they only ever lower risk. */
  checkCancel(): RiskDecision {
    return ALLOWED;
  }

  checkSubmit(request: OrderRequest, context: SubmitContext = {}): RiskDecision {
    const instrument = this.deps.instrument(request.instrumentId);
    if (instrument === undefined) {
      return unknownInstrument(request.instrumentId);
    }
    const limits = this.store.for(request.accountId);
    const pending = this.pending(request);
    const reduces = this.reduces(request, request.quantity, pending);
    const flatten = context.killSwitchFlatten === true && request.reduceOnly && reduces;
    return (
      this.checkState(request.accountId, reduces, flatten) ??
      this.checkInstrumentOpen(instrument) ??
      (reduces ? undefined : this.checkMarketData(request.instrumentId, limits)) ??
      validateOrder(request, instrument, this.deps.clock.now()) ??
      (request.reduceOnly && !reduces ? this.reduceOnlyDenial(request, pending) : undefined) ??
      (flatten
        ? undefined
        : this.limitChecks.check(request, request.quantity, instrument, limits, pending, reduces, false)) ??
      (flatten || context.skipThrottle === true
        ? undefined
        : this.throttle(request.accountId, 'submit', limits)) ??
      ALLOWED
    );
  }

  /** A modify is checked as the order it would become; only a quantity increase meets the exposure limits. */
  checkModify(order: Order, amendment: OrderAmendment): RiskDecision {
    const request = order.request;
    const instrument = this.deps.instrument(request.instrumentId);
    if (instrument === undefined) {
      return unknownInstrument(request.instrumentId);
    }
    const quantity = amendment.quantity ?? order.quantity;
    const replacement: OrderRequest = {
      ...request,
      quantity,
      timeInForce: request.timeInForce === 'GTD' ? 'GTC' : request.timeInForce, // the expiry was checked at submit
      ...(amendment.price === undefined
        ? order.price === undefined
          ? {}
          : { price: order.price }
        : { price: amendment.price }),
      ...(amendment.triggerPrice === undefined
        ? order.triggerPrice === undefined
          ? {}
          : { triggerPrice: order.triggerPrice }
        : { triggerPrice: amendment.triggerPrice }),
      ...(amendment.trailingOffset === undefined ? {} : { trailingOffset: amendment.trailingOffset }),
    };
    if (quantity.lt(order.filledQuantity)) {
      return deny(
        'RISK_INVALID_QUANTITY',
        `quantity ${quantity.toString()} is below the filled ${order.filledQuantity.toString()}`,
        { rule: 'at-least-filled', limit: order.filledQuantity.toString(), found: quantity.toString() },
        'quantity',
      );
    }
    const limits = this.store.for(request.accountId);
    const pending = this.pending(request);
    const leaves = quantity.sub(order.filledQuantity);
    const reduces = this.reduces(replacement, leaves, pending);
    const increase = quantity.sub(order.quantity);
    return (
      this.checkState(request.accountId, reduces, false) ??
      this.checkInstrumentOpen(instrument) ??
      (reduces || !increase.isPositive() ? undefined : this.checkMarketData(request.instrumentId, limits)) ??
      validateOrder(replacement, instrument, this.deps.clock.now()) ??
      (request.reduceOnly && !reduces ? this.reduceOnlyDenial(replacement, pending) : undefined) ??
      this.limitChecks.check(
        replacement,
        increase.max(DecimalValue.ZERO),
        instrument,
        limits,
        pending,
        reduces,
        true,
      ) ??
      this.throttle(request.accountId, 'modify', limits) ??
      ALLOWED
    );
  }

  /**
   * The largest quantity whose loss at the stop stays within the account's riskPerTrade share of equity
   * (undefined when riskPerTrade is not set, the instrument is unknown or no rate converts its quote currency).
   */
  sizeForStop(
    accountId: AccountId,
    instrumentId: InstrumentId,
    entryPrice: Price,
    stopPrice: Price,
  ): Quantity | undefined {
    const riskFraction = this.store.for(accountId).get('riskPerTrade');
    const instrument = this.deps.instrument(instrumentId);
    const figures = this.deps.portfolio.figures(accountId);
    if (!riskFraction || instrument === undefined || figures === undefined) return undefined;
    const quoteToAccountRate = this.deps.portfolio.rates.rate(instrument.quoteCurrency, figures.baseCurrency);
    if (quoteToAccountRate === undefined) return undefined;
    return sizeForRisk({
      equity: figures.equity,
      riskFraction,
      entryPrice,
      stopPrice,
      instrument,
      quoteToAccountRate,
    });
  }

  /** US FX FIFO: only the oldest open trade of an instrument may be closed directly. */
  checkTradeClose(accountId: AccountId, instrumentId: InstrumentId, tradeId: string): RiskDecision {
    if (this.store.for(accountId).usFx === undefined) return ALLOWED;
    const oldest = fifoViolation(this.deps.portfolio.openTrades(accountId, instrumentId), tradeId);
    if (oldest === undefined) return ALLOWED;
    return deny(
      'RISK_FIFO_VIOLATION',
      `FIFO: trade ${tradeId} cannot close before the older trade ${oldest}`,
      { rule: 'fifo-oldest-first', oldestTradeId: oldest, found: tradeId },
    );
  }

  // --- loss trips -----------------------------------------------------------------------------

  /** Subscribes to AccountStateChanged for daily-loss and drawdown trips. Returns the unsubscribe. */
  attach(bus: MessageBus): () => void {
    const unsubscribeAccount = bus.subscribe('AccountStateChanged', (event) => this.onAccountState(event));
    const unsubscribeBooks = bus.subscribe('OrderBookUpdate', (event) => this.marketData.onMarketData(event));
    // Fills and amendments change an open order's leaves: recount it before the next check.
    const unsubscribeFilled = bus.subscribe('OrderFilled', (event) =>
      this.totals.changed(event.clientOrderId),
    );
    const unsubscribeUpdated = bus.subscribe('OrderUpdated', (event) =>
      this.totals.changed(event.clientOrderId),
    );
    this.totals.recountAll(); // fills applied while detached were not seen
    this.followingOrders = true;
    return () => {
      this.followingOrders = false;
      unsubscribeAccount();
      unsubscribeBooks();
      unsubscribeFilled();
      unsubscribeUpdated();
    };
  }

  onAccountState(event: AccountStateChanged): void {
    this.trips.onAccountState(event);
  }

  /** Today's loss so far (positive is a loss) for an account or the whole system. */
  dailyLoss(scope: AccountId | 'global'): Decimal {
    return this.trips.dailyLoss(scope);
  }

  // --- internals ------------------------------------------------------------------------------

  /**
   * Open orders of the account, the order under check left out. Attached to the bus, from running totals
   * (O(1), see PendingTotals); otherwise by a scan, as nothing tells the index about fills.
   */
  private pending(request: OrderRequest): PendingSummary {
    const { accountId, instrumentId, side, clientOrderId } = request;
    if (this.followingOrders) return this.totals.summary(accountId, instrumentId, side, clientOrderId);
    const orders = this.deps.openOrders?.(accountId) ?? this.index.orders(accountId);
    return summarizePending(orders, instrumentId, side, clientOrderId);
  }

  private checkState(accountId: AccountId, reduces: boolean, flatten: boolean): RiskDenial | undefined {
    const entry = this.states.effective(accountId);
    if (entry.state === 'ACTIVE') return undefined;
    if (entry.state === 'HALTED' && !flatten) {
      return deny(
        entry.code ?? 'RISK_TRADING_HALTED',
        `trading is HALTED (${entry.reason}): only cancels are accepted`,
        { rule: 'halted', state: 'HALTED', cause: entry.reason },
      );
    }
    if (entry.state === 'REDUCING' && !reduces) {
      return deny(
        entry.code ?? 'RISK_REDUCING_ONLY',
        `trading is REDUCING (${entry.reason}): only orders that shrink a position are accepted`,
        { rule: 'reducing', state: 'REDUCING', cause: entry.reason },
      );
    }
    return undefined;
  }

  /** New exposure needs a valid book and, when maxQuoteAgeMs is set, a fresh quote (issue 15, item 9). */
  private checkMarketData(instrumentId: InstrumentId, limits: ResolvedLimits): RiskDenial | undefined {
    return this.marketData.check(
      instrumentId,
      this.deps.portfolio.lastQuote(instrumentId),
      this.deps.clock.now(),
      limits.get('maxQuoteAgeMs'),
    );
  }

  /** Market data for the quality check when the engine is not attached to a bus. */
  onMarketData(event: MarketDataEvent): void {
    this.marketData.onMarketData(event);
  }

  private checkInstrumentOpen(instrument: Instrument): RiskDenial | undefined {
    if (instrument.status === 'trading') return undefined;
    return deny('RISK_INSTRUMENT_NOT_TRADING', `${instrument.id} is ${instrument.status}`, {
      rule: 'instrument-trading',
      found: instrument.status,
    });
  }

  /**
   * Whether the order only shrinks a position: opposite to it and, with every other open order on the same
   * side that would also reduce it, no larger than it. In hedging mode only reduce-only orders reduce a leg.
   */
  private reduces(request: OrderRequest, quantity: Decimal, pending: PendingSummary): boolean {
    const { portfolio } = this.deps;
    const hedging = portfolio.accountSetup(request.accountId)?.positionMode === 'hedging';
    if (hedging) {
      if (!request.reduceOnly) return false;
      const leg = portfolio.legQuantity(
        request.accountId,
        request.instrumentId,
        request.side === 'buy' ? 'short' : 'long',
      );
      return !leg.isZero() && quantity.add(pending.reducing).lte(leg.abs());
    }
    const net = portfolio.netQuantity(request.accountId, request.instrumentId);
    if (net.isZero() || (net.isPositive() ? request.side === 'buy' : request.side === 'sell')) return false;
    return quantity.add(pending.reducing).add(pending.growing).lte(net.abs());
  }

  private reduceOnlyDenial(request: OrderRequest, pending: PendingSummary): RiskDenial {
    const net = this.deps.portfolio.netQuantity(request.accountId, request.instrumentId);
    return deny(
      'RISK_REDUCE_ONLY_WOULD_INCREASE',
      `a reduce-only ${request.side} of ${request.quantity.toString()} would grow the position ${net.toString()}`,
      {
        rule: 'reduce-only',
        position: net.toString(),
        found: request.quantity.toString(),
        pendingSameSide: pending.reducing.add(pending.growing).toString(),
      },
      'reduceOnly',
    );
  }

  private throttle(
    accountId: AccountId,
    kind: 'submit' | 'modify',
    limits: ResolvedLimits,
  ): RiskDenial | undefined {
    let buckets = this.buckets.get(accountId);
    if (buckets === undefined) {
      buckets = {
        submit: new TokenBucket(this.deps.clock, limits.get('submitRatePerSecond') ?? 100),
        modify: new TokenBucket(this.deps.clock, limits.get('modifyRatePerSecond') ?? 100),
      };
      this.buckets.set(accountId, buckets);
    }
    const bucket = buckets[kind];
    if (bucket.tryTake()) return undefined;
    return deny('RISK_THROTTLED', `more than ${bucket.rate} ${kind}s per second`, {
      rule: `${kind}-rate`,
      limit: String(bucket.rate),
      unit: 'per-second',
    });
  }
}

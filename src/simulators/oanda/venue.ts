import type { Timestamp } from '../../core/clock';
import type { MarketDataEvent } from '../../core/events';
import { AccountId, InstrumentId } from '../../core/identifiers';
import { Decimal } from '../../core/money/decimal';
import { Price } from '../../core/money/price';
import { Quantity } from '../../core/money/quantity';
import { createMatchingEngine, createSyntheticSource, type MatchingEngine, type MatchingEvent, type SimOrderRequest } from '../matching';
import type { SimulatorClock } from './clock';
import { OANDA_INSTRUMENTS, simulatedInstrument, specOf, type OandaInstrumentSpec } from './instruments';
import { newAccount, recordTransaction, type SimOandaAccount, type SimOandaOrder, type SimOandaTrade } from './state';
import { restoreAccount, type SavedOandaSimulator } from './state-file';
import { applyFillToTrades, orderFillBody, type FillTarget } from './trades';
import { rfc3339, type Json } from './wire-format';

export interface SimAccountOptions {
  readonly id: string;
  readonly balance: string;
  readonly hedgingEnabled: boolean;
  /** US accounts: FIFO, no hedging, 50:1 on majors. */
  readonly us?: boolean;
}

export interface OandaSimVenueOptions {
  readonly clock: SimulatorClock;
  readonly seed: number;
  readonly accounts: readonly SimAccountOptions[];
  /** 'synthetic': the matching engine's seeded walk; 'scripted': prices move only when told (tests). */
  readonly prices: 'synthetic' | 'scripted';
  /** The state a previous run saved (state-file.ts): the venue resumes it instead of opening fresh accounts. */
  readonly restored?: SavedOandaSimulator;
}

/** Decimal places of the published quote→home conversion factors (as OANDA writes them). */
const FACTOR_SCALE = 8;

/** Why the engine ended an order, as OANDA's OrderCancelReason. */
const CANCEL_REASON: Readonly<Record<string, string>> = {
  INSUFFICIENT_MARGIN: 'INSUFFICIENT_MARGIN', INSUFFICIENT_BALANCE: 'INSUFFICIENT_MARGIN',
  FOK_NOT_FILLABLE: 'INSUFFICIENT_LIQUIDITY', NO_LIQUIDITY: 'INSUFFICIENT_LIQUIDITY', IOC_REMAINDER: 'INSUFFICIENT_LIQUIDITY',
  PRICE_BOUND: 'BOUNDS_VIOLATION', INSTRUMENT_NOT_TRADING: 'MARKET_HALTED', REDUCE_ONLY_WOULD_INCREASE: 'POSITION_CLOSEOUT_FAILED',
  MARGIN_CLOSEOUT: 'INSUFFICIENT_MARGIN', requested: 'CLIENT_REQUEST',
};

/**
 * The OANDA venue on the shared matching engine: the engine matches orders and keeps balances, margin,
 * financing and closeout (FIFO lots); this layer keeps what is OANDA's own: transaction ids, orders and
 * trades as v20 objects, dependent orders on trades, and the transaction log that streams and sinceid serve.
 */
export class OandaSimVenue {
  readonly engine: MatchingEngine;
  readonly accounts = new Map<string, SimOandaAccount>();
  private readonly transactionListeners = new Set<(accountId: string, transaction: Json) => void>();
  private readonly priceListeners = new Set<(event: MarketDataEvent) => void>();
  private readonly targets = new Map<string, FillTarget>();
  private batch: string | undefined;
  private timer: NodeJS.Timeout | undefined;
  private readonly mids = new Map<string, Decimal>();

  constructor(readonly options: OandaSimVenueOptions) {
    const clock = options.clock;
    const instruments = OANDA_INSTRUMENTS.map(simulatedInstrument);
    this.engine = createMatchingEngine({
      clock, seed: options.seed, instruments, latency: { kind: 'fixed', ms: 0 },
      accounts: options.accounts.map((a) => ({
        accountId: AccountId.parse(a.id), baseCurrency: 'USD', type: 'margin' as const,
        positionMode: a.hedgingEnabled ? ('hedging' as const) : ('netting' as const),
        balances: [{ currency: 'USD', amount: Decimal.parse(a.balance) }],
        maxLeverage: Decimal.fromInteger(a.us === true ? 50 : 100), closeoutFraction: Decimal.parse('0.5'),
      })),
    }, options.restored?.engine);
    const restored = new Map((options.restored?.accounts ?? []).map((saved) => [saved.id, saved]));
    for (const a of options.accounts) {
      const saved = restored.get(a.id);
      if (saved !== undefined) {
        // Resumed as it was: its transactions, orders, trades and ids go on, and it is not funded again.
        this.accounts.set(a.id, restoreAccount(saved));
        continue;
      }
      this.accounts.set(a.id, newAccount(AccountId.parse(a.id), { alias: a.us === true ? 'US' : 'Primary', currency: 'USD', hedgingEnabled: a.hedgingEnabled, createdTime: clock.now(), marginRate: a.us === true ? '0.02' : '0.01' }));
      const account = this.accounts.get(a.id) as SimOandaAccount;
      recordTransaction(account, rfc3339(clock.now()), undefined, { type: 'CREATE', divisionID: 1, siteID: 101, accountUserID: 1, accountNumber: 1, homeCurrency: 'USD' });
      recordTransaction(account, rfc3339(clock.now()), undefined, { type: 'TRANSFER_FUNDS', amount: Decimal.parse(a.balance).rescale(4, 'down').toString(), fundingReason: 'CLIENT_FUNDING', accountBalance: Decimal.parse(a.balance).rescale(4, 'down').toString() });
    }
    this.engine.onEvent((event) => this.onEngineEvent(event));
    this.engine.onMarketData((event) => {
      if (event.type === 'OrderBookUpdate' || event.type === 'QuoteTick') for (const listener of this.priceListeners) listener(event);
    });
    if (options.prices === 'synthetic') {
      this.engine.attachSource(createSyntheticSource({ seed: options.seed, startAt: clock.now(), instruments }));
    } else if (options.restored === undefined) {
      // Restored books keep their last prices; a fresh venue starts at the instruments' initial mids.
      for (const spec of OANDA_INSTRUMENTS) this.setMid(spec.name, Decimal.parse(spec.initialMid));
    }
    this.timer = setInterval(() => this.advance(), 50);
    this.timer.unref();
  }

  /** Lets the engine catch up with the clock (expiries, financing, the synthetic walk). */
  advance(): void {
    this.engine.advanceTo(this.options.clock.now());
    this.drain();
  }

  close(): void {
    if (this.timer !== undefined) clearInterval(this.timer);
    this.timer = undefined;
  }

  onTransaction(listener: (accountId: string, transaction: Json) => void): () => void {
    this.transactionListeners.add(listener);
    return () => this.transactionListeners.delete(listener);
  }

  onPrice(listener: (event: MarketDataEvent) => void): () => void {
    this.priceListeners.add(listener);
    return () => this.priceListeners.delete(listener);
  }

  now(): Timestamp {
    return this.options.clock.now();
  }

  quote(instrument: string): { bid: Decimal; ask: Decimal } | undefined {
    const book = this.engine.book(InstrumentId.of(instrument, 'OANDA'));
    const bid = book?.bestBid();
    const ask = book?.bestAsk();
    return bid === undefined || ask === undefined ? undefined : { bid, ask };
  }

  /** Units of `home` per unit of `currency`, from mids (direct, inverse or through USD). */
  homeRate(currency: string, home = 'USD'): Decimal {
    if (currency === home) return Decimal.ONE;
    const mid = (name: string): Decimal | undefined => {
      const q = this.quote(name);
      return q === undefined ? undefined : q.bid.add(q.ask).div(Decimal.fromInteger(2), 8, 'half-even');
    };
    const direct = mid(`${currency}_${home}`);
    if (direct !== undefined) return direct;
    const inverse = mid(`${home}_${currency}`);
    if (inverse !== undefined) return Decimal.ONE.div(inverse, 10, 'half-even');
    return Decimal.ONE;
  }

  /**
   * OANDA's quoteHomeConversionFactors for `currency` into `home`, at FACTOR_SCALE: a gain is sold into the home
   * currency (at the bid of CUR_HOME, or 1 / ask of HOME_CUR), a loss is bought back (at the ask, or 1 / bid),
   * so a loss converts at a factor at least as large as a gain. The simulator's own trade P&L uses these.
   */
  homeFactors(currency: string, home = 'USD'): { positive: Decimal; negative: Decimal } {
    if (currency === home) return { positive: Decimal.ONE, negative: Decimal.ONE };
    const scaled = (d: Decimal): Decimal => d.rescale(FACTOR_SCALE, 'half-even');
    const direct = this.quote(`${currency}_${home}`);
    if (direct !== undefined) return { positive: scaled(direct.bid), negative: scaled(direct.ask) };
    const inverse = this.quote(`${home}_${currency}`);
    if (inverse !== undefined) {
      return {
        positive: Decimal.ONE.div(inverse.ask, FACTOR_SCALE, 'half-even'),
        negative: Decimal.ONE.div(inverse.bid, FACTOR_SCALE, 'half-even'),
      };
    }
    const mid = scaled(this.homeRate(currency, home));
    return { positive: mid, negative: mid };
  }

  /** Scripted prices: a book around `mid` with the instrument's spread, and a trade print at the mid. */
  setMid(instrument: string, mid: Decimal): void {
    const spec = specOf(instrument) as OandaInstrumentSpec;
    const tick = Decimal.of(1n, spec.displayPrecision);
    const half = tick.mul(Decimal.fromInteger(7));
    const center = mid.roundToIncrement(tick, 'half-even');
    const level = (price: Decimal) => ({ price: Price.of(price), quantity: Quantity.parse('10000000') });
    const now = this.now();
    const id = InstrumentId.of(instrument, 'OANDA');
    this.mids.set(instrument, center);
    this.withBatch(undefined, () => {
      this.engine.applyMarketData({
        type: 'OrderBookUpdate', instrumentId: id, kind: 'snapshot', valid: true, occurredAt: now, recordedAt: now,
        bids: [0, 1, 2, 3, 4].map((i) => level(center.sub(half).sub(tick.mul(Decimal.fromInteger(i))))),
        asks: [0, 1, 2, 3, 4].map((i) => level(center.add(half).add(tick.mul(Decimal.fromInteger(i))))),
      });
      this.engine.applyMarketData({ type: 'TradeTick', instrumentId: id, price: Price.of(center), quantity: Quantity.parse('100000000'), occurredAt: now, recordedAt: now });
    });
    this.drain();
  }

  /** Runs engine work with the transactions it causes in one batch (OANDA's batchID). */
  withBatch<T>(batchId: string | undefined, work: () => T): T {
    const previous = this.batch;
    this.batch = batchId;
    try {
      return work();
    } finally {
      this.batch = previous;
    }
  }

  record(account: SimOandaAccount, body: Json): Json {
    const transaction = recordTransaction(account, rfc3339(this.now()), this.batch, body);
    for (const listener of this.transactionListeners) listener(account.id, transaction);
    return transaction;
  }

  /** Sends an order to the engine; fills and cancels come back through the event handler as transactions. */
  sendToEngine(account: SimOandaAccount, order: SimOandaOrder, request: Omit<SimOrderRequest, 'accountId' | 'instrumentId' | 'clientOrderId'>, target: FillTarget): void {
    this.targets.set(order.id, target);
    account.engineOrders.set(order.id, order.id);
    order.engineOrderId = order.id;
    this.engine.submit({ ...request, accountId: account.id, instrumentId: InstrumentId.of(order.instrument, 'OANDA'), clientOrderId: `${account.id}:${order.id}` });
    this.drain();
  }

  /** Cancels an order's engine twin, marking the OANDA order first so the engine's cancel event is not booked twice. */
  cancelInEngine(account: SimOandaAccount, order: SimOandaOrder): void {
    if (order.engineOrderId === undefined) return;
    order.engineOrderId = undefined;
    this.engine.cancel({ accountId: account.id, clientOrderId: `${account.id}:${order.id}` });
    this.drain();
  }

  private orderOf(clientOrderId: string): { account: SimOandaAccount; order: SimOandaOrder } | undefined {
    const cut = clientOrderId.lastIndexOf(':');
    const account = this.accounts.get(clientOrderId.slice(0, cut));
    const order = account?.orders.get(clientOrderId.slice(cut + 1));
    return account === undefined || order === undefined ? undefined : { account, order };
  }

  private onEngineEvent(event: MatchingEvent): void {
    switch (event.type) {
      case 'order-filled': {
        const found = this.orderOf(event.order.request.clientOrderId) ?? this.closeoutOrder(event);
        if (found !== undefined) this.onFill(found.account, found.order, event.fill.side === 'buy' ? event.fill.quantity : event.fill.quantity.neg(), event.fill.price);
        break;
      }
      case 'order-canceled':
      case 'order-expired':
      case 'order-rejected': {
        const request = event.type === 'order-rejected' ? event.request : event.order.request;
        const found = this.orderOf(request.clientOrderId);
        if (found === undefined || found.order.state !== 'PENDING' || found.order.engineOrderId === undefined) break;
        const reason = event.type === 'order-expired' ? 'TIME_IN_FORCE_EXPIRED' : CANCEL_REASON[event.type === 'order-rejected' ? event.code : (event.order.reason ?? 'requested')] ?? 'INTERNAL_SERVER_ERROR';
        this.cancelOrder(found.account, found.order, reason, false);
        break;
      }
      case 'financing': {
        const account = this.accounts.get(event.accountId);
        if (account === undefined) break;
        const balance = this.engine.account(account.id).balances.find((b) => b.currency === account.currency)?.total ?? Decimal.ZERO;
        const instrument = InstrumentId.symbol(event.instrumentId);
        this.record(account, {
          type: 'DAILY_FINANCING', financing: event.amount.rescale(4, 'half-even').toString(), accountBalance: balance.rescale(4, 'half-even').toString(),
          accountFinancingMode: 'DAILY', positionFinancings: [{ instrument, financing: event.amount.rescale(4, 'half-even').toString(), openTradeFinancings: [] }],
        });
        break;
      }
      case 'margin-closeout':
      case 'order-accepted':
      case 'order-triggered':
      case 'order-modified':
      case 'account-changed':
        break;
    }
  }

  /** An engine closeout order (no OANDA twin): booked as OANDA's MARGIN_CLOSEOUT market order. */
  private closeoutOrder(event: Extract<MatchingEvent, { type: 'order-filled' }>): { account: SimOandaAccount; order: SimOandaOrder } | undefined {
    const account = this.accounts.get(event.order.request.accountId);
    if (account === undefined) return undefined;
    const instrument = InstrumentId.symbol(event.order.request.instrumentId);
    const units = event.order.request.side === 'buy' ? event.order.quantity : event.order.quantity.neg();
    const wire: Json = { type: 'MARKET', instrument, units: units.toString(), timeInForce: 'FOK', positionFill: 'REDUCE_ONLY', marginCloseout: { reason: 'MARGIN_CHECK_VIOLATION' } };
    const created = this.record(account, { ...wire, type: 'MARKET_ORDER', reason: 'MARGIN_CLOSEOUT' });
    const order: SimOandaOrder = { id: String(created['id']), type: 'MARKET', instrument, createTime: this.now(), state: 'PENDING', units, wire, tradeClosedIds: [] };
    account.orders.set(order.id, order);
    this.targets.set(order.id, { kind: 'reduce-only' });
    return { account, order };
  }

  private onFill(account: SimOandaAccount, order: SimOandaOrder, units: Decimal, price: Decimal): void {
    const spec = specOf(order.instrument) as OandaInstrumentSpec;
    const target = this.targets.get(order.id) ?? { kind: 'reduce-first' };
    const fillId = (account.lastTransactionId + 1n).toString();
    const effects = applyFillToTrades(account, spec, order, units, price, target, fillId, this.now(), (c) => this.homeRate(c));
    const quote = this.quote(order.instrument) ?? { bid: price, ask: price };
    const balance = this.engine.account(account.id).balances.find((b) => b.currency === account.currency)?.total ?? Decimal.ZERO;
    const reason = order.wire['reason'] === 'TRADE_CLOSE' ? 'MARKET_ORDER_TRADE_CLOSE' : order.wire['reason'] === 'POSITION_CLOSEOUT' ? 'MARKET_ORDER_POSITION_CLOSEOUT' : order.wire['marginCloseout'] !== undefined ? 'MARKET_ORDER_MARGIN_CLOSEOUT' : `${order.type}_ORDER`;
    const fill = this.withBatch(this.batch ?? order.id, () =>
      this.record(account, orderFillBody({ order, spec, units, price, bid: quote.bid, ask: quote.ask, effects, reason, accountBalance: balance, marginRate: Decimal.parse(spec.marginRate), homeRate: this.homeRate(spec.name.split('_')[1] ?? 'USD'), time: rfc3339(this.now()) })),
    );
    order.filledUnits = (order.filledUnits ?? Decimal.ZERO).add(units.abs());
    order.fillingTransactionId = String(fill['id']);
    order.filledTime = this.now();
    if (effects.opened !== undefined) order.tradeOpenedId = effects.opened.id;
    order.tradeClosedIds.push(...effects.closed.map((c) => c.trade.id));
    if (order.units === undefined || order.filledUnits.gte(order.units.abs())) {
      order.state = 'FILLED';
      order.engineOrderId = undefined;
    }
    this.afterTradesChanged(account, order, effects);
  }

  /** Opens the on-fill orders of a new trade, and cancels or resizes the dependent orders of closed or reduced ones. */
  private afterTradesChanged(account: SimOandaAccount, order: SimOandaOrder, effects: ReturnType<typeof applyFillToTrades>): void {
    const hook = this.dependentHook;
    const batch = this.batch ?? order.id;
    // Engine commands are not issued from inside an engine event: queued, and run once the engine call returns.
    this.deferred.push(() =>
      this.withBatch(batch, () => {
        for (const closed of effects.closed) hook?.onTradeClosed(account, closed.trade);
        if (effects.reduced !== undefined) hook?.onTradeReduced(account, effects.reduced.trade);
        if (effects.opened !== undefined) hook?.onTradeOpened(account, order, effects.opened);
      }),
    );
  }

  private readonly deferred: (() => void)[] = [];
  private draining = false;

  /** Runs queued follow-up work (dependent orders) until none is left; safe to call at any time. */
  drain(): void {
    if (this.draining) return;
    this.draining = true;
    try {
      for (let work = this.deferred.shift(); work !== undefined; work = this.deferred.shift()) work();
    } finally {
      this.draining = false;
    }
  }

  /** Set by the order service: what happens to dependent orders when trades change. */
  dependentHook: DependentOrderHook | undefined;

  cancelOrder(account: SimOandaAccount, order: SimOandaOrder, reason: string, inEngine: boolean): Json {
    if (inEngine) this.cancelInEngine(account, order);
    order.engineOrderId = undefined;
    order.state = 'CANCELLED';
    const transaction = this.record(account, { type: 'ORDER_CANCEL', orderID: order.id, ...(order.clientId === undefined ? {} : { clientOrderID: order.clientId }), reason });
    order.cancellingTransactionId = String(transaction['id']);
    order.cancelledTime = this.now();
    return transaction;
  }
}

export interface DependentOrderHook {
  onTradeOpened(account: SimOandaAccount, order: SimOandaOrder, trade: SimOandaTrade): void;
  onTradeClosed(account: SimOandaAccount, trade: SimOandaTrade): void;
  onTradeReduced(account: SimOandaAccount, trade: SimOandaTrade): void;
}

import type { InstrumentId } from '../../core/identifiers';
import { AccountId } from '../../core/identifiers';
import { Decimal } from '../../core/money/decimal';
import { Price } from '../../core/money/price';
import { Quantity } from '../../core/money/quantity';
import type { TimeInForce } from '../../core/orders/types';
import { createMatchingEngine, createSyntheticSource, type MatchingEngine, type MatchingEvent, type SimOrderRequest } from '../matching';
import type { FxcmSimAccount } from './accounts';
import type { FxcmSimulatorClock } from './clock';
import { FXCM_SECURITIES, instrumentIdOf, securityOf, simulatedInstrument } from './instruments';
import type { FxcmSimOrder, FxcmSimSavedState } from './state';
import { FXCM_TEXT, type ValidOrder } from './validation';
import { executionReport, type ExecutionFields } from './wire-format';
import type { Pair } from '../fix/wire';

const TIF: Readonly<Record<ValidOrder['timeInForce'], TimeInForce>> = { '0': 'DAY', '1': 'GTC', '3': 'IOC', '4': 'FOK', '6': 'GTD' };

/** Why the engine ended an order, in FXCM's words where it has them (Text 58). */
const END_TEXT: Readonly<Record<string, string>> = {
  INSUFFICIENT_MARGIN: FXCM_TEXT.margin, INSUFFICIENT_BALANCE: FXCM_TEXT.margin, PRICE_BOUND: FXCM_TEXT.tooFar,
  FOK_NOT_FILLABLE: 'Canceled: FOK not fillable', IOC_REMAINDER: 'Canceled: IOC remainder', NO_LIQUIDITY: 'Canceled: no liquidity',
  requested: 'Canceled',
};

export interface FxcmExchangeOptions {
  readonly clock: FxcmSimulatorClock;
  readonly seed: number;
  readonly accounts: readonly FxcmSimAccount[];
  readonly prices: 'synthetic' | 'scripted';
  readonly saved?: FxcmSimSavedState;
}

/**
 * The FXCM venue on the shared matching engine: the engine matches and keeps margin and positions; this layer
 * keeps what is FXCM's own: OrderIDs, ClOrdIDs (every one an order ever answered to), ExecIDs, and the
 * ExecutionReports each engine event becomes (`onReport`: account, MsgType, body).
 */
export class FxcmExchange {
  readonly engine: MatchingEngine;
  readonly orders = new Map<string, FxcmSimOrder>();
  private readonly clOrdIds = new Map<string, Map<string, string>>();
  private nextOrderId: number;
  private nextExecId: number;
  private readonly listeners = new Set<(account: string, msgType: string, body: Pair[]) => void>();
  private timer: NodeJS.Timeout | undefined;
  /** Set while a replace or cancel runs: the ClOrdID the resulting report answers to. */
  changedBy: { orderId: string; clOrdId: string; origClOrdId: string } | undefined;

  constructor(readonly options: FxcmExchangeOptions) {
    const instruments = FXCM_SECURITIES.map(simulatedInstrument);
    const config = {
      clock: options.clock, seed: options.seed, instruments, latency: { kind: 'fixed' as const, ms: 0 },
      accounts: options.accounts.map((a) => ({
        accountId: AccountId.parse(a.id), baseCurrency: 'USD', type: 'margin' as const,
        positionMode: a.positionMaintenance === 'Y' ? ('hedging' as const) : ('netting' as const),
        balances: [{ currency: 'USD', amount: Decimal.parse(a.balance) }],
        maxLeverage: Decimal.fromInteger(a.positionMaintenance === 'N' ? 50 : 100), closeoutFraction: Decimal.parse('0.5'),
      })),
    };
    this.engine = createMatchingEngine(config, options.saved?.engine);
    this.nextOrderId = options.saved?.nextOrderId ?? 225909074;
    this.nextExecId = options.saved?.nextExecId ?? 821172034;
    for (const order of options.saved?.orders ?? []) this.orders.set(order.orderId, { ...order, quantity: Decimal.parse(String(order.quantity)), cumQty: Decimal.parse(String(order.cumQty)), avgPx: Decimal.parse(String(order.avgPx)), ...(order.price === undefined ? {} : { price: Decimal.parse(String(order.price)) }), ...(order.stopPx === undefined ? {} : { stopPx: Decimal.parse(String(order.stopPx)) }) });
    for (const [account, ids] of options.saved?.clOrdIds ?? []) this.clOrdIds.set(account, new Map(ids.map((entry) => entry.split('\u0000') as [string, string])));
    this.engine.onEvent((event) => this.onEngineEvent(event));
    if (options.prices === 'synthetic') this.engine.attachSource(createSyntheticSource({ seed: options.seed, startAt: options.clock.now(), instruments }));
    else if (options.saved === undefined) for (const s of FXCM_SECURITIES) this.setMid(s.symbol, Decimal.parse(s.initialMid));
    this.timer = setInterval(() => this.advance(), 50);
    this.timer.unref();
  }

  private readonly changeListeners = new Set<(order: FxcmSimOrder) => void>();

  /** After every ExecutionReport: order lists tie their legs here. */
  onOrderChanged(listener: (order: FxcmSimOrder) => void): () => void {
    this.changeListeners.add(listener);
    return () => this.changeListeners.delete(listener);
  }

  zero(): Decimal {
    return Decimal.ZERO;
  }

  onReport(listener: (account: string, msgType: string, body: Pair[]) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  advance(): void {
    this.engine.advanceTo(this.options.clock.now());
  }

  close(): void {
    if (this.timer !== undefined) clearInterval(this.timer);
    this.timer = undefined;
  }

  execId(): string {
    const id = String(this.nextExecId);
    this.nextExecId += 1;
    return id;
  }

  quote(symbol: string): { bid: Decimal; ask: Decimal } | undefined {
    const book = this.engine.book(instrumentIdOf(symbol));
    const bid = book?.bestBid();
    const ask = book?.bestAsk();
    return bid === undefined || ask === undefined ? undefined : { bid, ask };
  }

  /** Scripted prices: a book around `mid` (FXCM shows no depth; the engine still needs sizes) and a trade print at the mid. */
  setMid(symbol: string, mid: Decimal): void {
    const spec = securityOf(symbol);
    if (spec === undefined) throw new RangeError(`unknown FXCM symbol ${symbol}`);
    const tick = Decimal.of(1n, spec.precision);
    const center = mid.roundToIncrement(tick, 'half-even');
    const half = tick.mul(Decimal.fromInteger(4));
    const now = this.options.clock.now();
    const id = instrumentIdOf(symbol);
    const level = (price: Decimal) => ({ price: Price.of(price), quantity: Quantity.parse('10000000') });
    this.engine.applyMarketData({
      type: 'OrderBookUpdate', instrumentId: id, kind: 'snapshot', valid: true, occurredAt: now, recordedAt: now,
      bids: [0, 1, 2, 3, 4].map((i) => level(center.sub(half).sub(tick.mul(Decimal.fromInteger(i))))),
      asks: [0, 1, 2, 3, 4].map((i) => level(center.add(half).add(tick.mul(Decimal.fromInteger(i))))),
    });
    this.engine.applyMarketData({ type: 'TradeTick', instrumentId: id, price: Price.of(center), quantity: Quantity.parse('100000000'), occurredAt: now, recordedAt: now });
  }

  orderByClOrdId(account: string, clOrdId: string): FxcmSimOrder | undefined {
    const orderId = this.clOrdIds.get(account)?.get(clOrdId);
    return orderId === undefined ? undefined : this.orders.get(orderId);
  }

  knowsClOrdId(account: string, clOrdId: string): boolean {
    return this.clOrdIds.get(account)?.has(clOrdId) === true;
  }

  remember(account: string, clOrdId: string, orderId: string): void {
    let ids = this.clOrdIds.get(account);
    if (ids === undefined) this.clOrdIds.set(account, (ids = new Map()));
    ids.set(clOrdId, orderId);
  }

  /** FXCM's ORA-20112 rule: a resting buy limit at or below the ask, an IOC/FOK buy limit at or above it (mirrored for sells). */
  limitPassesValidation(order: ValidOrder): boolean {
    if (order.ordType !== '2' || order.price === undefined) return true;
    const quote = this.quote(order.symbol);
    if (quote === undefined) return true;
    const immediate = order.timeInForce === '3' || order.timeInForce === '4';
    if (order.side === '1') return immediate ? order.price.gte(quote.ask) : order.price.lte(quote.ask);
    return immediate ? order.price.lte(quote.bid) : order.price.gte(quote.bid);
  }

  /** Contingent legs held by the venue until their parent fills (OTO, ELS): known by their ids, not on the engine. */
  private readonly held = new Set<string>();

  /** Books a contingent leg the venue holds for its parent: it answers PendingNew (39=A) and waits. */
  hold(valid: ValidOrder): FxcmSimOrder {
    const order = this.record(valid);
    this.held.add(order.orderId);
    this.report(order, { execType: 'A' });
    return order;
  }

  isHeld(orderId: string): boolean {
    return this.held.has(orderId);
  }

  /** Set by the order lists: an OrderCancelRequest for a held leg (which may take its OCO peer with it). */
  heldCancelHandler: ((order: FxcmSimOrder) => void) | undefined;

  requestCancelHeld(order: FxcmSimOrder): void {
    if (this.heldCancelHandler !== undefined) this.heldCancelHandler(order);
    else this.cancelHeld(order);
  }

  /** A held leg that will never go on the engine (its parent ended unfilled, or it was canceled): canceled. */
  cancelHeld(order: FxcmSimOrder): void {
    if (!this.held.delete(order.orderId)) return;
    const changed = this.changedBy?.orderId === order.orderId ? this.changedBy : undefined;
    if (changed !== undefined) {
      order.clOrdId = changed.clOrdId;
      order.origClOrdId = changed.origClOrdId;
    }
    order.status = '4';
    order.text = 'Canceled';
    this.report(order, { execType: '4' });
  }

  /** Books a checked order and sends it to the engine (a held leg under the ids it was held with). */
  place(valid: ValidOrder, heldOrder?: FxcmSimOrder): FxcmSimOrder {
    if (heldOrder !== undefined) this.held.delete(heldOrder.orderId);
    const order = heldOrder ?? this.record(valid);
    this.submitToEngine(order.orderId, valid);
    return order;
  }

  private record(valid: ValidOrder): FxcmSimOrder {
    const orderId = String(this.nextOrderId);
    this.nextOrderId += 1;
    const order: FxcmSimOrder = {
      orderId, clOrdId: valid.clOrdId, account: valid.account, symbol: valid.symbol, side: valid.side, ordType: valid.ordType,
      timeInForce: valid.timeInForce, quantity: valid.quantity, status: 'A', cumQty: Decimal.ZERO, avgPx: Decimal.ZERO, createdAt: this.options.clock.now(),
      ...(valid.price === undefined ? {} : { price: valid.price }), ...(valid.stopPx === undefined ? {} : { stopPx: valid.stopPx }),
      ...(valid.expireTime === undefined ? {} : { expireTime: valid.expireTime }),
    };
    this.orders.set(orderId, order);
    this.remember(valid.account, valid.clOrdId, orderId);
    return order;
  }

  private submitToEngine(orderId: string, valid: ValidOrder): void {
    const market = valid.ordType === '1' || valid.ordType === '4';
    const request: SimOrderRequest = {
      accountId: AccountId.parse(valid.account), instrumentId: instrumentIdOf(valid.symbol), clientOrderId: orderId,
      side: valid.side === '1' ? 'buy' : 'sell', quantity: Quantity.of(valid.quantity),
      type: market ? 'market' : valid.ordType === '2' ? 'limit' : 'stop-market',
      // FXCM fills a market order at once whatever its TIF: GTC/DAY market orders are immediate too.
      timeInForce: market && valid.timeInForce !== '4' ? 'IOC' : TIF[valid.timeInForce],
      ...(valid.ordType === '4' && valid.stopPx !== undefined ? { price: Price.of(valid.stopPx) } : {}),
      ...(valid.ordType === '2' && valid.price !== undefined ? { price: Price.of(valid.price) } : {}),
      ...(valid.ordType === '3' && valid.stopPx !== undefined ? { triggerPrice: Price.of(valid.stopPx) } : {}),
      ...(valid.expireAt === undefined ? {} : { expireAt: valid.expireAt }),
    };
    this.engine.submit(request);
  }

  report(order: FxcmSimOrder, fields: Omit<ExecutionFields, 'execId' | 'transactTime'> & { transactTime?: number }): void {
    const body = executionReport(order, { ...fields, execId: this.execId(), transactTime: fields.transactTime ?? this.options.clock.now() });
    for (const listener of this.listeners) listener(order.account, '8', body);
    for (const listener of this.changeListeners) listener(order);
  }

  private onEngineEvent(event: MatchingEvent): void {
    switch (event.type) {
      case 'order-accepted': {
        const order = this.orders.get(event.order.request.clientOrderId);
        if (order === undefined || order.status !== 'A') return;
        order.status = '0';
        this.report(order, { execType: '0' });
        return;
      }
      case 'order-filled': {
        const order = this.orders.get(event.order.request.clientOrderId);
        if (order === undefined) return;
        order.cumQty = event.order.filledQuantity;
        order.avgPx = event.order.averagePrice?.rescale(securityOf(order.symbol)?.precision ?? 5, 'half-even') ?? event.fill.price;
        order.status = order.cumQty.gte(order.quantity) ? '2' : '1';
        this.report(order, { execType: 'F', lastQty: event.fill.quantity, lastPx: event.fill.price, posId: `${order.account.replace(/^0+/, '')}${order.orderId.slice(-4)}` });
        return;
      }
      case 'order-canceled':
      case 'order-expired':
      case 'order-rejected': {
        const request = event.type === 'order-rejected' ? event.request : event.order.request;
        const order = this.orders.get(request.clientOrderId);
        if (order === undefined || ['2', '4', '8', 'C'].includes(order.status)) return;
        const reason = event.type === 'order-rejected' ? event.code : (event.order.reason ?? 'requested');
        order.status = event.type === 'order-canceled' ? '4' : event.type === 'order-expired' ? 'C' : '8';
        order.text = event.type === 'order-expired' ? 'Expired' : END_TEXT[reason] ?? `Canceled: ${reason}`;
        const changed = this.changedBy?.orderId === order.orderId ? this.changedBy : undefined;
        if (changed !== undefined) {
          order.clOrdId = changed.clOrdId;
          order.origClOrdId = changed.origClOrdId;
        }
        this.report(order, { execType: order.status === '8' ? '8' : order.status, ...(order.status === '8' ? { ordRejReason: '99' } : {}) });
        return;
      }
      case 'order-triggered':
      case 'order-modified':
      case 'financing':
      case 'margin-closeout':
      case 'account-changed':
        return;
    }
  }

  save(): FxcmSimSavedState {
    return {
      version: 1, nextOrderId: this.nextOrderId, nextExecId: this.nextExecId, orders: [...this.orders.values()],
      clOrdIds: [...this.clOrdIds].map(([account, ids]) => [account, [...ids].map(([c, o]) => `${c}\u0000${o}`)] as const),
      engine: this.engine.saveEncoded(),
    };
  }

  instrumentId(symbol: string): InstrumentId {
    return instrumentIdOf(symbol);
  }
}

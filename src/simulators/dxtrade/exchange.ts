import { AccountId } from '../../core/identifiers';
import { Decimal } from '../../core/money/decimal';
import { Price } from '../../core/money/price';
import { Quantity } from '../../core/money/quantity';
import { createMatchingEngine, createSyntheticSource, type MatchingEngine, type MatchingEvent, type SimOrderRequest } from '../matching';
import { ENGINE_TYPE, PRE_ISSUE } from './engine-mapping';
import type { DxtradeSimUser } from './accounts';
import type { DxtradeSimulatorClock } from './clock';
import { DX_ERRORS, DxtradeRequestError, fail } from './errors';
import { DXTRADE_INSTRUMENTS, FX_TRADING_HOURS, instrumentIdOf, instrumentSpec, simulatedInstrument } from './instruments';
import { Portfolio } from './portfolio';
import { FINAL_STATUSES, type DxContingency, type DxOrderStatus, type DxSimOrder, type DxSimSavedState } from './state';
import { inSession } from './trading-hours';
import { checkInstrumentRules, type ValidOrder } from './validation';

export interface DxtradeExchangeOptions {
  readonly clock: DxtradeSimulatorClock;
  readonly seed: number;
  readonly user: DxtradeSimUser;
  readonly prices: 'synthetic' | 'scripted';
  /** enforced (the venue's way): orders are refused outside the instrument's tradingHours. */
  readonly tradingHours?: 'enforced' | 'always-open';
  readonly saved?: DxSimSavedState;
}

/**
 * The DXtrade venue on the shared matching engine: the engine matches and keeps balances, margin and positions;
 * this layer keeps what is DXtrade's own: order ids and codes, account versions (the ETags of conditional
 * requests), executions, position codes and order groups (OCO, IF-THEN). Every change is announced to
 * `onOrder` listeners (the push API and persistence).
 */
export class DxtradeExchange {
  readonly engine: MatchingEngine;
  readonly portfolio: Portfolio;
  private readonly orders = new Map<number, DxSimOrder>();
  private readonly codes = new Map<string, Map<string, number>>();
  private readonly byEngineRef = new Map<string, number>();
  private readonly versions = new Map<string, number>();
  private nextOrderId: number;
  private nextExecution: number;
  private placing: DxSimOrder | undefined;
  private readonly orderListeners = new Set<(order: DxSimOrder) => void>();
  private timer: NodeJS.Timeout | undefined;

  constructor(readonly options: DxtradeExchangeOptions) {
    const instruments = DXTRADE_INSTRUMENTS.map(simulatedInstrument);
    this.engine = createMatchingEngine({
      clock: options.clock, seed: options.seed, instruments, latency: { kind: 'fixed', ms: 0 },
      accounts: options.user.accounts.map((a) => ({
        accountId: AccountId.parse(a.code), baseCurrency: a.currency, type: 'margin' as const,
        // US accounts: one net position per instrument (FIFO, no hedging); others keep long and short apart.
        positionMode: a.us ? ('netting' as const) : ('hedging' as const),
        balances: [{ currency: a.currency, amount: Decimal.parse(a.balance) }],
        maxLeverage: Decimal.fromInteger(a.us ? 50 : 30), closeoutFraction: Decimal.parse('0.5'),
      })),
    }, options.saved?.engine);
    const saved = options.saved;
    this.nextOrderId = saved?.nextOrderId ?? 487_100_001;
    this.nextExecution = saved?.nextExecution ?? 1;
    for (const [account, version] of saved?.accountVersions ?? []) this.versions.set(account, version);
    for (const order of saved?.orders ?? []) this.index(order);
    this.portfolio = new Portfolio(this.engine, options.user, () => options.clock.now(), saved?.positionCodes ?? []);
    this.engine.onEvent((event) => this.onEngineEvent(event));
    if (options.prices === 'synthetic') this.engine.attachSource(createSyntheticSource({ seed: options.seed, startAt: options.clock.now(), instruments }));
    else if (saved === undefined) for (const spec of DXTRADE_INSTRUMENTS) this.setMid(spec.symbol, Decimal.parse(spec.initialMid));
    this.timer = setInterval(() => this.advance(), 50);
    this.timer.unref();
  }

  onOrder(listener: (order: DxSimOrder) => void): () => void {
    this.orderListeners.add(listener);
    return () => this.orderListeners.delete(listener);
  }

  advance(): void {
    this.engine.advanceTo(this.options.clock.now());
  }

  close(): void {
    if (this.timer !== undefined) clearInterval(this.timer);
    this.timer = undefined;
  }

  accountVersion(account: string): number {
    return this.versions.get(account) ?? 1;
  }

  private bump(account: string): number {
    const next = this.accountVersion(account) + 1;
    this.versions.set(account, next);
    return next;
  }

  quote(symbol: string): { bid: Decimal; ask: Decimal } | undefined {
    const book = this.engine.book(instrumentIdOf(symbol));
    const bid = book?.bestBid();
    const ask = book?.bestAsk();
    return bid === undefined || ask === undefined ? undefined : { bid, ask };
  }

  /** Scripted prices: a five-level book around `mid` (one pip wide) and a trade print at the mid. */
  setMid(symbol: string, mid: Decimal): void {
    const spec = instrumentSpec(symbol);
    if (spec === undefined) throw new RangeError(`unknown DXtrade symbol ${symbol}`);
    const tick = Decimal.parse(spec.priceIncrement);
    const center = mid.roundToIncrement(tick, 'half-even');
    const half = tick.mul(Decimal.fromInteger(5));
    const now = this.options.clock.now();
    const id = instrumentIdOf(symbol);
    const level = (price: Decimal) => ({ price: Price.of(price), quantity: Quantity.parse('10000000') });
    const steps = [0, 1, 2, 3, 4].map((i) => tick.mul(Decimal.fromInteger(i)));
    this.engine.applyMarketData({
      type: 'OrderBookUpdate', instrumentId: id, kind: 'snapshot', valid: true, occurredAt: now, recordedAt: now,
      bids: steps.map((s) => level(center.sub(half).sub(s))), asks: steps.map((s) => level(center.add(half).add(s))),
    });
    this.engine.applyMarketData({ type: 'TradeTick', instrumentId: id, price: Price.of(center), quantity: Quantity.parse('100000000'), occurredAt: now, recordedAt: now });
  }

  order(account: string, code: string): DxSimOrder | undefined {
    const id = this.codes.get(account)?.get(code);
    if (id !== undefined) return this.orders.get(id);
    // The spec: an order code is the client's id or the system's code of the chain (its orderId here).
    const byId = this.orders.get(Number(code));
    return byId?.account === account ? byId : undefined;
  }

  ordersOf(account: string): DxSimOrder[] {
    return [...this.orders.values()].filter((o) => o.account === account);
  }

  private index(order: DxSimOrder): void {
    this.orders.set(order.orderId, order);
    let codes = this.codes.get(order.account);
    if (codes === undefined) this.codes.set(order.account, (codes = new Map()));
    codes.set(order.orderCode, order.orderId);
    if (order.engineRef !== undefined) this.byEngineRef.set(order.engineRef, order.orderId);
  }

  private forget(order: DxSimOrder): void {
    this.orders.delete(order.orderId);
    this.codes.get(order.account)?.delete(order.orderCode);
    if (order.engineRef !== undefined) this.byEngineRef.delete(order.engineRef);
  }

  /** Places orders of one request; an order group is checked whole before any of it is issued. */
  place(account: string, valids: readonly ValidOrder[], contingencyType?: DxContingency): DxSimOrder[] {
    for (const valid of valids) if (this.order(account, valid.orderCode) !== undefined) fail(DX_ERRORS.duplicateOrder(valid.orderCode));
    const group = contingencyType === undefined ? undefined : { contingencyType, codes: valids.map((v) => v.orderCode) };
    const created: DxSimOrder[] = [];
    try {
      valids.forEach((valid, i) => {
        const held = contingencyType === 'IF-THEN' && i > 0;
        try {
          created.push(this.placeOne(account, valid, group, held));
        } catch (error) {
          if (group !== undefined && error instanceof DxtradeRequestError) fail({ ...error.dx, description: `orders[${i}]: ${error.dx.description}` });
          throw error;
        }
      });
    } catch (error) {
      // One leg failed its checks: the group is refused whole.
      for (const order of created) {
        if (!FINAL_STATUSES.has(order.status) && order.engineRef !== undefined) this.engine.cancel({ accountId: AccountId.parse(account), clientOrderId: order.engineRef });
        this.forget(order);
      }
      throw error;
    }
    if (group?.contingencyType === 'OCO') for (const order of created) if (order.filledQuantity.isPositive() || FINAL_STATUSES.has(order.status)) this.settleGroup(order);
    return created;
  }

  /** Outside the instrument's tradingHours DXtrade takes no new order nor change (a cancel still goes through). */
  private checkSession(symbol: string): void {
    if (this.options.tradingHours !== 'always-open' && !inSession(FX_TRADING_HOURS, this.options.clock.now())) fail(DX_ERRORS.marketClosed(symbol));
  }

  private placeOne(account: string, valid: ValidOrder, group: DxSimOrder['group'], held: boolean): DxSimOrder {
    const position = this.portfolio.closing(account, valid);
    const quantity = valid.quantity ?? position?.quantity;
    if (quantity === undefined) fail(DX_ERRORS.badRequest('quantity is required'));
    checkInstrumentRules(valid, quantity);
    this.checkSession(valid.instrument);
    const now = this.options.clock.now();
    const orderId = this.nextOrderId++;
    const order: DxSimOrder = {
      orderId, orderCode: valid.orderCode, actionCode: `${orderId}`, account, version: this.bump(account), type: valid.type, instrument: valid.instrument,
      side: valid.side, tif: valid.tif, quantity, positionEffect: valid.positionEffect, status: 'ACCEPTED', filledQuantity: Decimal.ZERO,
      issueTime: now, transactionTime: now, held, executions: [],
      ...(valid.limitPrice === undefined ? {} : { limitPrice: valid.limitPrice }), ...(valid.stopPrice === undefined ? {} : { stopPrice: valid.stopPrice }),
      ...(valid.expireDate === undefined ? {} : { expireDate: valid.expireDate }), ...(position?.positionCode === undefined ? {} : { positionCode: position.positionCode }),
      ...(group === undefined ? {} : { group }),
    };
    this.index(order);
    this.execution(order, 'ACCEPTED');
    if (!held) this.toBook(order, valid);
    return order;
  }

  /** Sends an order to the matching engine; a pre-issue refusal there undoes the order and answers 409. */
  private toBook(order: DxSimOrder, valid: ValidOrder): void {
    const engineRef = `dx${order.orderId}`;
    order.engineRef = engineRef;
    this.byEngineRef.set(engineRef, order.orderId);
    const market = order.type === 'MARKET';
    const request: SimOrderRequest = {
      accountId: AccountId.parse(order.account), instrumentId: instrumentIdOf(order.instrument), clientOrderId: engineRef,
      side: order.side === 'BUY' ? 'buy' : 'sell', type: ENGINE_TYPE[order.type], quantity: Quantity.of(order.quantity),
      // DXtrade fills a market order at once whatever its TIF: a GTC market order is immediate too.
      timeInForce: (market ? (order.tif === 'FOK' ? 'FOK' : 'IOC') : order.tif),
      reduceOnly: order.positionEffect === 'CLOSE',
      ...(order.limitPrice === undefined ? {} : { price: Price.of(order.limitPrice) }),
      ...(order.stopPrice === undefined ? {} : { triggerPrice: Price.of(order.stopPrice) }),
      ...(order.expireDate === undefined ? {} : { expireAt: order.expireDate }),
    };
    this.placing = order;
    let outcome;
    try {
      outcome = this.engine.submit(request).outcome;
    } finally {
      this.placing = undefined;
    }
    if (outcome?.status === 'rejected') {
      const refusal = PRE_ISSUE[outcome.code];
      if (refusal !== undefined && !order.held && order.executions.length <= 1) {
        this.forget(order);
        fail(refusal(valid));
      }
    }
  }

  /** PUT /accounts/{account}/orders: the whole Single Order Request again, with new prices or quantity. */
  modify(account: string, valid: ValidOrder, ifMatch: string | undefined): DxSimOrder {
    const order = this.order(account, valid.orderCode);
    if (order === undefined) fail(DX_ERRORS.notFound());
    this.checkVersion(order, ifMatch);
    if (FINAL_STATUSES.has(order.status)) fail(DX_ERRORS.finalState(order.orderCode));
    for (const [field, before, after] of [['type', order.type, valid.type], ['instrument', order.instrument, valid.instrument], ['side', order.side, valid.side], ['tif', order.tif, valid.tif]] as const) {
      if (before !== after) fail(DX_ERRORS.immutableField(field));
    }
    const quantity = valid.quantity ?? order.quantity;
    checkInstrumentRules(valid, quantity);
    this.checkSession(valid.instrument);
    if (order.held || order.engineRef === undefined) {
      order.quantity = quantity;
      if (valid.limitPrice !== undefined) order.limitPrice = valid.limitPrice;
      if (valid.stopPrice !== undefined) order.stopPrice = valid.stopPrice;
      order.actionCode = `${order.orderId}.${order.executions.length}`;
      this.execution(order, order.status);
      return order;
    }
    const amendment = {
      ...(quantity.eq(order.quantity) ? {} : { quantity: Quantity.of(quantity) }),
      ...(valid.limitPrice === undefined || order.limitPrice?.eq(valid.limitPrice) === true ? {} : { price: Price.of(valid.limitPrice) }),
      ...(valid.stopPrice === undefined || order.stopPrice?.eq(valid.stopPrice) === true ? {} : { triggerPrice: Price.of(valid.stopPrice) }),
    };
    if (Object.keys(amendment).length === 0) return order;
    const outcome = this.engine.modify({ accountId: AccountId.parse(account), clientOrderId: order.engineRef }, amendment).outcome;
    if (outcome?.status === 'rejected') {
      if (outcome.code === 'ORDER_NOT_OPEN' || outcome.code === 'ORDER_NOT_FOUND') fail(DX_ERRORS.finalState(order.orderCode));
      fail(DX_ERRORS.badRequest(outcome.reason));
    }
    return order;
  }

  /** DELETE /accounts/{account}/orders/{order code}: conditional on the order's version. */
  cancel(account: string, code: string, ifMatch: string | undefined): DxSimOrder {
    const order = this.order(account, code);
    if (order === undefined) fail(DX_ERRORS.notFound());
    this.checkVersion(order, ifMatch);
    if (FINAL_STATUSES.has(order.status)) fail(DX_ERRORS.finalState(order.orderCode));
    this.end(order, 'CANCELED');
    return order;
  }

  private checkVersion(order: DxSimOrder, ifMatch: string | undefined): void {
    if (ifMatch === undefined) fail(DX_ERRORS.conditionalMissing());
    const tag = ifMatch.replace(/^W\//, '').replace(/"/g, '');
    if (tag !== '*' && tag !== String(order.version)) fail(DX_ERRORS.preconditionFailed(order.version));
  }

  /** Ends an order (cancel, group rules): at the book through the engine, a held one at once. */
  private end(order: DxSimOrder, status: 'CANCELED' | 'EXPIRED', reason?: string): void {
    if (FINAL_STATUSES.has(order.status)) return;
    if (order.engineRef !== undefined && !order.held) {
      const outcome = this.engine.cancel({ accountId: AccountId.parse(order.account), clientOrderId: order.engineRef }).outcome;
      if (outcome?.status === 'canceled') return; // the engine's order-canceled event recorded it
    }
    order.status = status;
    order.held = false;
    this.execution(order, status, reason === undefined ? {} : { rejectReason: reason });
  }

  private execution(order: DxSimOrder, status: DxOrderStatus, fill: { lastQuantity?: Decimal; lastPrice?: Decimal; rejectReason?: string } = {}): void {
    const now = this.options.clock.now();
    order.version = this.bump(order.account);
    order.transactionTime = now;
    order.executions.push({
      executionCode: `${order.orderId}-${this.nextExecution++}`, updateOrderId: order.orderId, version: order.version, actionCode: order.actionCode,
      status, filledQuantity: order.filledQuantity, lastQuantity: fill.lastQuantity ?? Decimal.ZERO, remainingQuantity: order.quantity.sub(order.filledQuantity),
      transactionTime: now, ...(fill.lastPrice === undefined ? {} : { lastPrice: fill.lastPrice }),
      ...(order.averagePrice === undefined ? {} : { averagePrice: order.averagePrice }), ...(fill.rejectReason === undefined ? {} : { rejectReason: fill.rejectReason }),
    });
    for (const listener of this.orderListeners) listener(order);
  }

  private onEngineEvent(event: MatchingEvent): void {
    if (event.type === 'financing' || event.type === 'margin-closeout' || event.type === 'account-changed') return;
    const ref = event.type === 'order-rejected' ? event.request.clientOrderId : event.order.request.clientOrderId;
    const id = this.byEngineRef.get(ref);
    const order = id === undefined ? undefined : this.orders.get(id);
    if (order === undefined) return;
    switch (event.type) {
      case 'order-accepted':
        order.status = 'WORKING';
        this.execution(order, 'WORKING');
        return;
      case 'order-triggered':
        return;
      case 'order-modified':
        order.quantity = event.order.quantity;
        if (event.order.price !== undefined && order.limitPrice !== undefined) order.limitPrice = event.order.price;
        if (event.order.triggerPrice !== undefined && order.stopPrice !== undefined) order.stopPrice = event.order.triggerPrice;
        order.actionCode = `${order.orderId}.${order.executions.length}`;
        this.execution(order, order.status);
        return;
      case 'order-filled': {
        order.filledQuantity = event.order.filledQuantity;
        const precision = Decimal.parse(instrumentSpec(order.instrument)?.priceIncrement ?? '0.00001').scale;
        order.averagePrice = event.order.averagePrice?.rescale(precision + 2, 'half-even').normalize() ?? event.fill.price;
        order.status = order.filledQuantity.gte(order.quantity) ? 'COMPLETED' : 'WORKING';
        this.portfolio.onFill(order.account, order.instrument, event.fill.side, order.orderId);
        this.execution(order, order.status, { lastQuantity: event.fill.quantity, lastPrice: event.fill.price });
        this.settleGroup(order);
        return;
      }
      case 'order-canceled':
      case 'order-expired':
      case 'order-rejected': {
        if (order === this.placing && event.type === 'order-rejected' && PRE_ISSUE[event.code] !== undefined) return;
        if (FINAL_STATUSES.has(order.status)) return;
        order.status = event.type === 'order-canceled' ? 'CANCELED' : event.type === 'order-expired' ? 'EXPIRED' : 'REJECTED';
        const reason = event.type === 'order-rejected' ? event.reason : event.order.reason;
        this.execution(order, order.status, reason === undefined || reason === 'requested' ? {} : { rejectReason: reason });
        this.settleGroup(order);
        return;
      }
    }
  }

  /**
   * Group rules. OCO: a fill (even partial) or the end of one order cancels the other. IF-THEN: the parent's
   * completion issues its children (two children are then an OCO pair: a stop-loss and a take-profit); its
   * end without a fill cancels them.
   */
  private settleGroup(order: DxSimOrder): void {
    const group = order.group;
    if (group === undefined) return;
    const members = group.codes.map((code) => this.order(order.account, code)).filter((o): o is DxSimOrder => o !== undefined && o !== order);
    const ended = FINAL_STATUSES.has(order.status);
    const isParent = group.contingencyType === 'IF-THEN' && group.codes[0] === order.orderCode;
    if (group.contingencyType === 'OCO' || (!isParent && members.some((m) => !m.held))) {
      if (order.filledQuantity.isPositive() || ended) for (const other of members) if (!(group.contingencyType === 'IF-THEN' && other.orderCode === group.codes[0])) this.end(other, 'CANCELED');
      return;
    }
    if (!isParent) return;
    if (order.status === 'COMPLETED') {
      for (const child of members) {
        if (!child.held) continue;
        child.held = false;
        const valid: ValidOrder = {
          orderCode: child.orderCode, type: child.type, instrument: child.instrument, side: child.side, tif: child.tif, positionEffect: child.positionEffect, quantity: child.quantity,
          ...(child.limitPrice === undefined ? {} : { limitPrice: child.limitPrice }), ...(child.stopPrice === undefined ? {} : { stopPrice: child.stopPrice }),
        };
        try {
          this.toBook(child, valid);
        } catch {
          if (!FINAL_STATUSES.has(child.status)) this.end(child, 'CANCELED', 'protection order refused');
        }
      }
    } else if (ended) for (const child of members) if (child.held) this.end(child, 'CANCELED');
  }

  save(): DxSimSavedState {
    return {
      version: 1, nextOrderId: this.nextOrderId, nextExecution: this.nextExecution, accountVersions: [...this.versions],
      positionCodes: this.portfolio.save(), orders: [...this.orders.values()], engine: this.engine.saveEncoded(),
    };
  }
}

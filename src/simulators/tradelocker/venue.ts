import type { Clock } from '../../core/clock';
import { AccountId, InstrumentId } from '../../core/identifiers';
import { Decimal } from '../../core/money/decimal';
import { Price } from '../../core/money/price';
import { Quantity } from '../../core/money/quantity';
import type { OrderSide } from '../../core/orders/types';
import { createMatchingEngine, createSyntheticSource, type MatchingEngine, type MatchingEvent, type SimOrderRequest } from '../matching';
import { refusal, refusalOf, TL_ERRORS, type TlError } from './errors';
import { engineInstrumentId, lotsToUnits, simulatedInstrument, specByName, TL_INSTRUMENTS, type TlInstrumentSpec } from './instruments';
import { Positions } from './positions';
import type { SavedTlState, TlAccountOptions, TlOrderRecord, TlOrderType, TlProtection, TlValidity } from './state';

export interface PlaceOrder {
  readonly spec: TlInstrumentSpec;
  readonly routeId: string;
  readonly side: OrderSide;
  readonly type: TlOrderType;
  readonly validity: TlValidity;
  readonly lots: Decimal;
  readonly price?: Decimal;
  readonly stopPrice?: Decimal;
  readonly strategyId?: string;
  readonly stopLoss?: TlProtection;
  readonly takeProfit?: TlProtection;
}

export interface OrderChanges {
  readonly lots?: Decimal;
  readonly price?: Decimal;
  readonly stopPrice?: Decimal;
  readonly stopLoss?: TlProtection;
  readonly takeProfit?: TlProtection;
}

export interface TlSimVenueOptions {
  readonly clock: Clock;
  readonly seed: number;
  readonly accounts: readonly TlAccountOptions[];
  readonly prices: 'synthetic' | 'scripted';
  readonly restored?: SavedTlState;
  /** 'fx': orders are refused outside Sunday 22:00 to Friday 22:00 UTC; 'always': never closed (tests). */
  readonly sessions: 'fx' | 'always';
}

const ENGINE_TYPE: Readonly<Record<TlOrderType, SimOrderRequest['type']>> = { market: 'market', limit: 'limit', stop: 'stop-market' };

/**
 * The TradeLocker venue on the shared matching engine. The engine matches and keeps balances, margin and FIFO
 * positions in units; this layer keeps TradeLocker's own: lots on the wire, order fields, positions with ids,
 * and the SL/TP orders that protect a position.
 */
export class TlSimVenue {
  readonly engine: MatchingEngine;
  readonly orders = new Map<string, TlOrderRecord>();
  readonly accounts: ReadonlyMap<string, TlAccountOptions>;
  readonly positions: Positions;
  private nextClientId: number;
  private readonly changeListeners = new Set<() => void>();
  private timer: NodeJS.Timeout | undefined;

  constructor(readonly options: TlSimVenueOptions) {
    this.accounts = new Map(options.accounts.map((a) => [a.id, a]));
    const instruments = TL_INSTRUMENTS.map(simulatedInstrument);
    this.engine = createMatchingEngine({
      clock: options.clock, seed: options.seed, instruments, latency: { kind: 'fixed', ms: 0 },
      accounts: options.accounts.map((a) => ({
        accountId: AccountId.parse(a.id), baseCurrency: 'USD', type: 'margin' as const,
        positionMode: a.profile === 'us' ? ('netting' as const) : ('hedging' as const),
        balances: [{ currency: 'USD', amount: Decimal.parse(a.balance) }],
        maxLeverage: Decimal.fromInteger(a.profile === 'us' ? 50 : 100), closeoutFraction: Decimal.parse('0.5'),
      })),
    }, options.restored?.engine);
    for (const order of options.restored?.orders ?? []) this.orders.set(order.orderId, { ...order });
    this.nextClientId = options.restored?.nextClientId ?? 1;
    this.positions = new Positions(this, options.restored);
    this.engine.onEvent((event) => this.onEngineEvent(event));
    if (options.prices === 'synthetic') {
      this.engine.attachSource(createSyntheticSource({ seed: options.seed, startAt: options.clock.now(), instruments }));
    } else if (options.restored === undefined) {
      for (const spec of TL_INSTRUMENTS) this.setMid(spec.name, Decimal.parse(spec.initialMid));
    }
    this.timer = setInterval(() => this.advance(), 50);
    this.timer.unref();
  }

  now(): number {
    return this.options.clock.now();
  }

  advance(): void {
    this.engine.advanceTo(this.now());
    this.positions.drain();
  }

  close(): void {
    if (this.timer !== undefined) clearInterval(this.timer);
    this.timer = undefined;
  }

  onChange(listener: () => void): () => void {
    this.changeListeners.add(listener);
    return () => this.changeListeners.delete(listener);
  }

  changed(): void {
    for (const listener of this.changeListeners) listener();
  }

  quote(name: string): { bid: Decimal; ask: Decimal } | undefined {
    const spec = specByName(name);
    const book = spec === undefined ? undefined : this.engine.book(engineInstrumentId(spec));
    const bid = book?.bestBid();
    const ask = book?.bestAsk();
    return bid === undefined || ask === undefined ? undefined : { bid, ask };
  }

  /** Scripted prices: a book around `mid`, six ticks each side, and a trade print at the mid. */
  setMid(name: string, mid: Decimal): void {
    const spec = specByName(name);
    if (spec === undefined) throw new RangeError(`no instrument ${name}`);
    const tick = Decimal.parse(spec.tickSize);
    const half = tick.mul(Decimal.fromInteger(6));
    const center = mid.roundToIncrement(tick, 'half-even');
    const level = (price: Decimal) => ({ price: Price.of(price), quantity: Quantity.parse('50000000') });
    const now = this.now();
    const instrumentId = engineInstrumentId(spec);
    this.engine.applyMarketData({
      type: 'OrderBookUpdate', instrumentId, kind: 'snapshot', valid: true, occurredAt: now, recordedAt: now,
      bids: [0, 1, 2, 3, 4].map((i) => level(center.sub(half).sub(tick.mul(Decimal.fromInteger(i))))),
      asks: [0, 1, 2, 3, 4].map((i) => level(center.add(half).add(tick.mul(Decimal.fromInteger(i))))),
    });
    this.engine.applyMarketData({ type: 'TradeTick', instrumentId, price: Price.of(center), quantity: Quantity.parse('500000000'), occurredAt: now, recordedAt: now });
    this.positions.drain();
  }

  /** Whether the instrument's session is open now (FX: Sunday 22:00 to Friday 22:00 UTC). */
  sessionOpen(spec: TlInstrumentSpec, at = this.now()): boolean {
    if (this.options.sessions === 'always' || spec.tradeSessionId !== 1) return true;
    const date = new Date(at);
    const day = date.getUTCDay();
    const hour = date.getUTCHours();
    if (day === 6) return false;
    if (day === 5) return hour < 22;
    if (day === 0) return hour >= 22;
    return true;
  }

  place(accountId: string, order: PlaceOrder): { orderId: string } | TlError {
    if (!this.sessionOpen(order.spec)) return refusal('Market is closed');
    const protection = this.protectionProblem(order);
    if (protection !== undefined) return protection;
    const request: Omit<SimOrderRequest, 'accountId' | 'clientOrderId'> = {
      instrumentId: engineInstrumentId(order.spec),
      side: order.side,
      type: ENGINE_TYPE[order.type],
      quantity: Quantity.of(lotsToUnits(order.spec, order.lots)),
      timeInForce: order.validity,
      ...(order.type === 'limit' && order.price !== undefined ? { price: Price.of(order.price) } : {}),
      ...(order.type === 'stop' && order.stopPrice !== undefined ? { triggerPrice: Price.of(order.stopPrice) } : {}),
      ...(order.strategyId === undefined ? {} : { tag: order.strategyId }),
    };
    return this.submit(accountId, request, {
      instrument: order.spec.name, routeId: order.routeId, type: order.type, validity: order.validity, role: 'entry',
      ...(order.strategyId === undefined ? {} : { strategyId: order.strategyId }),
      ...(order.stopLoss === undefined ? {} : { stopLoss: order.stopLoss }),
      ...(order.takeProfit === undefined ? {} : { takeProfit: order.takeProfit }),
    });
  }

  /**
   * Absolute SL/TP on the wrong side of the entry are refused, as a broker does: for a buy the stop loss must be
   * below the entry (limit price, stop price, or the ask for a market order) and the take profit above it.
   */
  private protectionProblem(order: PlaceOrder): TlError | undefined {
    const quote = this.quote(order.spec.name);
    const reference = order.type === 'limit' ? order.price : order.type === 'stop' ? order.stopPrice : order.side === 'buy' ? quote?.ask : quote?.bid;
    if (reference === undefined) return undefined;
    const buy = order.side === 'buy';
    if (order.stopLoss?.type === 'absolute') {
      const value = Decimal.parse(order.stopLoss.value);
      if (buy ? !value.lt(reference) : !value.gt(reference)) return refusal(`Invalid stop loss: must be ${buy ? 'below' : 'above'} the entry price ${reference.toString()} for a ${order.side}`);
    }
    if (order.takeProfit?.type === 'absolute') {
      const value = Decimal.parse(order.takeProfit.value);
      if (buy ? !value.gt(reference) : !value.lt(reference)) return refusal(`Invalid take profit: must be ${buy ? 'above' : 'below'} the entry price ${reference.toString()} for a ${order.side}`);
    }
    return undefined;
  }

  /** Sends one order to the engine with its TradeLocker record; the record exists before the engine's events. */
  submit(accountId: string, request: Omit<SimOrderRequest, 'accountId' | 'clientOrderId'>, record: Omit<TlOrderRecord, 'orderId' | 'accountId' | 'createdDate' | 'lastModified'>): { orderId: string } | TlError {
    const clientOrderId = `tl-${this.nextClientId++}`;
    const now = this.now();
    const pending: TlOrderRecord = { ...record, orderId: '', accountId, createdDate: now, lastModified: now };
    this.positions.expect(clientOrderId, pending);
    const ticket = this.engine.submit({ ...request, accountId: AccountId.parse(accountId), clientOrderId });
    const outcome = ticket.outcome;
    this.positions.drain();
    this.changed();
    if (outcome === undefined) return refusal('Order rejected: not processed');
    if (outcome.status === 'rejected') return refusalOf(outcome.code, outcome.reason);
    return { orderId: outcome.order.orderId };
  }

  cancel(accountId: string, orderId: string): TlError | undefined {
    const record = this.orders.get(orderId);
    if (record === undefined || record.accountId !== accountId) return TL_ERRORS.orderNotFound;
    const outcome = this.engine.cancel({ orderId }).outcome;
    this.positions.drain();
    this.changed();
    if (outcome === undefined || outcome.status === 'rejected') return outcome === undefined ? TL_ERRORS.orderNotActive : refusalOf(outcome.code, outcome.reason);
    record.lastModified = this.now();
    return undefined;
  }

  modify(accountId: string, orderId: string, changes: OrderChanges): TlError | undefined {
    const record = this.orders.get(orderId);
    if (record === undefined || record.accountId !== accountId) return TL_ERRORS.orderNotFound;
    const spec = specByName(record.instrument) as TlInstrumentSpec;
    if (changes.price !== undefined && record.type !== 'limit') return refusal('Invalid price: only a limit order has a price');
    if (changes.stopPrice !== undefined && record.type !== 'stop') return refusal('Invalid stopPrice: only a stop order has a stop price');
    const amendment = {
      ...(changes.lots === undefined ? {} : { quantity: Quantity.of(lotsToUnits(spec, changes.lots)) }),
      ...(changes.price === undefined ? {} : { price: Price.of(changes.price) }),
      ...(changes.stopPrice === undefined ? {} : { triggerPrice: Price.of(changes.stopPrice) }),
    };
    if (Object.keys(amendment).length > 0) {
      const outcome = this.engine.modify({ orderId }, amendment).outcome;
      this.positions.drain();
      if (outcome === undefined) return TL_ERRORS.orderNotActive;
      if (outcome.status === 'rejected') return refusalOf(outcome.code, outcome.reason);
    } else {
      const open = this.engine.order({ orderId });
      if (open === undefined || !['pending', 'accepted', 'triggered', 'partially-filled'].includes(open.status)) return TL_ERRORS.orderNotActive;
    }
    if (changes.stopLoss !== undefined) record.stopLoss = changes.stopLoss;
    if (changes.takeProfit !== undefined) record.takeProfit = changes.takeProfit;
    record.lastModified = this.now();
    this.changed();
    return undefined;
  }

  cancelAll(accountId: string, instrument?: TlInstrumentSpec): void {
    for (const order of this.engine.openOrders(AccountId.parse(accountId), instrument === undefined ? undefined : engineInstrumentId(instrument))) {
      const record = this.orders.get(order.orderId);
      if (record?.role === 'entry') this.engine.cancel({ orderId: order.orderId });
    }
    this.positions.drain();
    this.changed();
  }

  /** Engine ids are routed to TradeLocker records; fills move positions and place protection. */
  private onEngineEvent(event: MatchingEvent): void {
    if (event.type === 'order-accepted' || event.type === 'order-rejected') {
      const request = event.type === 'order-accepted' ? event.order.request : event.request;
      const pending = this.positions.claim(request.clientOrderId);
      if (pending !== undefined && event.type === 'order-accepted') this.orders.set(event.order.orderId, { ...pending, orderId: event.order.orderId });
      return;
    }
    if (event.type === 'order-filled') {
      const record = this.orders.get(event.order.orderId);
      if (record !== undefined) this.positions.afterFill(record, event.fill);
      return;
    }
    if (event.type === 'order-canceled' || event.type === 'order-expired' || event.type === 'order-modified' || event.type === 'order-triggered') {
      const record = this.orders.get(event.order.orderId);
      if (record !== undefined) record.lastModified = event.at;
      this.changed();
    }
  }

  save(): SavedTlState {
    return {
      version: 1,
      engine: this.engine.saveEncoded(),
      orders: [...this.orders.values()],
      ...this.positions.save(),
      nextClientId: this.nextClientId,
    };
  }

  instrumentIdOf(name: string): InstrumentId {
    return InstrumentId.of(name, 'TRADELOCKER');
  }
}

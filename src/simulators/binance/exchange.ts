import type { AccountId} from '../../core';
import { Decimal, InstrumentId, Price, Quantity, type VenueName } from '../../core';
import type { MatchingEngine, MatchingEvent, MatchingRejectCode, SimOrder, SimOrderRef } from '../matching';
import type { WireError } from './auth';
import { AveragePrices } from './avg-price';
import { ALLOWED_STP_MODES, crossedOwnOrders, planPrevention, STP_NOT_ALLOWED } from './stp';
import type { SimSymbol } from './symbols';
import { BAD_SYMBOL, checkFilters, mandatory, parseNewOrder, rejected, type Params, type ParsedOrder } from './validation';
import { cancelResult, executionReport, fmt, fullFills, orderResult, queriedOrder, wireId, type OrderMeta, type Prevention } from './wire-format';

export interface Answer {
  readonly status: number;
  readonly body: unknown;
}

/** Binance's matching-engine messages for the engine's reject codes (errors.md, -2010/-2011). */
const REJECT_MESSAGES: Partial<Record<MatchingRejectCode, WireError>> = {
  INSUFFICIENT_BALANCE: rejected('Account has insufficient balance for requested action.'),
  INSUFFICIENT_MARGIN: rejected('Account has insufficient balance for requested action.'),
  POST_ONLY_WOULD_TAKE: rejected('Order would immediately match and take.'),
  TRIGGER_ALREADY_HIT: rejected('Order would trigger immediately.'),
  DUPLICATE_CLIENT_ORDER_ID: rejected('Duplicate order sent.'),
  INSTRUMENT_NOT_TRADING: rejected('Market is closed.'),
  PRICE_OFF_TICK: { status: 400, code: -1013, msg: 'Filter failure: PRICE_FILTER' },
  QUANTITY_OFF_LOT: { status: 400, code: -1013, msg: 'Filter failure: LOT_SIZE' },
  QUANTITY_BELOW_MINIMUM: { status: 400, code: -1013, msg: 'Filter failure: LOT_SIZE' },
  QUANTITY_ABOVE_MAXIMUM: { status: 400, code: -1013, msg: 'Filter failure: LOT_SIZE' },
  NOTIONAL_BELOW_MINIMUM: { status: 400, code: -1013, msg: 'Filter failure: NOTIONAL' },
  NOTIONAL_ABOVE_MAXIMUM: { status: 400, code: -1013, msg: 'Filter failure: NOTIONAL' },
  NO_LIQUIDITY: rejected('Order book liquidity is less than symbol minimum quantity.'),
};
const UNKNOWN_ORDER: WireError = { status: 400, code: -2013, msg: 'Order does not exist.' };
const CANCEL_UNKNOWN: WireError = { status: 400, code: -2011, msg: 'Unknown order sent.' };

interface PendingMeta {
  readonly parsed: ParsedOrder;
  readonly clientOrderId: string;
  readonly orderListId: number;
  readonly createdAt: number;
  readonly wireOrderId?: number;
  readonly prevented?: Prevention;
  readonly shownPrice?: Decimal;
}

export interface SavedExchange {
  readonly meta: [string, OrderMeta][];
  readonly aliases: [string, string][];
  readonly preventedMatchIds: number;
}

export type UserEventListener = (event: Record<string, unknown>) => void;

/**
 * The Binance front end's state over the shared matching engine: wire metadata per order, Binance's
 * validation and filters, and the user-data events built from the engine's events.
 */
export class SimExchange {
  readonly meta = new Map<string, OrderMeta>();
  private readonly listeners = new Set<UserEventListener>();
  /** The weighted average price per symbol (percent-price filters, GET /api/v3/avgPrice). */
  readonly averages: AveragePrices;

  constructor(
    readonly engine: MatchingEngine,
    readonly symbols: ReadonlyMap<string, SimSymbol>,
    readonly venue: VenueName,
    readonly accountId: AccountId,
    private readonly now: () => number,
  ) {
    engine.onEvent((event) => this.onEngineEvent(event));
    const bySymbolId = new Map([...symbols.keys()].map((symbol) => [this.instrumentId(symbol) as string, symbol]));
    this.averages = new AveragePrices((id) => bySymbolId.get(id), (symbol) => {
      const mid = symbols.get(symbol)?.mid;
      return mid === undefined ? undefined : Decimal.parse(mid);
    }, now);
    engine.onMarketData((event) => this.averages.onMarketData(event));
  }


  instrumentId(symbol: string): InstrumentId {
    return InstrumentId.of(symbol, this.venue);
  }

  onUserEvent(listener: UserEventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async newOrder(params: Params, orderListId = -1, wireOrderId?: number): Promise<Answer | WireError> {
    const parsed = parseNewOrder(params, this.symbols);
    if ('code' in parsed) return parsed;
    if (parsed.symbol.status !== 'TRADING') return rejected('Market is closed.');
    const instrumentId = this.instrumentId(parsed.symbol.symbol);
    const book = this.engine.book(instrumentId);
    const reference = book === undefined ? undefined : mid(book.bestBid(), book.bestAsk());
    const quantity = parsed.quantity ?? this.quoteToQuantity(parsed, instrumentId);
    if (quantity === undefined || quantity.isZero()) return rejected('Order book liquidity is less than symbol minimum quantity.');
    const open = this.engine.openOrders(this.accountId, instrumentId);
    const algo = open.filter((o) => {
      const m = this.meta.get(o.orderId);
      return m !== undefined && (m.stopPrice !== undefined || m.trailingDelta !== undefined);
    }).length;
    const failure = checkFilters(parsed, quantity, reference, open.length, algo, this.averages);
    if (failure !== undefined) return failure;
    const clientOrderId = parsed.newClientOrderId ?? `sim${this.now().toString(36)}${Math.floor(Math.random() * 1e9).toString(36)}`;
    if (open.some((o) => this.meta.get(o.orderId)?.clientOrderId === clientOrderId)) return rejected('Duplicate order sent.');
    if (!(ALLOWED_STP_MODES as readonly string[]).includes(parsed.selfTradePreventionMode)) return STP_NOT_ALLOWED;
    const plan = planPrevention(parsed, quantity, crossedOwnOrders(parsed, open, (id) => this.meta.get(id)), () => this.preventedMatchIds++);
    for (const { order, prevention } of plan?.expireMakers ?? []) await this.expireInMatch(order, prevention);
    const cap = plan?.capTaker;
    const createdAt = this.now();
    this.pendingMeta.set(clientOrderId, {
      parsed, clientOrderId, orderListId, createdAt,
      ...(wireOrderId === undefined ? {} : { wireOrderId }),
      ...(cap === undefined ? {} : { prevented: cap.prevention, ...(parsed.price === undefined ? {} : { shownPrice: parsed.price }) }),
    });
    // A taker that would reach our own order takes only what is better than it, then expires (stp.ts).
    const price = cap?.price ?? parsed.price;
    const ticket = this.engine.submit({
      accountId: this.accountId,
      instrumentId,
      clientOrderId,
      side: parsed.side,
      type: cap === undefined ? parsed.type : 'limit',
      quantity: Quantity.of(quantity),
      timeInForce: cap === undefined ? parsed.timeInForce : 'IOC',
      postOnly: parsed.wireType === 'LIMIT_MAKER',
      ...(price === undefined ? {} : { price: Price.of(price) }),
      ...(parsed.stopPrice === undefined ? {} : { triggerPrice: Price.of(parsed.stopPrice) }),
      ...(parsed.trailingDelta === undefined ? {} : { trailingOffset: { kind: 'basis-points' as const, value: Decimal.fromInteger(parsed.trailingDelta) } }),
      ...(parsed.icebergQty === undefined ? {} : { displayQuantity: Quantity.of(parsed.icebergQty) }),
    });
    const outcome = await ticket.done;
    const pending = this.pendingMeta.get(clientOrderId);
    this.pendingMeta.delete(clientOrderId);
    if (outcome.status === 'rejected') return REJECT_MESSAGES[outcome.code] ?? rejected(outcome.reason);
    const meta = this.meta.get(outcome.order.orderId) ?? this.createMeta(outcome.order.orderId, parsed, clientOrderId, orderListId, createdAt, wireOrderId, pending);
    let order = this.engine.order({ orderId: outcome.order.orderId }) ?? outcome.order;
    if (cap !== undefined && (order.status === 'expired' || order.status === 'canceled')) {
      // It reached our order: EXPIRE_BOTH expires that order too, as the same prevented match.
      if (cap.firstMaker !== undefined) await this.expireInMatch(cap.firstMaker.order, { ...cap.firstMaker.prevention, counterOrderId: Number(order.orderId) });
    } else if (cap !== undefined && order.status !== 'filled') {
      // The engine kept it (not expected for IOC): end it here so the taker never rests across our own order.
      await this.engine.cancel({ orderId: order.orderId }).done;
      order = this.engine.order({ orderId: order.orderId }) ?? order;
    }
    const body = orderResult(order, meta, createdAt);
    if (parsed.newOrderRespType === 'ACK') {
      return { status: 200, body: { symbol: meta.symbol, orderId: wireId(order, meta), orderListId, clientOrderId, transactTime: createdAt } };
    }
    return { status: 200, body: parsed.newOrderRespType === 'FULL' ? { ...body, fills: fullFills(outcome.fills) } : body };
  }

  /** Wire metadata of submits the engine has not answered yet, by client id: its events may come first. */
  private readonly pendingMeta = new Map<string, PendingMeta>();
  private preventedMatchIds = 0;

  /** Expires our resting order for self-trade prevention: its reports say EXPIRED_IN_MATCH / TRADE_PREVENTION. */
  private async expireInMatch(order: SimOrder, prevention: Prevention): Promise<void> {
    const meta = this.meta.get(order.orderId);
    if (meta === undefined) return;
    meta.prevented = prevention;
    await this.engine.cancel({ orderId: order.orderId }).done;
  }
  /** Wire ids that differ from the engine's, to the engine's. */
  private readonly aliases = new Map<string, string>();

  /** Plain data for the simulator's state file (the engine saves its own). */
  saveState(): SavedExchange {
    return { meta: [...this.meta], aliases: [...this.aliases], preventedMatchIds: this.preventedMatchIds };
  }

  restoreState(saved: SavedExchange): void {
    for (const [id, meta] of saved.meta) this.meta.set(id, meta);
    for (const [wireId, id] of saved.aliases) this.aliases.set(wireId, id);
    this.preventedMatchIds = saved.preventedMatchIds;
  }

  private createMeta(orderId: string, parsed: ParsedOrder, clientOrderId: string, orderListId: number, createdAt: number, wireOrderId?: number, extra?: PendingMeta): OrderMeta {
    if (wireOrderId !== undefined) this.aliases.set(String(wireOrderId), orderId);
    const meta: OrderMeta = {
      symbol: parsed.symbol.symbol,
      wireType: parsed.wireType,
      wireTimeInForce: parsed.wireType === 'MARKET' ? 'GTC' : parsed.wireTimeInForce,
      clientOrderId,
      orderListId,
      selfTradePreventionMode: parsed.selfTradePreventionMode,
      cumulativeQuote: Decimal.ZERO,
      createdAt,
      updatedAt: createdAt,
      ...(parsed.icebergQty === undefined ? {} : { icebergQty: parsed.icebergQty }),
      ...(parsed.stopPrice === undefined ? {} : { stopPrice: parsed.stopPrice }),
      ...(parsed.trailingDelta === undefined ? {} : { trailingDelta: parsed.trailingDelta }),
      ...(parsed.quoteOrderQty === undefined ? {} : { quoteOrderQty: parsed.quoteOrderQty }),
      ...(wireOrderId === undefined ? {} : { wireOrderId }),
      ...(extra?.prevented === undefined ? {} : { prevented: extra.prevented }),
      ...(extra?.shownPrice === undefined ? {} : { shownPrice: extra.shownPrice }),
    };
    this.meta.set(orderId, meta);
    return meta;
  }

  /** quoteOrderQty → base quantity by walking the opposite side, rounded down to the step (never breaks LOT_SIZE). */
  private quoteToQuantity(parsed: ParsedOrder, instrumentId: InstrumentId): Decimal | undefined {
    const book = this.engine.book(instrumentId);
    if (book === undefined || parsed.quoteOrderQty === undefined) return undefined;
    const levels = book.levels(1000);
    let remaining = parsed.quoteOrderQty;
    let quantity = Decimal.ZERO;
    for (const level of parsed.side === 'buy' ? levels.asks : levels.bids) {
      const notional = level.price.mul(level.quantity);
      if (notional.gte(remaining)) {
        quantity = quantity.add(remaining.div(level.price, 12, 'down'));
        remaining = Decimal.ZERO;
        break;
      }
      quantity = quantity.add(level.quantity);
      remaining = remaining.sub(notional);
    }
    return quantity.roundToIncrement(Decimal.parse(parsed.symbol.stepSize), 'down');
  }

  /** Finds an order by orderId or origClientOrderId (both: both must match), as GET/DELETE /api/v3/order do. */
  find(params: Params, idName = 'orderId', clientIdName = 'origClientOrderId'): SimOrder | WireError | undefined {
    const symbol = params.get('symbol');
    if (symbol === undefined) return mandatory('symbol');
    if (!this.symbols.has(symbol)) return BAD_SYMBOL;
    const orderId = params.get(idName);
    const clientId = params.get(clientIdName);
    if (orderId === undefined && clientId === undefined) {
      return { status: 400, code: -1102, msg: `Param '${clientIdName}' or '${idName}' must be sent, but both were empty/null!` };
    }
    let order: SimOrder | undefined;
    if (orderId !== undefined) order = this.engine.order({ orderId: this.aliases.get(orderId) ?? orderId });
    else {
      // A client id is unique among open orders only: prefer the open one, else the latest.
      const candidates = [...this.meta.entries()].filter(([, m]) => m.clientOrderId === clientId && m.symbol === symbol);
      const orders = candidates.map(([id]) => this.engine.order({ orderId: id })).filter((o): o is SimOrder => o !== undefined);
      order = orders.find((o) => isOpen(o)) ?? orders.at(-1);
    }
    if (order === undefined || this.meta.get(order.orderId)?.symbol !== symbol) return undefined;
    if (clientId !== undefined && this.meta.get(order.orderId)?.clientOrderId !== clientId) return undefined;
    return order;
  }

  queryOrder(params: Params): Answer | WireError {
    const order = this.find(params);
    if (order === undefined) return UNKNOWN_ORDER;
    if ('code' in order) return order;
    return { status: 200, body: queriedOrder(order, this.metaOf(order)) };
  }

  async cancelOrder(params: Params): Promise<Answer | WireError> {
    const order = this.find(params);
    if (order === undefined) return CANCEL_UNKNOWN;
    if ('code' in order) return order;
    if (!isOpen(order)) return CANCEL_UNKNOWN;
    const outcome = await this.engine.cancel({ orderId: order.orderId }).done;
    if (outcome.status === 'rejected') return CANCEL_UNKNOWN;
    const meta = this.metaOf(outcome.order);
    const body = cancelResult(outcome.order, meta, this.now());
    const cancelId = params.get('newClientOrderId') ?? `cancel${outcome.order.orderId}`;
    return { status: 200, body: { ...body, origClientOrderId: meta.clientOrderId, clientOrderId: cancelId } };
  }

  async cancelOpenOrders(params: Params): Promise<Answer | WireError> {
    const symbol = params.get('symbol');
    if (symbol === undefined) return mandatory('symbol');
    if (!this.symbols.has(symbol)) return BAD_SYMBOL;
    const instrumentId = this.instrumentId(symbol);
    if (this.engine.openOrders(this.accountId, instrumentId).length === 0) return CANCEL_UNKNOWN;
    const canceled = await this.engine.cancelAll(this.accountId, instrumentId).done;
    return {
      status: 200,
      body: canceled.map((order) => {
        const meta = this.metaOf(order);
        return { ...cancelResult(order, meta, this.now()), origClientOrderId: meta.clientOrderId, clientOrderId: `cancel${order.orderId}` };
      }),
    };
  }

  openOrders(params: Params): Answer | WireError {
    const symbol = params.get('symbol');
    if (symbol !== undefined && !this.symbols.has(symbol)) return BAD_SYMBOL;
    const orders = this.engine.openOrders(this.accountId, symbol === undefined ? undefined : this.instrumentId(symbol));
    return { status: 200, body: orders.map((order) => queriedOrder(order, this.metaOf(order))) };
  }

  myTrades(params: Params): Answer | WireError {
    const symbol = params.get('symbol');
    if (symbol === undefined) return mandatory('symbol');
    if (!this.symbols.has(symbol)) return BAD_SYMBOL;
    const instrumentId = this.instrumentId(symbol);
    const startTime = Number(params.get('startTime') ?? '0');
    const fromId = params.get('fromId');
    const orderId = params.get('orderId');
    const limit = Math.min(1000, Number(params.get('limit') ?? '500'));
    const rows = this.engine
      .fills(this.accountId, startTime)
      .filter((fill) => fill.instrumentId === instrumentId)
      .filter((fill) => fromId === undefined || Number(fill.tradeId) >= Number(fromId))
      .filter((fill) => orderId === undefined || fill.orderId === (this.aliases.get(orderId) ?? orderId))
      .map((fill) => ({
        symbol,
        id: Number(fill.tradeId),
        orderId: this.meta.get(fill.orderId)?.wireOrderId ?? Number(fill.orderId),
        orderListId: this.meta.get(fill.orderId)?.orderListId ?? -1,
        price: fmt(fill.price),
        qty: fmt(fill.quantity),
        quoteQty: fmt(fill.price.mul(fill.quantity)),
        commission: fmt(fill.commission),
        commissionAsset: fill.commissionCurrency,
        time: fill.occurredAt,
        isBuyer: fill.side === 'buy',
        isMaker: fill.liquidity === 'maker',
        isBestMatch: true,
      }));
    return { status: 200, body: fromId === undefined && startTime === 0 ? rows.slice(-limit) : rows.slice(0, limit) };
  }

  account(params: Params): Answer {
    const state = this.engine.account(this.accountId);
    const omitZero = params.get('omitZeroBalances') === 'true';
    return {
      status: 200,
      body: {
        makerCommission: 10,
        takerCommission: 10,
        buyerCommission: 0,
        sellerCommission: 0,
        commissionRates: { maker: '0.00100000', taker: '0.00100000', buyer: '0.00000000', seller: '0.00000000' },
        canTrade: true,
        canWithdraw: true,
        canDeposit: true,
        brokered: false,
        requireSelfTradePrevention: false,
        preventSor: false,
        updateTime: this.now(),
        accountType: 'SPOT',
        balances: state.balances
          .filter((b) => !omitZero || !b.total.isZero())
          .map((b) => ({ asset: b.currency, free: fmt(b.free), locked: fmt(b.locked) })),
        permissions: ['SPOT'],
        uid: 354937868,
      },
    };
  }

  /** The engine's id of an order known on the wire by another id (an OTO pending leg). */
  engineId(wireOrderId: string): string | undefined {
    return this.aliases.get(wireOrderId);
  }

  metaOf(order: SimOrder): OrderMeta {
    const meta = this.meta.get(order.orderId);
    if (meta === undefined) throw new Error(`simulator: order ${order.orderId} has no wire metadata`);
    return meta;
  }

  orderRef(orderId: string): SimOrderRef {
    return { orderId };
  }

  private onEngineEvent(event: MatchingEvent): void {
    switch (event.type) {
      case 'order-accepted':
      case 'order-canceled':
      case 'order-expired':
      case 'order-modified':
      case 'order-triggered':
      case 'order-filled': {
        const pending = this.pendingMeta.get(event.order.request.clientOrderId);
        const meta =
          this.meta.get(event.order.orderId) ??
          (pending !== undefined
            ? this.createMeta(event.order.orderId, pending.parsed, pending.clientOrderId, pending.orderListId, pending.createdAt, pending.wireOrderId, pending)
            : undefined);
        if (meta === undefined) return;
        meta.updatedAt = event.at;
        if (event.type === 'order-filled') meta.cumulativeQuote = meta.cumulativeQuote.add(event.fill.price.mul(event.fill.quantity));
        // order-triggered has no Binance execution type of its own: the order just starts working.
        if (event.type === 'order-triggered') return;
        const ended = event.type === 'order-canceled' || event.type === 'order-expired';
        // The prevented quantity is what remained when prevention expired it (faqs/stp_faq.md).
        if (ended && meta.prevented !== undefined) meta.prevented.quantity = event.order.quantity.sub(event.order.filledQuantity);
        const executionType =
          ended && meta.prevented !== undefined
            ? 'TRADE_PREVENTION'
            : { 'order-accepted': 'NEW', 'order-canceled': 'CANCELED', 'order-expired': 'EXPIRED', 'order-modified': 'REPLACED', 'order-filled': 'TRADE' }[event.type];
        this.publish(executionReport(event.order, meta, executionType, event.at, event.type === 'order-filled' ? event.fill : undefined));
        return;
      }
      case 'account-changed':
        this.publish({
          e: 'outboundAccountPosition',
          E: event.at,
          u: event.at,
          B: event.account.balances.map((b) => ({ a: b.currency, f: fmt(b.free), l: fmt(b.locked) })),
        });
        return;
      case 'order-rejected':
      case 'financing':
      case 'margin-closeout':
        return;
    }
  }

  publish(event: Record<string, unknown>): void {
    for (const listener of this.listeners) listener(event);
  }
}

function isOpen(order: SimOrder): boolean {
  return order.status === 'accepted' || order.status === 'partially-filled' || order.status === 'triggered' || order.status === 'pending';
}

function mid(bid: Decimal | undefined, ask: Decimal | undefined): Decimal | undefined {
  if (bid === undefined || ask === undefined) return bid ?? ask;
  return bid.add(ask).div(Decimal.fromInteger(2), 12, 'half-even');
}

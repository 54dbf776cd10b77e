import { Decimal } from '../../core';
import type { MatchingEngine, MatchingEvent } from '../matching';
import type { WireError } from './auth';
import type { Answer, SimExchange } from './exchange';
import { checkOcoPair, checkWorkingType, pendingLegEnded, type OcoLeg } from './list-rules';
import { mandatory, type Params } from './validation';

interface OrderList {
  readonly orderListId: number;
  readonly contingencyType: 'OCO' | 'OTO';
  readonly symbol: string;
  readonly listClientOrderId: string;
  /** Engine ids of the legs on the book. */
  readonly orderIds: string[];
  done: boolean;
  /** OTO/OTOCO: legs waiting for the working order to fill, with the wire ids they were listed under. */
  pending: { readonly legs: PendingLeg[]; readonly oco: boolean } | undefined;
}

interface PendingLeg {
  readonly wireOrderId: number;
  readonly params: Map<string, string>;
}

export interface SavedOrderLists {
  readonly lists: OrderList[];
  readonly byListId: [number, number][];
  readonly byOrderId: [string, number][];
  readonly pending: [string, number, number][];
  readonly nextListId: number;
  readonly nextPendingId: number;
  /** Pending legs whose list ended before they went on the book, by wire id: their final state. */
  readonly ended?: [string, { params: [string, string][]; orderListId: number; status: 'CANCELED' | 'EXPIRED' }][];
}

/** Ids of pending legs: above any id the engine hands out in a session, so the two never meet. */
const FIRST_PENDING_ID = 1_000_000_000;

/**
 * OCO order lists: POST /api/v3/orderList/oco (spot: above/below legs) and the legacy POST /api/v3/order/oco
 * (Binance.US: a LIMIT_MAKER leg and a stop leg). A fill or a cancel of one leg expires the other, and a
 * listStatus event reports the list (user-data-stream.md).
 */
export class SimOrderLists {
  private readonly lists = new Map<number, OrderList>();
  private readonly listOf = new Map<string, OrderList>();
  private nextListId = 1;
  private nextPendingId = FIRST_PENDING_ID;
  private readonly pendingByWireId = new Map<string, { list: OrderList; leg: PendingLeg }>();
  private readonly ended = new Map<string, { params: Map<string, string>; orderListId: number; status: 'CANCELED' | 'EXPIRED' }>();

  constructor(
    private readonly engine: MatchingEngine,
    private readonly exchange: SimExchange,
    private readonly now: () => number,
  ) {
    engine.onEvent((event) => this.onEvent(event));
  }

  /** Spot: the above and below legs as separate parameter groups. */
  async placeOco(params: Params): Promise<Answer | WireError> {
    for (const name of ['symbol', 'side', 'quantity', 'aboveType', 'belowType']) if (!params.has(name)) return mandatory(name);
    const leg = (prefix: 'above' | 'below'): Map<string, string> => {
      const out = new Map<string, string>([
        ['symbol', params.get('symbol') ?? ''],
        ['side', params.get('side') ?? ''],
        ['quantity', params.get('quantity') ?? ''],
        ['type', params.get(`${prefix}Type`) ?? ''],
        ['newOrderRespType', 'RESULT'],
      ]);
      for (const [wire, name] of [['price', 'Price'], ['stopPrice', 'StopPrice'], ['timeInForce', 'TimeInForce'], ['newClientOrderId', 'ClientOrderId'], ['icebergQty', 'IcebergQty'], ['trailingDelta', 'TrailingDelta']] as const) {
        const value = params.get(`${prefix}${name}`);
        if (value !== undefined) out.set(wire, value);
      }
      return out;
    };
    const [above, below] = [leg('above'), leg('below')];
    const refusal = checkOcoPair(params.get('side') ?? '', ocoLeg(above), ocoLeg(below), this.reference(params.get('symbol')));
    if (refusal !== undefined) return refusal;
    return this.place(params, [above, below]);
  }

  /** The market an OCO's legs must straddle: the book's mid, as the exchange's own filters use it. */
  private reference(symbol: string | undefined): Decimal | undefined {
    if (symbol === undefined || !this.exchange.symbols.has(symbol)) return undefined;
    const book = this.engine.book(this.exchange.instrumentId(symbol));
    const bid = book?.bestBid();
    const ask = book?.bestAsk();
    if (bid === undefined || ask === undefined) return bid ?? ask;
    return bid.add(ask).div(Decimal.fromInteger(2), Math.max(bid.scale, ask.scale) + 1, 'half-even');
  }

  /** Binance.US legacy OCO: `price` is the LIMIT_MAKER leg; `stopPrice` (and `stopLimitPrice`) the stop leg. */
  async placeLegacyOco(params: Params): Promise<Answer | WireError> {
    for (const name of ['symbol', 'side', 'quantity', 'price', 'stopPrice']) if (!params.has(name)) return mandatory(name);
    const base = (): Map<string, string> =>
      new Map([
        ['symbol', params.get('symbol') ?? ''],
        ['side', params.get('side') ?? ''],
        ['quantity', params.get('quantity') ?? ''],
        ['newOrderRespType', 'RESULT'],
      ]);
    const limit = base();
    limit.set('type', 'LIMIT_MAKER');
    limit.set('price', params.get('price') ?? '');
    const limitId = params.get('limitClientOrderId');
    if (limitId !== undefined) limit.set('newClientOrderId', limitId);
    const stop = base();
    const stopLimitPrice = params.get('stopLimitPrice');
    stop.set('type', stopLimitPrice === undefined ? 'STOP_LOSS' : 'STOP_LOSS_LIMIT');
    stop.set('stopPrice', params.get('stopPrice') ?? '');
    if (stopLimitPrice !== undefined) {
      stop.set('price', stopLimitPrice);
      stop.set('timeInForce', params.get('stopLimitTimeInForce') ?? 'GTC');
    }
    const stopId = params.get('stopClientOrderId');
    if (stopId !== undefined) stop.set('newClientOrderId', stopId);
    // The legacy form names no above/below: a sell's limit sits above the market, a buy's below.
    const sell = params.get('side') === 'SELL';
    const refusal = checkOcoPair(params.get('side') ?? '', ocoLeg(sell ? limit : stop), ocoLeg(sell ? stop : limit), this.reference(params.get('symbol')));
    if (refusal !== undefined) return refusal;
    return this.place(params, [stop, limit]);
  }

  private async place(params: Params, legs: Map<string, string>[]): Promise<Answer | WireError> {
    const orderListId = this.nextListId++;
    const list: OrderList = {
      orderListId,
      contingencyType: 'OCO',
      symbol: params.get('symbol') ?? '',
      listClientOrderId: params.get('listClientOrderId') ?? `list${orderListId}`,
      orderIds: [],
      done: false,
      pending: undefined,
    };
    const reports: Record<string, unknown>[] = [];
    for (const leg of legs) {
      const answer = await this.exchange.newOrder(leg, orderListId);
      if ('code' in answer) {
        // All or nothing: a refused leg withdraws the legs already placed.
        list.done = true;
        for (const orderId of list.orderIds) await this.engine.cancel({ orderId }).done;
        return answer;
      }
      const body = answer.body as Record<string, unknown>;
      list.orderIds.push(String(body.orderId));
      reports.push(body);
    }
    this.lists.set(orderListId, list);
    for (const orderId of list.orderIds) this.listOf.set(orderId, list);
    this.publishStatus(list, 'EXEC_STARTED', 'EXECUTING');
    return { status: 200, body: { ...this.header(list, 'EXEC_STARTED', 'EXECUTING'), orderReports: reports } };
  }

  private header(list: OrderList, listStatusType: string, listOrderStatus: string): Record<string, unknown> {
    return {
      orderListId: list.orderListId,
      contingencyType: list.contingencyType,
      listStatusType,
      listOrderStatus,
      listClientOrderId: list.listClientOrderId,
      transactionTime: this.now(),
      symbol: list.symbol,
      orders: [
        ...list.orderIds.map((orderId) => {
          const order = this.engine.order({ orderId });
          const meta = order === undefined ? undefined : this.exchange.metaOf(order);
          return { symbol: list.symbol, orderId: meta?.wireOrderId ?? Number(orderId), clientOrderId: meta?.clientOrderId ?? '' };
        }),
        ...(list.pending?.legs ?? []).map((leg) => ({ symbol: list.symbol, orderId: leg.wireOrderId, clientOrderId: leg.params.get('newClientOrderId') ?? '' })),
      ],
    };
  }

  private publishStatus(list: OrderList, listStatusType: string, listOrderStatus: string): void {
    const header = this.header(list, listStatusType, listOrderStatus);
    this.exchange.publish({
      e: 'listStatus',
      E: this.now(),
      s: list.symbol,
      g: list.orderListId,
      c: list.contingencyType,
      l: listStatusType,
      L: listOrderStatus,
      r: 'NONE',
      C: list.listClientOrderId,
      T: this.now(),
      O: (header.orders as { symbol: string; orderId: number; clientOrderId: string }[]).map((o) => ({ s: o.symbol, i: o.orderId, c: o.clientOrderId })),
    });
  }

  /**
   * POST /api/v3/orderList/oto and /otoco: the working order goes on the book; the pending order (or OCO pair)
   * waits, listed as PENDING_NEW under its id, until the working order is fully filled.
   */
  async placeOto(params: Params, oco: boolean): Promise<Answer | WireError> {
    for (const name of ['symbol', 'workingType', 'workingSide', 'workingPrice', 'workingQuantity', 'pendingSide', 'pendingQuantity']) if (!params.has(name)) return mandatory(name);
    const symbol = params.get('symbol') ?? '';
    const group = (prefix: string, side: string, quantity: string): Map<string, string> => {
      const out = new Map<string, string>([['symbol', symbol], ['side', side], ['quantity', quantity], ['newOrderRespType', 'RESULT']]);
      for (const [wire, name] of [['type', 'Type'], ['price', 'Price'], ['stopPrice', 'StopPrice'], ['timeInForce', 'TimeInForce'], ['newClientOrderId', 'ClientOrderId'], ['icebergQty', 'IcebergQty'], ['trailingDelta', 'TrailingDelta']] as const) {
        const value = params.get(`${prefix}${name}`);
        if (value !== undefined) out.set(wire, value);
      }
      return out;
    };
    const working = group('working', params.get('workingSide') ?? '', params.get('workingQuantity') ?? '');
    const pendingSide = params.get('pendingSide') ?? '';
    const pendingQuantity = params.get('pendingQuantity') ?? '';
    const legs = (oco ? ['pendingAbove', 'pendingBelow'] : ['pending']).map((prefix) => {
      const legParams = group(prefix, pendingSide, pendingQuantity);
      if (!legParams.has('newClientOrderId')) legParams.set('newClientOrderId', `pending${this.nextPendingId}`);
      return { wireOrderId: this.nextPendingId++, params: legParams };
    });
    for (const leg of legs) if (!leg.params.has('type')) return mandatory(oco ? 'pendingAboveType' : 'pendingType');
    const refusal = checkWorkingType(working.get('type')) ?? (oco && legs[0] !== undefined && legs[1] !== undefined ? checkOcoPair(pendingSide, ocoLeg(legs[0].params), ocoLeg(legs[1].params), undefined) : undefined);
    if (refusal !== undefined) return refusal;
    const orderListId = this.nextListId++;
    const list: OrderList = {
      orderListId,
      contingencyType: 'OTO',
      symbol,
      listClientOrderId: params.get('listClientOrderId') ?? `list${orderListId}`,
      orderIds: [],
      done: false,
      pending: { legs, oco },
    };
    const answer = await this.exchange.newOrder(working, orderListId);
    if ('code' in answer) return answer;
    const workingId = String((answer.body as { orderId: number }).orderId);
    list.orderIds.push(workingId);
    this.lists.set(orderListId, list);
    this.listOf.set(workingId, list);
    for (const leg of legs) this.pendingByWireId.set(String(leg.wireOrderId), { list, leg });
    const body = { ...this.header(list, 'EXEC_STARTED', 'EXECUTING'), orderReports: [answer.body, ...legs.map((leg) => this.pendingReport(list, leg))] };
    this.publishStatus(list, 'EXEC_STARTED', 'EXECUTING');
    const workingOrder = this.engine.order({ orderId: workingId });
    if (workingOrder?.status === 'filled') await this.release(list);
    return { status: 200, body };
  }

  /** GET /api/v3/order for a leg still pending: PENDING_NEW under the id it was listed with. */
  pendingOrder(params: Params): Answer | undefined {
    const id = params.get('orderId');
    const clientId = params.get('origClientOrderId');
    for (const entry of this.pendingByWireId.values()) {
      if ((id !== undefined && String(entry.leg.wireOrderId) === id) || (clientId !== undefined && entry.leg.params.get('newClientOrderId') === clientId)) {
        return { status: 200, body: this.pendingReport(entry.list, entry.leg) };
      }
    }
    for (const [wireId, done] of this.ended) {
      if ((id !== undefined && wireId === id) || (clientId !== undefined && done.params.get('newClientOrderId') === clientId)) {
        const leg = { wireOrderId: Number(wireId), params: done.params };
        return { status: 200, body: { ...this.pendingReport({ symbol: done.params.get('symbol') ?? '', orderListId: done.orderListId }, leg), status: done.status } };
      }
    }
    return undefined;
  }

  /**
   * DELETE /api/v3/order on a leg still pending: canceling any order of a list cancels the whole list
   * (rest-api.md), here by canceling its working order. Undefined when no pending leg has that id.
   */
  async cancelPending(params: Params): Promise<Answer | undefined> {
    const id = params.get('orderId');
    const clientId = params.get('origClientOrderId');
    const found = [...this.pendingByWireId.values()].find(({ leg }) => (id !== undefined && String(leg.wireOrderId) === id) || (clientId !== undefined && leg.params.get('newClientOrderId') === clientId));
    if (found === undefined || found.list.symbol !== params.get('symbol')) return undefined;
    for (const orderId of found.list.orderIds) await this.engine.cancel({ orderId }).done;
    const body = { ...this.pendingReport(found.list, found.leg), status: 'CANCELED' };
    return { status: 200, body: { ...body, origClientOrderId: found.leg.params.get('newClientOrderId') ?? '', clientOrderId: params.get('newClientOrderId') ?? `cancel${found.leg.wireOrderId}` } };
  }

  /** Legs accepted but not yet on the book (the venue's truth holds them as its orders too). */
  pendingLegs(): readonly { readonly wireOrderId: number; readonly params: ReadonlyMap<string, string> }[] {
    return [...this.pendingByWireId.values()].map(({ leg }) => leg);
  }

  private pendingReport(list: Pick<OrderList, 'symbol' | 'orderListId'>, leg: PendingLeg): Record<string, unknown> {
    const p = leg.params;
    return {
      symbol: list.symbol,
      orderId: leg.wireOrderId,
      orderListId: list.orderListId,
      clientOrderId: p.get('newClientOrderId') ?? '',
      transactTime: this.now(),
      price: p.get('price') ?? '0.00000000',
      origQty: p.get('quantity') ?? '0.00000000',
      executedQty: '0.00000000',
      origQuoteOrderQty: '0.00000000',
      cummulativeQuoteQty: '0.00000000',
      status: 'PENDING_NEW',
      timeInForce: p.get('timeInForce') ?? 'GTC',
      type: p.get('type') ?? '',
      side: p.get('side') ?? '',
      ...(p.has('stopPrice') ? { stopPrice: p.get('stopPrice') } : {}),
      workingTime: -1,
      selfTradePreventionMode: 'NONE',
    };
  }

  /** The working order filled: the pending legs go on the book under their listed ids (as an OCO pair for OTOCO). */
  private async release(list: OrderList): Promise<void> {
    const pending = list.pending;
    if (pending === undefined) return;
    list.pending = undefined;
    for (const leg of pending.legs) this.pendingByWireId.delete(String(leg.wireOrderId));
    const placed: string[] = [];
    for (const leg of pending.legs) {
      const answer = await this.exchange.newOrder(leg.params, list.orderListId, leg.wireOrderId);
      if ('code' in answer) continue;
      const engineId = this.exchange.engineId(String(leg.wireOrderId));
      if (engineId !== undefined) placed.push(engineId);
    }
    if (pending.oco && placed.length === 2) {
      const ocoList: OrderList = { orderListId: list.orderListId, contingencyType: 'OCO', symbol: list.symbol, listClientOrderId: list.listClientOrderId, orderIds: placed, done: false, pending: undefined };
      for (const id of placed) this.listOf.set(id, ocoList);
    }
  }

  /** Plain data for the simulator's state file; list objects shared by several maps are saved once. */
  saveState(): SavedOrderLists {
    const all = [...new Set([...this.lists.values(), ...this.listOf.values()])];
    return {
      lists: all,
      byListId: [...this.lists].map(([id, list]) => [id, all.indexOf(list)]),
      byOrderId: [...this.listOf].map(([orderId, list]) => [orderId, all.indexOf(list)]),
      pending: [...this.pendingByWireId].map(([wireId, { list, leg }]) => [wireId, all.indexOf(list), list.pending?.legs.indexOf(leg) ?? -1]),
      nextListId: this.nextListId,
      nextPendingId: this.nextPendingId,
      ended: [...this.ended].map(([wireId, done]) => [wireId, { params: [...done.params], orderListId: done.orderListId, status: done.status }]),
    };
  }

  restoreState(saved: SavedOrderLists): void {
    const list = (index: number): OrderList => {
      const found = saved.lists[index];
      if (found === undefined) throw new RangeError(`the state file names order list #${index}, which it does not hold`);
      return found;
    };
    for (const [id, index] of saved.byListId) this.lists.set(id, list(index));
    for (const [orderId, index] of saved.byOrderId) this.listOf.set(orderId, list(index));
    for (const [wireId, index, legIndex] of saved.pending) {
      const owner = list(index);
      const leg = owner.pending?.legs[legIndex];
      if (leg !== undefined) this.pendingByWireId.set(wireId, { list: owner, leg });
    }
    this.nextListId = saved.nextListId;
    this.nextPendingId = saved.nextPendingId;
    for (const [wireId, done] of saved.ended ?? []) this.ended.set(wireId, { params: new Map(done.params), orderListId: done.orderListId, status: done.status });
  }

  private onEvent(event: MatchingEvent): void {
    if (event.type !== 'order-filled' && event.type !== 'order-canceled' && event.type !== 'order-expired') return;
    const list = this.listOf.get(event.order.orderId);
    if (list === undefined || list.done) return;
    if (list.contingencyType === 'OTO') {
      if (event.type === 'order-filled' && event.order.status === 'filled') {
        list.done = true;
        void this.release(list);
      } else if (event.type !== 'order-filled') {
        // The working order ended unfilled: its pending legs never go on the book, and each gets its report.
        list.done = true;
        const status = event.type === 'order-canceled' ? 'CANCELED' : 'EXPIRED';
        for (const leg of list.pending?.legs ?? []) {
          this.pendingByWireId.delete(String(leg.wireOrderId));
          this.ended.set(String(leg.wireOrderId), { params: leg.params, orderListId: list.orderListId, status });
          this.exchange.publish(pendingLegEnded(leg.params, leg.wireOrderId, list.orderListId, status, this.now()));
        }
        list.pending = undefined;
        this.publishStatus(list, 'ALL_DONE', 'ALL_DONE');
      }
      return;
    }
    list.done = true;
    // A fill (even partial) or a cancel of one leg ends the others (OCO).
    for (const orderId of list.orderIds) {
      if (orderId !== event.order.orderId) this.engine.cancel({ orderId });
    }
    this.publishStatus(list, 'ALL_DONE', 'ALL_DONE');
  }
}

function ocoLeg(params: ReadonlyMap<string, string>): OcoLeg {
  return { type: params.get('type') ?? '', price: params.get('price'), stopPrice: params.get('stopPrice') };
}

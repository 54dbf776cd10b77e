import type { MatchingEngine, MatchingEvent } from '../matching';
import type { WireError } from './auth';
import type { Answer, SimExchange } from './exchange';
import { mandatory, type Params } from './validation';

interface OrderList {
  readonly orderListId: number;
  readonly symbol: string;
  readonly listClientOrderId: string;
  readonly orderIds: string[];
  done: boolean;
}

/**
 * OCO order lists: POST /api/v3/orderList/oco (spot: above/below legs) and the legacy POST /api/v3/order/oco
 * (Binance.US: a LIMIT_MAKER leg and a stop leg). A fill or a cancel of one leg expires the other, and a
 * listStatus event reports the list (user-data-stream.md).
 */
export class SimOrderLists {
  private readonly lists = new Map<number, OrderList>();
  private readonly listOf = new Map<string, OrderList>();
  private nextListId = 1;

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
    return this.place(params, [leg('above'), leg('below')]);
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
    return this.place(params, [stop, limit]);
  }

  private async place(params: Params, legs: Map<string, string>[]): Promise<Answer | WireError> {
    const orderListId = this.nextListId++;
    const list: OrderList = {
      orderListId,
      symbol: params.get('symbol') ?? '',
      listClientOrderId: params.get('listClientOrderId') ?? `list${orderListId}`,
      orderIds: [],
      done: false,
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
      contingencyType: 'OCO',
      listStatusType,
      listOrderStatus,
      listClientOrderId: list.listClientOrderId,
      transactionTime: this.now(),
      symbol: list.symbol,
      orders: list.orderIds.map((orderId) => {
        const order = this.engine.order({ orderId });
        return { symbol: list.symbol, orderId: Number(orderId), clientOrderId: order === undefined ? '' : this.exchange.metaOf(order).clientOrderId };
      }),
    };
  }

  private publishStatus(list: OrderList, listStatusType: string, listOrderStatus: string): void {
    const header = this.header(list, listStatusType, listOrderStatus);
    this.exchange.publish({
      e: 'listStatus',
      E: this.now(),
      s: list.symbol,
      g: list.orderListId,
      c: 'OCO',
      l: listStatusType,
      L: listOrderStatus,
      r: 'NONE',
      C: list.listClientOrderId,
      T: this.now(),
      O: (header.orders as { symbol: string; orderId: number; clientOrderId: string }[]).map((o) => ({ s: o.symbol, i: o.orderId, c: o.clientOrderId })),
    });
  }

  private onEvent(event: MatchingEvent): void {
    if (event.type !== 'order-filled' && event.type !== 'order-canceled' && event.type !== 'order-expired') return;
    const list = this.listOf.get(event.order.orderId);
    if (list === undefined || list.done) return;
    list.done = true;
    // A fill (even partial) or a cancel of one leg ends the others (OCO).
    for (const orderId of list.orderIds) {
      if (orderId !== event.order.orderId) this.engine.cancel({ orderId });
    }
    this.publishStatus(list, 'ALL_DONE', 'ALL_DONE');
  }
}

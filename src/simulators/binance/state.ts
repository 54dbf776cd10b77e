import { randomBytes } from 'node:crypto';
import { Quantity } from '../../core';
import type { MatchingEngine } from '../matching';
import type { SimApiKey, WireError } from './auth';
import type { DepthFeed } from './depth-feed';
import type { Answer, SimExchange } from './exchange';
import type { SimRateLimits } from './limits';
import type { SimMarket } from './market';
import type { SimProfile } from './profiles';
import type { RateLimitRule } from './symbols';
import { mandatory, type Params } from './validation';
import { orderResult } from './wire-format';
import { SimOrderLists } from './order-lists';

/** Faults a test arms; each fires once. */
export interface SimFaults {
  /** The next order is accepted, then its connection is destroyed with no answer. */
  loseNextOrderResponse: boolean;
  /** The next order is accepted, then answered -1007 (execution status unknown). */
  timeoutNextOrder: boolean;
  /** WebSocket upgrades are refused (an outage of the stream endpoints while REST still answers). */
  refuseStreams: boolean;
}

export interface RecordedRequest {
  readonly method: string;
  readonly path: string;
  readonly at: number;
}

/** Everything the Binance simulator's REST and WebSocket front ends share. */
export class SimState {
  readonly faults: SimFaults = { loseNextOrderResponse: false, timeoutNextOrder: false, refuseStreams: false };
  readonly requests: RecordedRequest[] = [];
  readonly listenKeys = new Map<string, number>();
  /** Open WebSocket API connections, for connection events. */
  readonly wsApiConnections = new Set<{ send(text: string): void }>();
  private orderPlacements = 0;

  constructor(
    readonly engine: MatchingEngine,
    readonly exchange: SimExchange,
    readonly market: SimMarket,
    readonly depth: DepthFeed,
    readonly limits: SimRateLimits,
    readonly keys: ReadonlyMap<string, SimApiKey>,
    readonly profile: SimProfile,
    readonly rateLimits: readonly RateLimitRule[],
    readonly now: () => number,
  ) {
    this.lists = new SimOrderLists(engine, exchange, now);
  }

  readonly lists: SimOrderLists;

  /** Brings the engine up to now (delayed commands, expiries). */
  advance(): void {
    this.engine.advanceTo(this.now());
  }

  recordRequest(method: string, path: string, at: number): void {
    this.requests.push({ method, path, at });
  }

  /** Orders that reached the book, for duplicate checks in tests. */
  placements(): number {
    return this.orderPlacements;
  }

  async placeWithFaults(params: Params): Promise<Answer | WireError> {
    const answer = await this.exchange.newOrder(params);
    if (!('code' in answer)) this.orderPlacements++;
    if (!('code' in answer) && this.faults.loseNextOrderResponse) {
      this.faults.loseNextOrderResponse = false;
      return { status: -1, body: undefined };
    }
    if (!('code' in answer) && this.faults.timeoutNextOrder) {
      this.faults.timeoutNextOrder = false;
      return { status: 408, code: -1007, msg: 'Timeout waiting for response from backend server. Send status unknown; execution status unknown.' };
    }
    return answer;
  }

  /** An order list placement (orderList/oco|oto|otoco, order/oco) with the same lost-answer fault as a single order. */
  async placeListWithFaults(place: () => Promise<Answer | WireError>): Promise<Answer | WireError> {
    const answer = await place();
    if (!('code' in answer) && this.faults.loseNextOrderResponse) {
      this.faults.loseNextOrderResponse = false;
      return { status: -1, body: undefined };
    }
    return answer;
  }

  /** POST /api/v3/order/cancelReplace with both modes and the 409 partial success (rest-api.md). */
  async cancelReplace(params: Params): Promise<Answer | WireError> {
    const mode = params.get('cancelReplaceMode');
    if (mode === undefined) return mandatory('cancelReplaceMode');
    if (mode !== 'STOP_ON_FAILURE' && mode !== 'ALLOW_FAILURE') return { status: 400, code: -1130, msg: "Data sent for parameter 'cancelReplaceMode' is not valid." };
    const cancelParams = new Map<string, string>([['symbol', params.get('symbol') ?? '']]);
    const id = params.get('cancelOrderId');
    const clientId = params.get('cancelOrigClientOrderId');
    if (id !== undefined) cancelParams.set('orderId', id);
    if (clientId !== undefined) cancelParams.set('origClientOrderId', clientId);
    const cancel = await this.exchange.cancelOrder(cancelParams);
    const cancelFailed = 'code' in cancel;
    const cancelResponse = cancelFailed ? { code: cancel.code, msg: cancel.msg } : cancel.body;
    if (cancelFailed && mode === 'STOP_ON_FAILURE') {
      return failure(400, -2022, 'Order cancel-replace failed.', { cancelResult: 'FAILURE', newOrderResult: 'NOT_ATTEMPTED', cancelResponse, newOrderResponse: null });
    }
    const newParams = new Map(params);
    for (const key of ['cancelReplaceMode', 'cancelOrderId', 'cancelOrigClientOrderId', 'cancelNewClientOrderId']) newParams.delete(key);
    const placed = await this.exchange.newOrder(newParams);
    const placedFailed = 'code' in placed;
    const newOrderResponse = placedFailed ? { code: placed.code, msg: placed.msg } : placed.body;
    const data = {
      cancelResult: cancelFailed ? 'FAILURE' : 'SUCCESS',
      newOrderResult: placedFailed ? 'FAILURE' : 'SUCCESS',
      cancelResponse,
      newOrderResponse,
    };
    if (cancelFailed && placedFailed) return failure(400, -2022, 'Order cancel-replace failed.', data);
    if (cancelFailed || placedFailed) return failure(409, -2021, 'Order cancel-replace partially failed.', data);
    return { status: 200, body: data };
  }

  /** PUT /api/v3/order/amend/keepPriority: a quantity decrease that keeps the order's place in the queue. */
  async amendKeepPriority(params: Params): Promise<Answer | WireError> {
    const newQty = params.get('newQty');
    if (newQty === undefined) return mandatory('newQty');
    const order = this.exchange.find(params);
    if (order === undefined) return { status: 400, code: -2013, msg: 'Order does not exist.' };
    if ('code' in order) return order;
    const quantity = Quantity.parse(newQty);
    if (quantity.gte(order.quantity)) return { status: 400, code: -2038, msg: 'Order amend (quantity increase) is not supported.' };
    const outcome = await this.engine.modify({ orderId: order.orderId }, { quantity }).done;
    if (outcome.status === 'rejected') return { status: 400, code: -2038, msg: outcome.reason };
    const meta = this.exchange.metaOf(outcome.order);
    const newClientOrderId = params.get('newClientOrderId');
    if (newClientOrderId !== undefined) meta.clientOrderId = newClientOrderId;
    return { status: 200, body: { transactTime: this.now(), executionId: this.now(), amendedOrder: orderResult(outcome.order, meta, this.now()) } };
  }

  /** web-socket-api.md "Server Shutdown": every WebSocket API connection is told to reconnect. */
  announceShutdown(): void {
    for (const connection of this.wsApiConnections) connection.send(JSON.stringify({ event: { e: 'serverShutdown', E: this.now() } }));
  }

  /** GET /api/v3/order, including OTO legs still pending. */
  queryOrder(params: Params): Answer | WireError {
    const answer = this.exchange.queryOrder(params);
    if ('code' in answer && answer.code === -2013) return this.lists.pendingOrder(params) ?? answer;
    return answer;
  }

  /** DELETE /api/v3/order, including a list leg still pending (which cancels its whole list). */
  async cancelOrder(params: Params): Promise<Answer | WireError> {
    const answer = await this.exchange.cancelOrder(params);
    if ('code' in answer && answer.code === -2011) return (await this.lists.cancelPending(params)) ?? answer;
    return answer;
  }

  createListenKey(): string {
    const key = randomBytes(30).toString('hex');
    this.listenKeys.set(key, this.now());
    return key;
  }

  keepAliveListenKey(key: string | undefined): Answer | WireError {
    if (key === undefined || !this.listenKeys.has(key)) return { status: 400, code: -1125, msg: 'This listenKey does not exist.' };
    this.listenKeys.set(key, this.now());
    return { status: 200, body: {} };
  }

  closeListenKey(key: string | undefined): Answer | WireError {
    if (key === undefined || !this.listenKeys.delete(key)) return { status: 400, code: -1125, msg: 'This listenKey does not exist.' };
    return { status: 200, body: {} };
  }
}

function failure(status: number, code: number, msg: string, data: unknown): Answer {
  return { status, body: { code, msg, data } };
}

import type { Clock } from '../../../core/clock';
import { TmtError } from '../../../core/errors/tmt-error';
import type { BinanceRequestLogEntry, BinanceRequestLogSink } from '../http/request-log';
import type { ParamValue, Params } from '../credentials';
import type { BinanceRestApi } from '../http/endpoints';
import type { BinanceRateLimiter } from '../http/rate-limiter';
import type { WireOrder } from '../parse/wire';
import type { WsApiConnection } from './ws-api-connection';

/** Where orders go: REST, or the WebSocket API's order.place / order.cancel on a persistent connection. */
export interface OrderTransport {
  newOrder(order: Params): Promise<WireOrder>;
  cancelOrder(symbol: string, origClientOrderId: string | undefined, orderId: string | undefined): Promise<WireOrder>;
}

export function restOrders(api: BinanceRestApi): OrderTransport {
  return {
    newOrder: (order) => api.newOrder(order),
    cancelOrder: (symbol, clientId, orderId) => api.cancelOrder(symbol, clientId, orderId),
  };
}

/**
 * order.place / order.cancel over the WebSocket API (web-socket-api.md "Trading requests"): same parameters
 * as REST, signed with the WebSocket payload rule. The lower-latency path; REST stays the fallback when the
 * connection is down (VENUE_UNAVAILABLE: nothing was sent).
 */
export function wsApiOrders(
  connection: () => WsApiConnection | undefined,
  limiter: BinanceRateLimiter,
  fallback: OrderTransport,
  log: { readonly venue: 'BINANCE' | 'BINANCEUS'; readonly clock: Clock; readonly sink: BinanceRequestLogSink },
): OrderTransport {
  const call = async (method: string, params: Params, orders: number): Promise<WireOrder> => {
    const socket = connection();
    if (socket === undefined || !socket.isOpen) throw new TmtError('VENUE_UNAVAILABLE', `binance websocket API is not connected for ${method}`);
    const record: Record<string, ParamValue> = {};
    for (const [key, value] of params) record[key] = value;
    await limiter.acquire(1, orders);
    const startedAt = log.clock.now();
    const started = log.clock.monotonicNanos();
    const entry = (fields: Pick<BinanceRequestLogEntry, 'outcome'> & Partial<BinanceRequestLogEntry>): void =>
      log.sink({ venue: log.venue, method: 'WS', path: method, weight: 1, startedAt, latencyMs: Number(log.clock.monotonicNanos() - started) / 1e6, ...fields });
    try {
      const answer = await socket.request<WireOrder>(method, record);
      entry({ outcome: 'ok' });
      return answer;
    } catch (error) {
      const code = error instanceof TmtError ? error.code : 'VENUE_PROTOCOL';
      const venueCode = error instanceof TmtError && error.details.venueCode !== undefined ? { venueCode: Number(error.details.venueCode) } : {};
      entry({ outcome: code === 'VENUE_OUTCOME_UNKNOWN' ? 'unknown-outcome' : 'http-error', errorCode: code, ...venueCode });
      throw error;
    } finally {
      limiter.release(1, orders);
    }
  };
  const orFallback = async <T>(ws: () => Promise<T>, rest: () => Promise<T>): Promise<T> => {
    try {
      return await ws();
    } catch (error) {
      if (error instanceof TmtError && error.code === 'VENUE_UNAVAILABLE' && error.message.includes('not connected')) return rest();
      throw error;
    }
  };
  return {
    newOrder: (order) => orFallback(() => call('order.place', order, 1), () => fallback.newOrder(order)),
    cancelOrder: (symbol, clientId, orderId) => {
      const params: [string, ParamValue][] = [['symbol', symbol]];
      if (orderId !== undefined) params.push(['orderId', orderId]);
      if (clientId !== undefined) params.push(['origClientOrderId', clientId]);
      return orFallback(() => call('order.cancel', params, 0), () => fallback.cancelOrder(symbol, clientId, orderId));
    },
  };
}

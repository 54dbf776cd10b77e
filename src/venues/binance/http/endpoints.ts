import type { ParamValue, Params } from '../credentials';
import type { BinanceProfile } from '../profiles';
import type { ExchangeInfo } from '../parse/exchange-info';
import type { WireAccount, WireCancelReplace, WireDepth, WireOrder, WireOrderList, WireTrade } from '../parse/wire';
import type { BinanceRestClient } from './rest-client';

type Maybe = ParamValue | undefined;

/** Drops absent parameters, keeping the order given (the order is part of the signed payload). */
export function params(entries: readonly (readonly [string, Maybe])[]): Params {
  const out: [string, ParamValue][] = [];
  for (const [key, value] of entries) if (value !== undefined) out.push([key, value]);
  return out;
}

/** depth weights from rest-api.md "Order book". */
export function depthWeight(limit: number): number {
  if (limit <= 100) return 5;
  if (limit <= 500) return 25;
  if (limit <= 1000) return 50;
  return 250;
}

/**
 * The raw REST API: one method per endpoint, named after it, parameters as on the wire (STYLE rule 7).
 * Weights are the documented ones; the limiter spends them before sending.
 */
export class BinanceRestApi {
  constructor(
    readonly http: BinanceRestClient,
    readonly profile: BinanceProfile,
  ) {}

  /** GET /api/v3/time */
  time(): Promise<{ serverTime: number }> {
    return this.http.call({ method: 'GET', path: '/api/v3/time', params: [], security: 'NONE', weight: 1 });
  }

  /** GET /api/v3/exchangeInfo */
  exchangeInfo(): Promise<ExchangeInfo> {
    return this.http.call({ method: 'GET', path: '/api/v3/exchangeInfo', params: [], security: 'NONE', weight: 20 });
  }

  /** GET /api/v3/depth */
  depth(symbol: string, limit: number): Promise<WireDepth> {
    return this.http.call({ method: 'GET', path: '/api/v3/depth', params: params([['symbol', symbol], ['limit', limit]]), security: 'NONE', weight: depthWeight(limit) });
  }

  /** GET /api/v3/avgPrice: the weighted average the percent-price filters are measured against. */
  avgPrice(symbol: string): Promise<{ mins: number; price: string; closeTime?: number }> {
    return this.http.call({ method: 'GET', path: '/api/v3/avgPrice', params: params([['symbol', symbol]]), security: 'NONE', weight: 2 });
  }

  /** POST /api/v3/order */
  newOrder(order: Params): Promise<WireOrder> {
    return this.http.call({ method: 'POST', path: '/api/v3/order', params: order, security: 'SIGNED', weight: 1, orders: 1 });
  }

  /** DELETE /api/v3/order */
  cancelOrder(symbol: string, origClientOrderId: string | undefined, orderId: string | undefined): Promise<WireOrder> {
    const query = params([['symbol', symbol], ['orderId', orderId], ['origClientOrderId', origClientOrderId]]);
    return this.http.call({ method: 'DELETE', path: '/api/v3/order', params: query, security: 'SIGNED', weight: 1 });
  }

  /** DELETE /api/v3/openOrders */
  cancelOpenOrders(symbol: string): Promise<WireOrder[]> {
    return this.http.call({ method: 'DELETE', path: '/api/v3/openOrders', params: [['symbol', symbol]], security: 'SIGNED', weight: 1 });
  }

  /** GET /api/v3/order */
  getOrder(symbol: string, origClientOrderId: string | undefined, orderId: string | undefined): Promise<WireOrder> {
    const query = params([['symbol', symbol], ['orderId', orderId], ['origClientOrderId', origClientOrderId]]);
    return this.http.call({ method: 'GET', path: '/api/v3/order', params: query, security: 'SIGNED', weight: 4 });
  }

  /** GET /api/v3/openOrders */
  openOrders(symbol?: string): Promise<WireOrder[]> {
    return this.http.call({ method: 'GET', path: '/api/v3/openOrders', params: params([['symbol', symbol]]), security: 'SIGNED', weight: symbol === undefined ? 80 : 6 });
  }

  /** GET /api/v3/myTrades */
  myTrades(symbol: string, startTime?: number, fromId?: number, limit = 1000): Promise<WireTrade[]> {
    const query = params([['symbol', symbol], ['startTime', startTime], ['fromId', fromId], ['limit', limit]]);
    return this.http.call({ method: 'GET', path: '/api/v3/myTrades', params: query, security: 'SIGNED', weight: 20 });
  }

  /** GET /api/v3/account */
  account(): Promise<WireAccount> {
    return this.http.call({ method: 'GET', path: '/api/v3/account', params: [['omitZeroBalances', 'true']], security: 'SIGNED', weight: 20 });
  }

  /** POST /api/v3/order/cancelReplace */
  cancelReplace(order: Params): Promise<WireCancelReplace> {
    return this.http.call({ method: 'POST', path: '/api/v3/order/cancelReplace', params: order, security: 'SIGNED', weight: 1, orders: 1 });
  }

  /** PUT /api/v3/order/amend/keepPriority (spot only; the profile says whether it exists). */
  amendKeepPriority(symbol: string, origClientOrderId: string, newQty: string, newClientOrderId?: string): Promise<{ amendedOrder: WireOrder }> {
    const query = params([['symbol', symbol], ['origClientOrderId', origClientOrderId], ['newQty', newQty], ['newClientOrderId', newClientOrderId]]);
    return this.http.call({ method: 'PUT', path: '/api/v3/order/amend/keepPriority', params: query, security: 'SIGNED', weight: 4, orders: 0 });
  }

  /** POST /api/v3/orderList/oco, or on Binance.US the legacy POST /api/v3/order/oco (the profile decides). */
  newOco(list: Params): Promise<WireOrderList> {
    return this.http.call({ method: 'POST', path: this.profile.ocoEndpoint, params: list, security: 'SIGNED', weight: 1, orders: 2 });
  }

  /** POST /api/v3/orderList/oto */
  newOto(list: Params): Promise<WireOrderList> {
    return this.http.call({ method: 'POST', path: '/api/v3/orderList/oto', params: list, security: 'SIGNED', weight: 1, orders: 2 });
  }

  /** POST /api/v3/orderList/otoco */
  newOtoco(list: Params): Promise<WireOrderList> {
    return this.http.call({ method: 'POST', path: '/api/v3/orderList/otoco', params: list, security: 'SIGNED', weight: 1, orders: 3 });
  }

  /** POST /api/v3/userDataStream (Binance.US listenKey). */
  createListenKey(): Promise<{ listenKey: string }> {
    return this.http.call({ method: 'POST', path: '/api/v3/userDataStream', params: [], security: 'API_KEY', weight: 2 });
  }

  /** PUT /api/v3/userDataStream */
  keepAliveListenKey(listenKey: string): Promise<unknown> {
    return this.http.call({ method: 'PUT', path: '/api/v3/userDataStream', params: [['listenKey', listenKey]], security: 'API_KEY', weight: 2 });
  }

  /** DELETE /api/v3/userDataStream */
  closeListenKey(listenKey: string): Promise<unknown> {
    return this.http.call({ method: 'DELETE', path: '/api/v3/userDataStream', params: [['listenKey', listenKey]], security: 'API_KEY', weight: 2 });
  }
}

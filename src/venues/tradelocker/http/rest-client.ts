import { TmtError } from '../../../core/errors';
import type { RouteName } from '../enums';
import type { TradeLockerSession } from './session';
import type { HttpMethod, TlResponse, TradeLockerTransport } from './transport';

type Query = Readonly<Record<string, string | undefined>>;

const withQuery = (path: string, query: Query = {}): string => {
  const entries = Object.entries(query).filter((entry): entry is [string, string] => entry[1] !== undefined);
  return entries.length === 0 ? path : `${path}?${new URLSearchParams(entries).toString()}`;
};

/**
 * The raw TradeLocker REST client: one method per endpoint, named as the API reference names the call, the
 * path in a comment, answers returned as the venue sent them. It adds the Bearer token and the accNum header,
 * renews the token once on a 401 (the request was refused, so resending is safe), and retries reads on 429
 * and 5xx; a write is sent once.
 */
export class TradeLockerRestClient {
  constructor(
    private readonly transport: TradeLockerTransport,
    private readonly session: TradeLockerSession,
    private readonly maxRetries: number,
  ) {}

  close(): Promise<void> {
    return this.transport.close();
  }

  /** GET /auth/jwt/all-accounts (no accNum: the account is not chosen yet). */
  getAllAccounts(): Promise<TlResponse> {
    return this.call('GET', '/auth/jwt/all-accounts', undefined, undefined, undefined);
  }

  /** GET /trade/config */
  getConfig(accNum: string): Promise<TlResponse> {
    return this.call('GET', '/trade/config', accNum, 'GET_ACCOUNTS');
  }

  /** GET /trade/accounts/{accountId}/instruments */
  getInstruments(accNum: string, accountId: string): Promise<TlResponse> {
    return this.call('GET', `/trade/accounts/${accountId}/instruments`, accNum, 'GET_INSTRUMENTS');
  }

  /** GET /trade/instruments/{tradableInstrumentId}?routeId= */
  getInstrumentDetails(accNum: string, tradableInstrumentId: string, routeId: string): Promise<TlResponse> {
    return this.call('GET', withQuery(`/trade/instruments/${tradableInstrumentId}`, { routeId, locale: 'en' }), accNum, 'GET_INSTRUMENT_DETAILS');
  }

  /** GET /trade/sessions/{sessionId} */
  getSessionDetails(accNum: string, sessionId: string): Promise<TlResponse> {
    return this.call('GET', `/trade/sessions/${sessionId}`, accNum, 'GET_TRADE_SESSIONS');
  }

  /** GET /trade/accounts/{accountId}/orders (non-final orders) */
  getOrders(accNum: string, accountId: string, query?: Query): Promise<TlResponse> {
    return this.call('GET', withQuery(`/trade/accounts/${accountId}/orders`, query), accNum, 'GET_ORDERS');
  }

  /** GET /trade/accounts/{accountId}/ordersHistory */
  getOrdersHistory(accNum: string, accountId: string, query?: Query): Promise<TlResponse> {
    return this.call('GET', withQuery(`/trade/accounts/${accountId}/ordersHistory`, query), accNum, 'GET_ORDERS_HISTORY');
  }

  /** GET /trade/accounts/{accountId}/positions */
  getPositions(accNum: string, accountId: string): Promise<TlResponse> {
    return this.call('GET', `/trade/accounts/${accountId}/positions`, accNum, 'GET_POSITIONS');
  }

  /** GET /trade/accounts/{accountId}/executions */
  getExecutions(accNum: string, accountId: string): Promise<TlResponse> {
    return this.call('GET', `/trade/accounts/${accountId}/executions`, accNum, 'GET_EXECUTIONS');
  }

  /** GET /trade/accounts/{accountId}/state */
  getAccountState(accNum: string, accountId: string): Promise<TlResponse> {
    return this.call('GET', `/trade/accounts/${accountId}/state`, accNum, 'GET_ACCOUNTS_STATE');
  }

  /** POST /trade/accounts/{accountId}/orders */
  placeOrder(accNum: string, accountId: string, body: unknown): Promise<TlResponse> {
    return this.call('POST', `/trade/accounts/${accountId}/orders`, accNum, 'PLACE_ORDER', body);
  }

  /** DELETE /trade/accounts/{accountId}/orders[?tradableInstrumentId] */
  cancelAllOrders(accNum: string, accountId: string, tradableInstrumentId?: string): Promise<TlResponse> {
    return this.call('DELETE', withQuery(`/trade/accounts/${accountId}/orders`, { tradableInstrumentId }), accNum, 'MODIFY_ORDER');
  }

  /** DELETE /trade/accounts/{accountId}/positions[?tradableInstrumentId] */
  closeAllPositions(accNum: string, accountId: string, tradableInstrumentId?: string): Promise<TlResponse> {
    return this.call('DELETE', withQuery(`/trade/accounts/${accountId}/positions`, { tradableInstrumentId }), accNum, 'MODIFY_POSITION');
  }

  /** DELETE /trade/orders/{orderId} */
  cancelOrder(accNum: string, orderId: string): Promise<TlResponse> {
    return this.call('DELETE', `/trade/orders/${orderId}`, accNum, 'MODIFY_ORDER');
  }

  /** PATCH /trade/orders/{orderId} */
  modifyOrder(accNum: string, orderId: string, body: unknown): Promise<TlResponse> {
    return this.call('PATCH', `/trade/orders/${orderId}`, accNum, 'MODIFY_ORDER', body);
  }

  /** DELETE /trade/positions/{positionId} with {"qty"} (0: all of it) */
  closePosition(accNum: string, positionId: string, body: unknown): Promise<TlResponse> {
    return this.call('DELETE', `/trade/positions/${positionId}`, accNum, 'MODIFY_POSITION', body);
  }

  /** PATCH /trade/positions/{positionId} */
  modifyPosition(accNum: string, positionId: string, body: unknown): Promise<TlResponse> {
    return this.call('PATCH', `/trade/positions/${positionId}`, accNum, 'MODIFY_POSITION', body);
  }

  /** GET /trade/quotes?tradableInstrumentId=&routeId= (the INFO route) */
  getQuotes(accNum: string, tradableInstrumentId: string, routeId: string): Promise<TlResponse> {
    return this.call('GET', withQuery('/trade/quotes', { tradableInstrumentId, routeId }), accNum, 'QUOTES');
  }

  /** GET /trade/history?tradableInstrumentId=&routeId=&resolution=&from=&to= */
  getHistory(accNum: string, query: { tradableInstrumentId: string; routeId: string; resolution: string; from: string; to: string }): Promise<TlResponse> {
    return this.call('GET', withQuery('/trade/history', query), accNum, 'QUOTES_HISTORY');
  }

  private async call(method: HttpMethod, path: string, accNum: string | undefined, route: RouteName | undefined, body?: unknown): Promise<TlResponse> {
    const attempts = method === 'GET' ? this.maxRetries + 1 : 1;
    let last: TlResponse | undefined;
    for (let attempt = 0; attempt < attempts; attempt++) {
      try {
        last = await this.authorized(method, path, accNum, route, body);
      } catch (error) {
        if (attempt === attempts - 1 || !(error instanceof TmtError && error.retryable)) throw error;
        continue;
      }
      if (last.status !== 429 && last.status < 500) return last;
    }
    return last as TlResponse;
  }

  private async authorized(method: HttpMethod, path: string, accNum: string | undefined, route: RouteName | undefined, body: unknown): Promise<TlResponse> {
    const send = async (): Promise<TlResponse> =>
      this.transport.send({ method, path, authorization: await this.session.authorization(), ...(accNum === undefined ? {} : { accNum }), ...(route === undefined ? {} : { route }), ...(body === undefined ? {} : { body }) });
    const first = await send();
    if (first.status !== 401) return first;
    this.session.invalidate();
    return send();
  }
}

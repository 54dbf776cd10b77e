import type { DxRequestKind } from './rate-limiter';
import type { DxtradeSession } from './session';
import type { DxMethod, DxResponse, DxTransport } from './transport';

const enc = encodeURIComponent;

function query(params: Readonly<Record<string, string | undefined>>): string {
  const parts = Object.entries(params).filter((e): e is [string, string] => e[1] !== undefined).map(([k, v]) => `${k}=${enc(v)}`);
  return parts.length === 0 ? '' : `?${parts.join('&')}`;
}

/**
 * DXtrade's REST trading API, one method per endpoint (names after the spec's resources, the path in a
 * comment). Answers are returned as they came (status, exact-JSON body, ETag); the execution client reads them.
 * A 401 means the request was not carried out (authentication comes first): it is sent again once after a new
 * login, writes included.
 */
export class DxtradeRestClient {
  constructor(private readonly transport: DxTransport, readonly session: DxtradeSession) {}

  private async call(kind: DxRequestKind, method: DxMethod, path: string, body?: string, headers: Record<string, string> = {}): Promise<DxResponse> {
    let token = await this.session.current();
    for (let attempt = 0; ; attempt++) {
      const answer = await this.transport.send(kind, method, path, body, { ...headers, authorization: `DXAPI ${token}` });
      if (answer.status !== 401 || attempt > 0) {
        if (answer.status !== 401) this.session.used();
        return answer;
      }
      token = await this.session.refresh(token);
    }
  }

  /** GET /users/{username} */
  user(username: string): Promise<DxResponse> {
    return this.call('data', 'GET', `/users/${enc(username)}`);
  }

  /** GET /instruments/query?symbols= */
  instruments(symbols?: readonly string[]): Promise<DxResponse> {
    return this.call('data', 'GET', `/instruments/query${query({ symbols: symbols?.join(',') })}`);
  }

  /** GET /accounts/{account}/instruments/query */
  accountInstruments(account: string, symbols?: readonly string[]): Promise<DxResponse> {
    return this.call('data', 'GET', `/accounts/${enc(account)}/instruments/query${query({ symbols: symbols?.join(',') })}`);
  }

  /** GET /accounts/{account}/orders (working orders) */
  openOrders(account: string): Promise<DxResponse> {
    return this.call('data', 'GET', `/accounts/${enc(account)}/orders`);
  }

  /** GET /accounts/{account}/orders/history */
  orderHistory(account: string, filter: { 'with-client-id'?: string; 'with-order-id'?: string; 'transaction-from'?: string; 'in-status'?: string }): Promise<DxResponse> {
    return this.call('data', 'GET', `/accounts/${enc(account)}/orders/history${query(filter)}`);
  }

  /** POST /accounts/{account}/orders: a Single Order Request or an Order Group Request. */
  placeOrder(account: string, body: string): Promise<DxResponse> {
    return this.call('trading', 'POST', `/accounts/${enc(account)}/orders`, body);
  }

  /** PUT /accounts/{account}/orders, conditional on the order's version (If-Match). */
  modifyOrder(account: string, body: string, version: string): Promise<DxResponse> {
    return this.call('trading', 'PUT', `/accounts/${enc(account)}/orders`, body, { 'if-match': `"${version}"` });
  }

  /** DELETE /accounts/{account}/orders/{order code}, conditional on the order's version (If-Match). */
  cancelOrder(account: string, orderCode: string, version: string): Promise<DxResponse> {
    return this.call('trading', 'DELETE', `/accounts/${enc(account)}/orders/${enc(orderCode)}`, undefined, { 'if-match': `"${version}"` });
  }

  /** DELETE /accounts/{account}/orders/group?order-codes=&contingency-type= */
  cancelGroup(account: string, orderCodes: readonly string[], contingencyType?: 'OCO' | 'IF-THEN'): Promise<DxResponse> {
    return this.call('trading', 'DELETE', `/accounts/${enc(account)}/orders/group${query({ 'order-codes': orderCodes.join(','), 'contingency-type': contingencyType })}`, undefined, { 'if-match': '*' });
  }

  /** GET /accounts/{account}/positions */
  positions(account: string): Promise<DxResponse> {
    return this.call('data', 'GET', `/accounts/${enc(account)}/positions`);
  }

  /** GET /accounts/{account}/metrics */
  metrics(account: string, includePositions = false): Promise<DxResponse> {
    return this.call('data', 'GET', `/accounts/${enc(account)}/metrics${query({ 'include-positions': includePositions ? 'true' : undefined })}`);
  }

  /** GET /accounts/{account}/portfolio */
  portfolio(account: string): Promise<DxResponse> {
    return this.call('data', 'GET', `/accounts/${enc(account)}/portfolio`);
  }

  /** POST /marketdata (Market Data Request) */
  marketData(body: string): Promise<DxResponse> {
    return this.call('data', 'POST', '/marketdata', body);
  }
}

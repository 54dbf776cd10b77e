import { Agent, request, type Dispatcher } from 'undici';

import { ApiClientError } from './client-error';

export { ApiClientError } from './client-error';

export interface ApiClientOptions {
  /** e.g. http://127.0.0.1:8004 */
  readonly baseUrl: string;
  readonly token?: string;
  /** Accept a self-signed certificate (a TLS binding in a test or on a private network). */
  readonly insecureTls?: boolean;
  readonly dispatcher?: Dispatcher;
}

export interface RawResponse<T> {
  readonly status: number;
  readonly body: T;
}

/**
 * The HTTP client used by the CLI, the tests and scripts: one method per route family, JSON in and out,
 * error answers thrown as ApiClientError with the service's code.
 */
export class ApiClient {
  private readonly dispatcher: Dispatcher | undefined;

  constructor(private readonly options: ApiClientOptions) {
    this.dispatcher =
      options.dispatcher ??
      (options.insecureTls === true ? new Agent({ connect: { rejectUnauthorized: false } }) : undefined);
  }

  /** Any call, returning status and body without throwing on 4xx/5xx. */
  async raw<T = unknown>(
    method: Dispatcher.HttpMethod,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<RawResponse<T>> {
    const response = await request(new URL(path, this.options.baseUrl), {
      method,
      headers: {
        ...(this.options.token === undefined ? {} : { authorization: `Bearer ${this.options.token}` }),
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...headers,
      },
      ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
      ...(this.dispatcher === undefined ? {} : { dispatcher: this.dispatcher }),
    });
    const text = await response.body.text();
    const contentType = String(response.headers['content-type'] ?? '');
    const parsed =
      contentType.includes('application/json') && text !== '' ? (JSON.parse(text) as T) : (text as T);
    return { status: response.statusCode, body: parsed };
  }

  async call<T = Record<string, unknown>>(
    method: Dispatcher.HttpMethod,
    path: string,
    body?: unknown,
  ): Promise<T> {
    const response = await this.raw<T>(method, path, body);
    if (response.status >= 400) {
      const error = response.body as { code?: string; message?: string; field?: string };
      throw new ApiClientError(
        response.status,
        error.code ?? 'HTTP_ERROR',
        error.message ?? `HTTP ${response.status}`,
        error.field,
        response.body,
      );
    }
    return response.body;
  }

  private static query(params: Record<string, string | number | boolean | undefined>): string {
    const entries = Object.entries(params).filter(
      (e): e is [string, string | number | boolean] => e[1] !== undefined,
    );
    return entries.length === 0
      ? ''
      : `?${new URLSearchParams(entries.map(([k, v]) => [k, String(v)])).toString()}`;
  }

  /** Readiness: the body for 200 and 503 alike (a not-ready service still says why). */
  health = async () => (await this.raw<Record<string, unknown>>('GET', '/health/ready')).body;
  submitOrder = (order: Record<string, unknown>) =>
    this.raw<Record<string, unknown>>('POST', '/api/v1/orders', order);
  submitOrderList = (list: Record<string, unknown>) =>
    this.raw<Record<string, unknown>>('POST', '/api/v1/order-lists', list);
  orders = (filter: Record<string, string | number | boolean | undefined> = {}) =>
    this.call<{ orders: Record<string, unknown>[] }>('GET', `/api/v1/orders${ApiClient.query(filter)}`);
  order = (id: string) => this.call('GET', `/api/v1/orders/${encodeURIComponent(id)}`);
  modifyOrder = (id: string, amendment: Record<string, unknown>) =>
    this.call('PATCH', `/api/v1/orders/${encodeURIComponent(id)}`, amendment);
  cancelOrder = (id: string) => this.call('DELETE', `/api/v1/orders/${encodeURIComponent(id)}`);
  cancelAll = (filter: { accountId?: string; instrumentId?: string } = {}) =>
    this.call<{ canceled: number }>('POST', '/api/v1/orders/cancel-all', filter);
  positions = (accountId?: string) =>
    this.call<{ positions: Record<string, unknown>[] }>(
      'GET',
      `/api/v1/positions${ApiClient.query({ accountId })}`,
    );
  closePosition = (accountId: string, instrumentId: string, quantity?: string) =>
    this.raw<Record<string, unknown>>(
      'POST',
      `/api/v1/positions/${encodeURIComponent(accountId)}/${encodeURIComponent(instrumentId)}/close`,
      quantity === undefined ? {} : { quantity },
    );
  fills = (filter: Record<string, string | number | undefined> = {}) =>
    this.call<{ fills: Record<string, unknown>[]; nextOffset?: number }>(
      'GET',
      `/api/v1/fills${ApiClient.query(filter)}`,
    );
  prices = () => this.call<{ prices: Record<string, unknown>[] }>('GET', '/api/v1/prices');
  instruments = () => this.call<{ instruments: Record<string, unknown>[] }>('GET', '/api/v1/instruments');
  accounts = () => this.call<{ accounts: Record<string, unknown>[] }>('GET', '/api/v1/accounts');
  setAccountEnabled = (accountId: string, enabled: boolean) =>
    this.call('POST', `/api/v1/accounts/${encodeURIComponent(accountId)}/${enabled ? 'enable' : 'disable'}`);
  risk = () => this.call('GET', '/api/v1/risk');
  updateRiskLimits = (scope: string, limits: Record<string, string | number | null>) =>
    this.call('PUT', '/api/v1/risk/limits', { scope, limits });
  setTradingState = (scope: string, state: string, reason: string) =>
    this.call('POST', '/api/v1/risk/state', { scope, state, reason });
  emergencyStop = (flatten = false) =>
    this.call<Record<string, unknown>>('POST', '/emergency-stop', { flatten });
  stopIntake = () => this.call('POST', '/stop', {});
  startIntake = () => this.call('POST', '/start', {});
  events = (after?: number, limit?: number) =>
    this.call<{ events: { cursor: number; event: Record<string, unknown> }[]; head: number }>(
      'GET',
      `/api/v1/events${ApiClient.query({ after, limit })}`,
    );
  audit = (query: { after?: number; limit?: number; actor?: string; action?: string } = {}) =>
    this.call<{ entries: Record<string, unknown>[] }>('GET', `/api/v1/audit${ApiClient.query(query)}`);
  tokens = () => this.call<{ tokens: Record<string, unknown>[] }>('GET', '/api/v1/tokens');
  currentToken = () =>
    this.call<{ id: string; name: string; scope: 'read' | 'trade' | 'admin' }>(
      'GET',
      '/api/v1/tokens/current',
    );
  createToken = (name: string, scope: 'read' | 'trade' | 'admin') =>
    this.call<{ id: string; token: string; scope: string; name: string }>('POST', '/api/v1/tokens', {
      name,
      scope,
    });
  revokeToken = (id: string) => this.call('DELETE', `/api/v1/tokens/${encodeURIComponent(id)}`);
  metrics = () => this.call<string>('GET', '/metrics');
}

import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { parse } from 'lossless-json';

import type { DxtradeSimUser } from './accounts';
import type { CandleBook } from './candles';
import { DX_ERRORS, DxtradeRequestError, fail, type DxtradeError } from './errors';
import type { DxtradeExchange } from './exchange';
import type { DxtradeFaults } from './faults';
import { DXTRADE_INSTRUMENTS } from './instruments';
import type { RateLimiter, Sessions } from './sessions';
import { FINAL_STATUSES, type DxSimOrder } from './state';
import { validateOrderRequest } from './validation';
import { exactJson, instrumentDetailsJson, instrumentJson, metricsJson, orderJson, positionJson, userJson } from './wire-format';
import { marketData } from './market-data';

export interface DxtradeVenueContext {
  readonly user: DxtradeSimUser;
  readonly exchange: DxtradeExchange;
  readonly sessions: Sessions;
  readonly limiter: RateLimiter;
  readonly faults: DxtradeFaults;
  readonly candles: CandleBook;
  readonly startedAt: number;
  /** Requests answered, by path (tests count what the adapter sent). */
  readonly requests: Map<string, number>;
}

const BASE = '/dxsca-web';

type Request = FastifyRequest<{ Params: Record<string, string>; Querystring: Record<string, string | undefined> }>;

function send(reply: FastifyReply, status: number, body: unknown, etag?: number): FastifyReply {
  if (etag !== undefined) void reply.header('ETag', `"${etag}"`);
  return reply.code(status).header('content-type', 'application/json').send(exactJson(body));
}

function sendError(reply: FastifyReply, error: DxtradeError): FastifyReply {
  return send(reply, error.status, { errorCode: error.errorCode, description: error.description });
}

/** The token of `Authorization: DXAPI <token>`, its session pushed forward; 401 otherwise. */
function authorize(context: DxtradeVenueContext, request: Request): string {
  const header = request.headers.authorization ?? '';
  const match = /^DXAPI (\S+)$/.exec(header);
  const user = match?.[1] === undefined ? undefined : context.sessions.touch(match[1]);
  if (user === undefined || match?.[1] === undefined) fail(DX_ERRORS.unauthorized());
  return match[1];
}

function accountOf(context: DxtradeVenueContext, request: Request): string {
  const account = request.params['account'] ?? '';
  if (!context.user.accounts.some((a) => a.code === account)) fail(DX_ERRORS.notFound());
  return account;
}

function responses(orders: readonly DxSimOrder[]): unknown {
  const list = orders.map((o) => ({ orderId: o.orderId, updateOrderId: o.orderId }));
  return list.length === 1 ? list[0] : { orderResponses: list };
}

function time(query: Record<string, string | undefined>, name: string): number | undefined {
  const value = query[name];
  if (value === undefined) return undefined;
  const parsed = Date.parse(value);
  if (Number.isNaN(parsed)) fail(DX_ERRORS.badParameters(`${name} must be an ISO-8601 timestamp`));
  return parsed;
}

/** The REST API of DXtrade's trading gateway (`/dxsca-web`), over the exchange. */
export function registerRest(app: FastifyInstance, context: DxtradeVenueContext): void {
  const { exchange, sessions, limiter, faults } = context;
  app.removeAllContentTypeParsers();
  // Exact numbers: JSON bodies are read with lossless-json (a number stays its text, never a binary float).
  app.addContentTypeParser(['application/json', 'text/plain'], { parseAs: 'string' }, (_request, body, done) => {
    try {
      done(null, (body as string).length === 0 ? undefined : parse(body as string));
    } catch {
      done(new DxtradeRequestError(DX_ERRORS.badRequest('the body is not valid JSON')), undefined);
    }
  });
  app.setErrorHandler((error, _request, reply) => {
    if (error instanceof DxtradeRequestError) return sendError(reply, error.dx);
    const status = (error as { statusCode?: number }).statusCode;
    if (status === 415) return sendError(reply, { status: 415, errorCode: '33', description: 'Unsupported media type: send application/json' });
    return sendError(reply, DX_ERRORS.internal());
  });
  app.setNotFoundHandler((_request, reply) => sendError(reply, DX_ERRORS.notFound()));
  app.addHook('onRequest', async (request, reply) => {
    const path = request.url.split('?')[0] ?? '';
    context.requests.set(`${request.method} ${path}`, (context.requests.get(`${request.method} ${path}`) ?? 0) + 1);
    const failure = faults.takeFailure(request.method, path);
    if (failure !== undefined) return sendError(reply, failure);
    const token = /^DXAPI (\S+)$/.exec(request.headers.authorization ?? '')?.[1] ?? request.ip;
    const kind = path === `${BASE}/login` ? 'loginPerSecond' : request.method === 'GET' || path.endsWith('/history') || path.endsWith('/marketdata') || path === `${BASE}/ping` ? 'dataPerSecond' : 'tradingPerSecond';
    if (!limiter.allow(kind, kind === 'loginPerSecond' ? request.ip : token)) return sendError(reply, DX_ERRORS.tooManyRequests());
    return undefined;
  });

  app.post(`${BASE}/login`, async (request: Request, reply) => {
    const body = (request.body ?? {}) as Record<string, unknown>;
    const { username, domain, password } = body;
    if (typeof username !== 'string' || typeof domain !== 'string' || typeof password !== 'string') fail(DX_ERRORS.badRequest('username, domain and password are required strings'));
    const user = context.user;
    if (username !== user.username || domain !== user.domain || password !== user.password) fail(DX_ERRORS.badCredentials());
    return send(reply, 200, { sessionToken: sessions.open(username), timeout: sessions.timeoutText() });
  });
  app.post(`${BASE}/ping`, async (request: Request, reply) => send(reply, 200, { sessionToken: authorize(context, request), timeout: sessions.timeoutText() }));
  app.post(`${BASE}/logout`, async (request: Request, reply) => {
    sessions.close(authorize(context, request));
    return reply.code(204).send();
  });
  app.get(`${BASE}/users/:username`, async (request: Request, reply) => {
    authorize(context, request);
    if (request.params['username'] !== context.user.username) fail(DX_ERRORS.notFound());
    return send(reply, 200, { userDetails: [userJson(context.user, context.startedAt)] });
  });
  app.get(`${BASE}/instruments/query`, async (request: Request, reply) => {
    authorize(context, request);
    const symbols = request.query['symbols']?.split(',');
    return send(reply, 200, { instruments: DXTRADE_INSTRUMENTS.filter((i) => symbols === undefined || symbols.includes(i.symbol)).map(instrumentJson) });
  });
  app.get(`${BASE}/accounts/:account/instruments/query`, async (request: Request, reply) => {
    authorize(context, request);
    const account = context.user.accounts.find((a) => a.code === accountOf(context, request));
    const symbols = request.query['symbols']?.split(',');
    return send(reply, 200, { instrumentDetails: DXTRADE_INSTRUMENTS.filter((i) => symbols === undefined || symbols.includes(i.symbol)).map((i) => instrumentDetailsJson(account ?? context.user.accounts[0]!, i)) });
  });
  app.get(`${BASE}/accounts/:account/orders`, async (request: Request, reply) => {
    authorize(context, request);
    const account = accountOf(context, request);
    return send(reply, 200, { orders: exchange.ordersOf(account).filter((o) => !FINAL_STATUSES.has(o.status)).map(orderJson) });
  });
  const history = async (request: Request, reply: FastifyReply) => {
    authorize(context, request);
    const account = accountOf(context, request);
    const q = request.query;
    const clientId = q['with-client-id'];
    const orderId = q['with-order-id'];
    const statuses = q['in-status']?.split(',');
    const issuedFrom = time(q, 'issued-from');
    const transactionFrom = time(q, 'transaction-from');
    const orders = exchange.ordersOf(account).filter((o) =>
      (clientId === undefined || o.orderCode === clientId) && (orderId === undefined || String(o.orderId) === orderId) && (statuses === undefined || statuses.includes(o.status))
      && (issuedFrom === undefined || o.issueTime >= issuedFrom) && (transactionFrom === undefined || o.transactionTime >= transactionFrom));
    const single = orders.length === 1 && (clientId !== undefined || orderId !== undefined) ? orders[0]?.version : undefined;
    return send(reply, 200, { orders: orders.map(orderJson) }, single);
  };
  app.get(`${BASE}/accounts/:account/orders/history`, history);
  app.post(`${BASE}/accounts/:account/orders/history`, history);
  app.post(`${BASE}/accounts/:account/orders`, async (request: Request, reply) => {
    authorize(context, request);
    const account = accountOf(context, request);
    const valid = validateOrderRequest(request.body);
    const placed = exchange.place(account, valid.orders, valid.contingencyType);
    if (faults.dropNextPlacementAnswer) {
      faults.dropNextPlacementAnswer = false;
      request.raw.socket.destroy();
      return reply.hijack();
    }
    return send(reply, 200, responses(placed));
  });
  app.put(`${BASE}/accounts/:account/orders`, async (request: Request, reply) => {
    authorize(context, request);
    const account = accountOf(context, request);
    const valid = validateOrderRequest(request.body);
    const changed = valid.orders.map((o) => exchange.modify(account, o, request.headers['if-match']));
    return send(reply, 200, responses(changed), changed.length === 1 ? changed[0]?.version : undefined);
  });
  app.delete(`${BASE}/accounts/:account/orders/group`, async (request: Request, reply) => {
    authorize(context, request);
    const account = accountOf(context, request);
    const codes = request.query['order-codes']?.split(',').filter((c) => c.length > 0) ?? [];
    if (codes.length === 0) fail(DX_ERRORS.badParameters('order-codes is required'));
    return send(reply, 200, { orderResponses: codes.map((code) => exchange.cancel(account, code, '*')).map((o) => ({ orderId: o.orderId, updateOrderId: o.orderId })) });
  });
  app.delete(`${BASE}/accounts/:account/orders/:orderCode`, async (request: Request, reply) => {
    authorize(context, request);
    const account = accountOf(context, request);
    const order = exchange.cancel(account, request.params['orderCode'] ?? '', request.headers['if-match']);
    return send(reply, 200, { orderId: order.orderId, updateOrderId: order.orderId });
  });
  app.get(`${BASE}/accounts/:account/positions`, async (request: Request, reply) => {
    authorize(context, request);
    const account = accountOf(context, request);
    return send(reply, 200, { positions: exchange.portfolio.positions(account).map((p) => positionJson(p, exchange.accountVersion(account))) });
  });
  app.get(`${BASE}/accounts/:account/metrics`, async (request: Request, reply) => {
    authorize(context, request);
    const account = accountOf(context, request);
    const open = exchange.ordersOf(account).filter((o) => !FINAL_STATUSES.has(o.status)).length;
    return send(reply, 200, { metrics: [metricsJson(account, exchange.portfolio, exchange.accountVersion(account), open, request.query['include-positions'] === 'true')] });
  });
  app.get(`${BASE}/accounts/:account/portfolio`, async (request: Request, reply) => {
    authorize(context, request);
    const account = accountOf(context, request);
    return send(reply, 200, { portfolios: [portfolioJson(context, account)] });
  });
  app.post(`${BASE}/marketdata`, async (request: Request, reply) => {
    authorize(context, request);
    return send(reply, 200, marketData(request.body, exchange, context.candles, context.startedAt));
  });
}

/** Account Portfolio: balances, positions and working orders of one account at its current version. */
export function portfolioJson(context: DxtradeVenueContext, account: string): Record<string, unknown> {
  const { exchange } = context;
  const version = exchange.accountVersion(account);
  const metrics = exchange.portfolio.metrics(account);
  return {
    account, version, balances: [{ account, version, value: metrics.balance, currency: metrics.currency }],
    positions: exchange.portfolio.positions(account).map((p) => positionJson(p, version)),
    orders: exchange.ordersOf(account).filter((o) => !FINAL_STATUSES.has(o.status)).map(orderJson),
  };
}

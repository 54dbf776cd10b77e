import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { BAD_KEY_FORMAT, checkTiming, INVALID_KEY, INVALID_SIGNATURE, restSignaturePayload, verifySignature, type SimApiKey, type WireError } from './auth';
import { avgPriceAnswer } from './avg-price';
import type { Answer } from './exchange';
import { ticker24hrWeight, tickerWeight, type MarketDataEndpoints } from './market-data';
import type { SimState } from './state';
import { exchangeInfoSymbol } from './symbols';

const NOT_FOUND_PAGE = '<html><head><title>404 Not Found</title></head><body><center><h1>404 Not Found</h1></center><hr></body></html>\n';

type Security = 'NONE' | 'API_KEY' | 'SIGNED';
type Handler = (params: Map<string, string>, key: SimApiKey | undefined) => Answer | WireError | Promise<Answer | WireError>;

interface Route {
  readonly method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  readonly path: string;
  readonly security: Security;
  readonly weight: number | ((params: Map<string, string>) => number);
  readonly orders?: number;
  readonly handler: Handler;
}

/** Query string then form body, decoded; a parameter in both places takes the query's value (rest-api.md). */
function readParams(rawQuery: string, rawBody: string): Map<string, string> {
  const params = new Map<string, string>();
  for (const source of [rawBody, rawQuery]) {
    for (const [key, value] of new URLSearchParams(source)) params.set(key, value);
  }
  return params;
}

function depthWeight(params: Map<string, string>): number {
  const limit = Number(params.get('limit') ?? '100');
  return limit <= 100 ? 5 : limit <= 500 ? 25 : limit <= 1000 ? 50 : 250;
}

export function registerRest(app: FastifyInstance, state: SimState, marketData: MarketDataEndpoints): void {
  const { exchange } = state;
  const routes: Route[] = [
    { method: 'GET', path: '/api/v3/ping', security: 'NONE', weight: 1, handler: () => ({ status: 200, body: {} }) },
    { method: 'GET', path: '/api/v3/time', security: 'NONE', weight: 1, handler: () => ({ status: 200, body: { serverTime: state.now() } }) },
    {
      method: 'GET',
      path: '/api/v3/exchangeInfo',
      security: 'NONE',
      weight: 20,
      handler: () => ({
        status: 200,
        body: {
          timezone: 'UTC',
          serverTime: state.now(),
          rateLimits: state.rateLimits,
          exchangeFilters: [],
          symbols: [...exchange.symbols.values()].map((s) => exchangeInfoSymbol(s, state.profile.amendKeepPriority)),
        },
      }),
    },
    {
      method: 'GET',
      path: '/api/v3/depth',
      security: 'NONE',
      weight: depthWeight,
      handler: (params) => {
        const symbol = params.get('symbol');
        if (symbol === undefined || !exchange.symbols.has(symbol)) return { status: 400, code: -1121, msg: 'Invalid symbol.' };
        return { status: 200, body: state.depth.snapshot(symbol, Math.min(5000, Number(params.get('limit') ?? '100'))) };
      },
    },
    { method: 'GET', path: '/api/v3/avgPrice', security: 'NONE', weight: 2, handler: (params) => avgPriceAnswer(params.get('symbol'), exchange.symbols, exchange.averages, state.now()) },
    { method: 'GET', path: '/api/v3/ticker/price', security: 'NONE', weight: (p) => tickerWeight(p, 2, 4), handler: (params) => marketData.price(params) },
    { method: 'GET', path: '/api/v3/ticker/bookTicker', security: 'NONE', weight: (p) => tickerWeight(p, 2, 4), handler: (params) => marketData.bookTicker(params) },
    { method: 'GET', path: '/api/v3/ticker/24hr', security: 'NONE', weight: ticker24hrWeight, handler: (params) => marketData.ticker24hr(params) },
    { method: 'GET', path: '/api/v3/klines', security: 'NONE', weight: 2, handler: (params) => marketData.klines(params) },
    { method: 'GET', path: '/api/v3/trades', security: 'NONE', weight: 25, handler: (params) => marketData.trades(params) },
    { method: 'GET', path: '/api/v3/aggTrades', security: 'NONE', weight: 4, handler: (params) => marketData.aggTrades(params) },
    { method: 'POST', path: '/api/v3/order', security: 'SIGNED', weight: 1, orders: 1, handler: (params) => state.placeWithFaults(params) },
    { method: 'POST', path: '/api/v3/order/test', security: 'SIGNED', weight: 1, handler: () => ({ status: 200, body: {} }) },
    { method: 'DELETE', path: '/api/v3/order', security: 'SIGNED', weight: 1, handler: (params) => state.cancelOrder(params) },
    { method: 'DELETE', path: '/api/v3/openOrders', security: 'SIGNED', weight: 1, handler: (params) => exchange.cancelOpenOrders(params) },
    { method: 'GET', path: '/api/v3/order', security: 'SIGNED', weight: 4, handler: (params) => state.queryOrder(params) },
    { method: 'GET', path: '/api/v3/openOrders', security: 'SIGNED', weight: (p) => (p.has('symbol') ? 6 : 80), handler: (params) => exchange.openOrders(params) },
    { method: 'GET', path: '/api/v3/myTrades', security: 'SIGNED', weight: 20, handler: (params) => exchange.myTrades(params) },
    { method: 'GET', path: '/api/v3/account', security: 'SIGNED', weight: 20, handler: (params) => exchange.account(params) },
    { method: 'POST', path: '/api/v3/order/cancelReplace', security: 'SIGNED', weight: 1, orders: 1, handler: (params) => state.cancelReplace(params) },
  ];
  if (state.profile.name === 'spot') {
    routes.push(
      { method: 'POST', path: '/api/v3/orderList/oco', security: 'SIGNED', weight: 1, orders: 2, handler: (params) => state.placeListWithFaults(() => state.lists.placeOco(params)) },
      { method: 'POST', path: '/api/v3/orderList/oto', security: 'SIGNED', weight: 1, orders: 2, handler: (params) => state.placeListWithFaults(() => state.lists.placeOto(params, false)) },
      { method: 'POST', path: '/api/v3/orderList/otoco', security: 'SIGNED', weight: 1, orders: 3, handler: (params) => state.placeListWithFaults(() => state.lists.placeOto(params, true)) },
    );
  } else {
    routes.push({ method: 'POST', path: '/api/v3/order/oco', security: 'SIGNED', weight: 1, orders: 2, handler: (params) => state.placeListWithFaults(() => state.lists.placeLegacyOco(params)) });
  }
  if (state.profile.amendKeepPriority) {
    routes.push({ method: 'PUT', path: '/api/v3/order/amend/keepPriority', security: 'SIGNED', weight: 4, handler: (params) => state.amendKeepPriority(params) });
  }
  if (state.profile.userStream === 'listen-key') {
    routes.push(
      { method: 'POST', path: '/api/v3/userDataStream', security: 'API_KEY', weight: 2, handler: () => ({ status: 200, body: { listenKey: state.createListenKey() } }) },
      { method: 'PUT', path: '/api/v3/userDataStream', security: 'API_KEY', weight: 2, handler: (params) => state.keepAliveListenKey(params.get('listenKey')) },
      { method: 'DELETE', path: '/api/v3/userDataStream', security: 'API_KEY', weight: 2, handler: (params) => state.closeListenKey(params.get('listenKey')) },
    );
  }

  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_request, body, done) => done(null, body));
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, body, done) => done(null, body));

  // Binance's edge answers a path it does not serve with a bare HTML 404 page, not a JSON error (seen by
  // clients as ccxt issue 18797 records it); clients treat it as a transport-level failure.
  app.setNotFoundHandler((_request, reply) => {
    void reply.code(404).type('text/html').send(NOT_FOUND_PAGE);
  });

  for (const route of routes) {
    app.route({
      method: route.method,
      url: route.path,
      handler: async (request: FastifyRequest, reply: FastifyReply) => handle(route, request, reply, state),
    });
  }
}

function send(reply: FastifyReply, headers: Record<string, string>, answer: Answer | WireError): FastifyReply {
  void reply.headers(headers);
  if ('code' in answer) return reply.code(answer.status).send({ code: answer.code, msg: answer.msg });
  return reply.code(answer.status).send(answer.body);
}

async function handle(route: Route, request: FastifyRequest, reply: FastifyReply, state: SimState): Promise<FastifyReply> {
  const now = state.now();
  state.advance();
  const url = request.raw.url ?? '';
  const question = url.indexOf('?');
  const rawQuery = question < 0 ? '' : url.slice(question + 1);
  const rawBody = typeof request.body === 'string' ? request.body : '';
  const params = readParams(rawQuery, rawBody);
  const weight = typeof route.weight === 'number' ? route.weight : route.weight(params);
  const verdict = state.limits.admit(now, weight, route.orders ?? 0);
  state.recordRequest(route.method, route.path, now);
  if (verdict.error !== undefined) return send(reply, verdict.headers, verdict.error);
  let key: SimApiKey | undefined;
  if (route.security !== 'NONE') {
    const apiKey = request.headers['x-mbx-apikey'];
    if (typeof apiKey !== 'string' || apiKey.length === 0) return send(reply, verdict.headers, { ...BAD_KEY_FORMAT, status: 401 });
    key = state.keys.get(apiKey);
    if (key === undefined) return send(reply, verdict.headers, INVALID_KEY);
  }
  if (route.security === 'SIGNED' && key !== undefined) {
    const timing = checkTiming(params.get('timestamp'), params.get('recvWindow'), now);
    if (timing !== undefined) return send(reply, verdict.headers, timing);
    const { payload, signature } = restSignaturePayload(rawQuery, rawBody);
    if (signature === undefined) return send(reply, verdict.headers, { status: 400, code: -1102, msg: "Mandatory parameter 'signature' was not sent, was empty/null, or malformed." });
    if (!verifySignature(key, payload, signature)) return send(reply, verdict.headers, INVALID_SIGNATURE);
  }
  const answer = await route.handler(params, key);
  if ('status' in answer && answer.status === -1) {
    // A response lost after acceptance: the connection goes away without an answer.
    request.raw.socket.destroy();
    return reply;
  }
  return send(reply, verdict.headers, answer);
}

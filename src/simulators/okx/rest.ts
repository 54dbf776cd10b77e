import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { verifyRest, type OkxWireError, type SimApiKey } from './auth';
import { ORDER_NOT_FOUND, type OrderAck, type SimExchange } from './exchange';
import { RATE_LIMITED } from './limits';
import type { SimState } from './state';
import { instrumentRow } from './symbols';

type Query = Record<string, string>;
type Answer = { readonly status?: number; readonly body: Record<string, unknown> } | OkxWireError | 'lost';
type Handler = (query: Query, body: unknown, key: SimApiKey | undefined) => Answer | Promise<Answer>;

interface Route {
  readonly method: 'GET' | 'POST';
  readonly path: string;
  readonly private: boolean;
  readonly handler: Handler;
}

const ok = (data: unknown[]): Answer => ({ body: { code: '0', msg: '', data } });
const failed = (code: string, msg: string, status = 400): OkxWireError => ({ status, code, msg });
const micros = (ms: number): string => `${ms}000`;

/** Order operations answer 200 with `code` 0 (all done), 1 (all failed) or 2 (some failed), sCode per order. */
function orderAnswer(acks: readonly OrderAck[], now: number): Answer {
  const failures = acks.filter((a) => a.sCode !== '0').length;
  const code = failures === 0 ? '0' : failures === acks.length ? '1' : '2';
  const msg = code === '0' ? '' : code === '1' ? 'All operations failed' : 'Batch operation partially succeeded';
  return { body: { code, msg, data: acks, inTime: micros(now), outTime: micros(now) } };
}

/** Algo answers: the same code 0/1/2 envelope, one entry per algo with algoId and sCode. */
function algoAnswer(acks: readonly { sCode: string }[], now: number): Answer {
  const failures = acks.filter((a) => a.sCode !== '0').length;
  const code = failures === 0 ? '0' : failures === acks.length ? '1' : '2';
  return { body: { code, msg: code === '0' ? '' : code === '1' ? 'All operations failed' : 'Batch operation partially succeeded', data: acks, inTime: micros(now), outTime: micros(now) } };
}

function asObject(body: unknown): Record<string, unknown> {
  return typeof body === 'object' && body !== null && !Array.isArray(body) ? (body as Record<string, unknown>) : {};
}

function asList(body: unknown): Record<string, unknown>[] | undefined {
  return Array.isArray(body) ? body.map(asObject) : undefined;
}

export function registerRest(app: FastifyInstance, state: SimState): void {
  const { exchange, feed } = state;
  const now = state.now;
  const routes: Route[] = [
    { method: 'GET', path: '/api/v5/public/time', private: false, handler: () => ok([{ ts: String(now()) }]) },
    {
      method: 'GET', path: '/api/v5/public/instruments', private: false,
      handler: (q) => {
        if (q.instType === undefined) return failed('50014', 'Parameter instType can not be empty.');
        if (!['SPOT', 'MARGIN', 'SWAP', 'FUTURES', 'OPTION'].includes(q.instType)) return failed('51000', 'Parameter instType error');
        if (q.instType !== 'SPOT') return ok([]);
        const rows = [...exchange.instruments.values()].filter((s) => q.instId === undefined || s.instId === q.instId).map((s) => instrumentRow(s, 1_548_133_413_000));
        return ok(rows);
      },
    },
    {
      method: 'GET', path: '/api/v5/market/books', private: false,
      handler: (q) => {
        if (q.instId === undefined) return failed('50014', 'Parameter instId can not be empty.');
        if (!exchange.instruments.has(q.instId)) return failed('51001', "Instrument ID doesn't exist.");
        const { asks, bids, ts } = feed.snapshot(q.instId, Math.min(400, Number(q.sz ?? '1')));
        return ok([{ asks, bids, ts }]);
      },
    },
    { method: 'GET', path: '/api/v5/market/ticker', private: false, handler: (q) => (q.instId !== undefined && exchange.instruments.has(q.instId) ? ok([feed.ticker(q.instId)]) : failed('51001', "Instrument ID doesn't exist.")) },
    { method: 'GET', path: '/api/v5/market/tickers', private: false, handler: (q) => ok(q.instType === 'SPOT' ? [...exchange.instruments.keys()].map((id) => feed.ticker(id)) : []) },
    {
      method: 'GET', path: '/api/v5/market/trades', private: false,
      handler: (q) => (q.instId !== undefined && exchange.instruments.has(q.instId) ? ok(feed.recentTrades(q.instId, Math.min(500, Number(q.limit ?? '100')))) : failed('51001', "Instrument ID doesn't exist.")),
    },
    { method: 'GET', path: '/api/v5/account/balance', private: true, handler: (q) => ok([exchange.balance(q.ccy)]) },
    {
      method: 'GET', path: '/api/v5/account/config', private: true,
      handler: (_q, _b, key) => ok([{
        acctLv: '1', acctStpMode: 'cancel_maker', autoLoan: false, ctIsoMode: 'automatic', enableSpotBorrow: false, greeksType: 'PA', ip: '',
        kycLv: '2', label: 'tmt-simulator', level: 'Lv1', levelTmp: '', liquidationGear: '-1', mainUid: '44705892343619584', mgnIsoMode: 'automatic',
        opAuth: '0', perm: 'read_only,trade', posMode: 'net_mode', roleType: '0', spotBorrowAutoRepay: false, spotOffsetType: '', spotRoleType: '0',
        spotTraderInsts: [], traderInsts: [], type: '0', uid: '44705892343619584', settleCcy: 'USDT', settleCcyList: ['USDT'], apiKeyLabel: key?.apiKey.slice(0, 4) ?? '',
      }]),
    },
    {
      method: 'GET', path: '/api/v5/asset/currencies', private: true,
      handler: () => ok(['BTC', 'ETH', 'USDT'].map((ccy) => ({
        ccy, chain: `${ccy}-${ccy === 'USDT' ? 'TRC20' : ccy === 'BTC' ? 'Bitcoin' : 'ERC20'}`, name: ccy, canDep: true, canWd: true, canInternal: true,
        minDep: '0.00005', minWd: '0.001', maxWd: '500', wdTickSz: '8', wdQuota: '10000000', usedWdQuota: '0', minFee: '0.0002', maxFee: '0.0004',
        mainNet: true, needTag: false, minDepArrivalConfirm: '1', minWdUnlockConfirm: '2', depQuotaFixed: '', usedDepQuotaFixed: '', depQuoteDailyLayer2: '', logoLink: '',
      }))),
    },
    {
      method: 'POST', path: '/api/v5/trade/order', private: true,
      handler: async (_q, body) => {
        const placed = await state.place(asObject(body));
        if (placed === 'lost') return 'lost';
        if (placed === 'unavailable') return failed('50001', 'Service temporarily unavailable. Please try again later.', 503);
        return orderAnswer([placed], now());
      },
    },
    {
      method: 'POST', path: '/api/v5/trade/batch-orders', private: true,
      handler: async (_q, body) => {
        const list = asList(body);
        if (list === undefined || list.length === 0) return failed('50014', 'Parameter can not be empty.');
        if (list.length > 20) return failed('51000', 'Parameter orders error');
        const acks: OrderAck[] = [];
        for (const entry of list) {
          const placed = await state.place(entry);
          if (placed === 'lost') return 'lost';
          if (placed === 'unavailable') return failed('50001', 'Service temporarily unavailable. Please try again later.', 503);
          acks.push(placed);
        }
        return orderAnswer(acks, now());
      },
    },
    { method: 'POST', path: '/api/v5/trade/order-algo', private: true, handler: async (_q, body) => algoAnswer([await state.algos.place(asObject(body))], now()) },
    {
      method: 'POST', path: '/api/v5/trade/cancel-algos', private: true,
      handler: async (_q, body) => {
        const list = asList(body);
        if (list === undefined || list.length === 0 || list.length > 10) return failed('51000', 'Parameter algoId error');
        const acks = [];
        for (const entry of list) acks.push(await state.algos.cancel(entry));
        return algoAnswer(acks, now());
      },
    },
    {
      method: 'GET', path: '/api/v5/trade/order-algo', private: true,
      handler: (q) => {
        const algo = state.algos.find(q);
        return algo === undefined ? { body: { code: '51603', msg: 'Order does not exist', data: [] } } : ok([state.algos.row(algo)]);
      },
    },
    { method: 'GET', path: '/api/v5/trade/orders-algo-pending', private: true, handler: (q) => (q.ordType === undefined ? failed('50014', 'Parameter ordType can not be empty.') : ok(state.algos.pending(q.instId).filter((r) => q.ordType?.split(',').includes(String(r.ordType))))) },
    { method: 'POST', path: '/api/v5/trade/cancel-order', private: true, handler: async (_q, body) => orderAnswer([await exchange.cancelOrder(asObject(body))], now()) },
    {
      method: 'POST', path: '/api/v5/trade/cancel-batch-orders', private: true,
      handler: async (_q, body) => {
        const list = asList(body);
        if (list === undefined || list.length === 0 || list.length > 20) return failed('51000', 'Parameter orders error');
        const acks: OrderAck[] = [];
        for (const entry of list) acks.push(await exchange.cancelOrder(entry));
        return orderAnswer(acks, now());
      },
    },
    { method: 'POST', path: '/api/v5/trade/amend-order', private: true, handler: async (_q, body) => orderAnswer([await exchange.amendOrder(asObject(body))], now()) },
    {
      method: 'POST', path: '/api/v5/trade/amend-batch-orders', private: true,
      handler: async (_q, body) => {
        const list = asList(body);
        if (list === undefined || list.length === 0 || list.length > 20) return failed('51000', 'Parameter orders error');
        const acks: OrderAck[] = [];
        for (const entry of list) acks.push(await exchange.amendOrder(entry));
        return orderAnswer(acks, now());
      },
    },
    {
      method: 'GET', path: '/api/v5/trade/order', private: true,
      handler: (q) => {
        if (q.instId === undefined) return failed('50014', 'Parameter instId can not be empty.');
        if (q.ordId === undefined && q.clOrdId === undefined) return failed('51000', 'Parameter ordId error');
        const meta = exchange.find(q.instId, q.ordId, q.clOrdId);
        return meta === undefined ? { body: { code: ORDER_NOT_FOUND.sCode, msg: ORDER_NOT_FOUND.sMsg, data: [] } } : ok([exchange.row(meta)]);
      },
    },
    { method: 'GET', path: '/api/v5/trade/orders-pending', private: true, handler: (q) => ok(exchange.pendingOrders(q.instId).slice(0, Math.min(100, Number(q.limit ?? '100')))) },
    {
      method: 'GET', path: '/api/v5/trade/orders-history', private: true,
      handler: (q) => ok([...exchange.meta.values()].filter((m) => q.instId === undefined || m.instId === q.instId).map((m) => exchange.row(m)).filter((r) => r.state === 'filled' || r.state === 'canceled').reverse().slice(0, Math.min(100, Number(q.limit ?? '100')))),
    },
    { method: 'GET', path: '/api/v5/trade/fills', private: true, handler: (q) => fillsAnswer(exchange, q) },
    { method: 'GET', path: '/api/v5/trade/fills-history', private: true, handler: (q) => fillsAnswer(exchange, q) },
  ];

  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, body, done) => done(null, body));
  for (const route of routes) {
    app.route({ method: route.method, url: route.path, handler: async (request: FastifyRequest, reply: FastifyReply) => handle(route, request, reply, state) });
  }
  app.setNotFoundHandler((_request, reply) => reply.code(404).send({ code: '404', msg: 'Not Found', data: [] }));
}

/** Fills pages: `after`/`before` are billIds, `begin`/`end` ms timestamps, `limit` 1..100 (default 100). */
function fillsAnswer(exchange: SimExchange, q: Query): Answer {
  for (const field of ['after', 'before', 'begin', 'end'] as const) {
    const value = q[field];
    if (value !== undefined && !/^\d{1,19}$/.test(value)) return failed('51000', `Parameter ${field} error`);
  }
  const limit = q.limit === undefined ? 100 : Number(q.limit);
  if (!Number.isInteger(limit) || limit < 1) return failed('51000', 'Parameter limit error');
  const num = (v: string | undefined): number | undefined => (v === undefined ? undefined : Number(v));
  return ok(exchange.fills(q.instId, q.ordId, { begin: num(q.begin), end: num(q.end), after: q.after, before: q.before, limit: Math.min(100, limit) }));
}

function send(reply: FastifyReply, answer: Exclude<Answer, 'lost'>): FastifyReply {
  if ('code' in answer) return reply.code(answer.status).send({ code: answer.code, msg: answer.msg, data: [] });
  return reply.code(answer.status ?? 200).send(answer.body);
}

function instIdsOf(body: unknown, query: Query): string[] {
  const entries = Array.isArray(body) ? body : [body];
  const ids = entries.map((e) => (typeof e === 'object' && e !== null ? (e as { instId?: unknown }).instId : undefined)).filter((id): id is string => typeof id === 'string');
  if (query.instId !== undefined) ids.push(query.instId);
  return ids;
}

async function handle(route: Route, request: FastifyRequest, reply: FastifyReply, state: SimState): Promise<FastifyReply> {
  state.advance();
  const now = state.now();
  const url = request.raw.url ?? route.path;
  state.requests.push({ method: route.method, path: route.path, at: now });
  const query: Query = Object.fromEntries(new URL(url, 'http://localhost').searchParams);
  const rawBody = typeof request.body === 'string' ? request.body : '';
  let body: unknown = {};
  if (route.method === 'POST') {
    try {
      body = rawBody === '' ? {} : JSON.parse(rawBody);
    } catch {
      return send(reply, failed('50002', 'Json data format error.'));
    }
  }
  let key: SimApiKey | undefined;
  if (route.private) {
    const header = (name: string): string | undefined => {
      const value = request.headers[name];
      return typeof value === 'string' ? value : undefined;
    };
    const verdict = verifyRest({
      key: header('ok-access-key'), passphrase: header('ok-access-passphrase'), signature: header('ok-access-sign'), timestamp: header('ok-access-timestamp'),
      method: route.method, requestPath: url, body: rawBody,
    }, state.keys, now);
    if ('code' in verdict) return send(reply, verdict);
    key = verdict;
  }
  const entries = Array.isArray(body) ? body.length : 1;
  if (!state.limits.admit(`${route.method} ${route.path}`, key?.apiKey ?? request.ip, instIdsOf(body, query), now, entries)) return send(reply, RATE_LIMITED);
  const answer = await route.handler(query, body, key);
  if (answer === 'lost') {
    request.raw.socket.destroy();
    return reply;
  }
  return send(reply, answer);
}

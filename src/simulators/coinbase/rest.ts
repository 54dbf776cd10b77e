import { Decimal } from '../../core';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { verifyJwt } from './auth';
import { registerPublicRoutes } from './rest-public';
import { SlidingWindow } from './limits';
import type { SimState } from './state';
import { wireAccount, wireFill, wireOrder } from './wire-format';

const PRIVATE_PREFIX = '/api/v3/brokerage/';
const PUBLIC_PREFIXES = ['/api/v3/brokerage/market/', '/api/v3/brokerage/time', '/v2/currencies', '/v2/exchange-rates', '/v2/time'];

type Query = Record<string, string | string[] | undefined>;

function list(value: string | string[] | undefined): string[] {
  if (value === undefined) return [];
  return (Array.isArray(value) ? value : [value]).flatMap((v) => v.split(',')).filter((v) => v !== '');
}

function single(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/** Coinbase pages with an opaque `cursor`; here it is the offset of the next page. */
function page<T>(items: readonly T[], query: Query, maxLimit: number): { items: T[]; cursor: string; hasNext: boolean } {
  const limit = Math.min(Number(single(query['limit']) ?? maxLimit) || maxLimit, maxLimit);
  const offset = Number(single(query['cursor']) ?? '0') || 0;
  const slice = items.slice(offset, offset + limit);
  const hasNext = offset + limit < items.length;
  return { items: slice, cursor: hasNext ? String(offset + limit) : '', hasNext };
}

const NOT_FOUND = { error: 'NOT_FOUND', error_details: 'order with this orderID was not found', message: 'order with this orderID was not found' };

/**
 * The Advanced Trade REST API (`/api/v3/brokerage/...`) plus the v2 endpoints ccxt reads while loading
 * markets. Private routes need a CDP JWT whose `uri` names the request; failures answer 401 "Unauthorized"
 * as Coinbase's gateway does. Limits: 30 private requests per second per key, 10 public per second per IP.
 */
export function registerRest(app: FastifyInstance, state: SimState): void {
  const privateLimit = new SlidingWindow(30, 1000);
  const publicLimit = new SlidingWindow(10, 1000);

  app.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
    const path = request.url.split('?')[0] ?? '';
    state.requests.push({ method: request.method, path });
    state.advance();
    const isPublic = PUBLIC_PREFIXES.some((prefix) => path.startsWith(prefix));
    if (isPublic || (!path.startsWith(PRIVATE_PREFIX) && !path.startsWith('/v2/'))) {
      if (!publicLimit.take(request.ip, state.now())) return reply.code(429).send({ error: 'rate_limit_exceeded', error_details: 'Too many requests', message: 'Too many requests' });
      return undefined;
    }
    const header = request.headers.authorization ?? '';
    const token = header.startsWith('Bearer ') ? header.slice(7) : '';
    const verdict = verifyJwt(token, state.keys, Math.floor(state.now() / 1000), `${request.method} ${request.headers.host ?? ''}${path}`);
    if (!verdict.ok) return reply.code(401).type('text/plain; charset=utf-8').send('Unauthorized\n');
    if (!privateLimit.take(verdict.key.name, state.now())) return reply.code(429).send({ error: 'rate_limit_exceeded', error_details: 'Too many requests', message: 'Too many requests' });
    return undefined;
  });
  registerPublicRoutes(app, state);

  const base = PRIVATE_PREFIX.slice(0, -1);
  app.get(`${base}/accounts`, async (request) => {
    const balances = state.engine.account(state.exchange.accountId).balances;
    const { items, cursor, hasNext } = page(balances, request.query as Query, 250);
    return { accounts: items.map((b) => wireAccount(b, state.now())), has_next: hasNext, cursor, size: items.length };
  });
  app.get(`${base}/accounts/:uuid`, async (request, reply) => {
    const { uuid } = request.params as { uuid: string };
    const found = state.engine.account(state.exchange.accountId).balances.map((b) => wireAccount(b, state.now())).find((a) => a['uuid'] === uuid);
    return found === undefined ? reply.code(404).send({ error: 'NOT_FOUND', error_details: 'account not found', message: 'account not found' }) : { account: found };
  });
  app.get('/v2/accounts', async () => {
    const balances = state.engine.account(state.exchange.accountId).balances;
    return {
      pagination: { ending_before: null, starting_after: null, limit: 250, order: 'desc', previous_uri: null, next_uri: null },
      data: balances.map((b) => {
        const wire = wireAccount(b, state.now());
        return { id: wire['uuid'], name: wire['name'], primary: true, type: 'wallet', currency: { code: b.currency, name: b.currency }, balance: { amount: b.total.toString(), currency: b.currency }, created_at: wire['created_at'], updated_at: wire['updated_at'], resource: 'account' };
      }),
    };
  });

  app.post(`${base}/orders`, async (request, reply) => {
    const body = (request.body ?? {}) as Record<string, unknown>;
    const result = await state.exchange.place(body);
    if (!result.ok) {
      const { failure_reason, ...errorResponse } = result.failure;
      return { success: false, failure_reason, order_id: '', error_response: { ...errorResponse, new_order_failure_reason: failure_reason }, order_configuration: body['order_configuration'] ?? null };
    }
    if (!result.duplicate) state.placements++;
    state.save();
    if (!result.duplicate && state.restFaults.loseNextOrderResponse) {
      state.restFaults.loseNextOrderResponse = false;
      request.raw.socket.destroy();
      return reply.hijack();
    }
    if (!result.duplicate && state.restFaults.failNextOrderWith5xx) {
      state.restFaults.failNextOrderWith5xx = false;
      return reply.code(503).send({ error: 'UNAVAILABLE', error_details: 'upstream connect error', message: 'upstream connect error' });
    }
    const { meta, order } = result;
    return {
      success: true,
      failure_reason: 'UNKNOWN_FAILURE_REASON',
      order_id: meta.orderId,
      success_response: { order_id: meta.orderId, product_id: meta.productId, side: order.request.side === 'buy' ? 'BUY' : 'SELL', client_order_id: meta.clientOrderId, attached_order_id: '' },
      order_configuration: meta.parsed.configuration,
    };
  });
  app.post(`${base}/orders/batch_cancel`, async (request) => {
    const ids = ((request.body ?? {}) as { order_ids?: unknown }).order_ids;
    const results = await state.exchange.cancel(Array.isArray(ids) ? ids.filter((id): id is string => typeof id === 'string') : []);
    state.save();
    return { results };
  });
  app.post(`${base}/orders/edit`, async (request) => {
    const answer = await state.exchange.edit((request.body ?? {}) as Record<string, unknown>, true);
    state.save();
    return answer;
  });
  app.post(`${base}/orders/edit_preview`, async (request) => {
    const body = (request.body ?? {}) as Record<string, unknown>;
    const answer = await state.exchange.edit(body, false);
    const found = typeof body['order_id'] === 'string' ? state.exchange.find(body['order_id']) : undefined;
    const quote = found === undefined ? undefined : state.market.quote(found.meta.productId);
    return {
      errors: answer.errors,
      slippage: '0',
      order_total: '0',
      commission_total: '0',
      quote_size: typeof body['price'] === 'string' && typeof body['size'] === 'string' ? body['price'] : '0',
      base_size: typeof body['size'] === 'string' ? body['size'] : '0',
      best_bid: quote?.bid.toString() ?? '',
      best_ask: quote?.ask.toString() ?? '',
      average_filled_price: found?.order.averagePrice?.toString() ?? '0',
    };
  });
  app.get(`${base}/orders/historical/batch`, async (request) => {
    const query = request.query as Query;
    const statuses = new Set(list(query['order_status']));
    const products = new Set(list(query['product_ids'] ?? query['product_id']));
    const ids = new Set(list(query['order_ids']));
    const start = single(query['start_date']);
    const startMs = start === undefined ? undefined : Date.parse(start);
    const rows = state.exchange
      .orders()
      .map(({ order, meta }) => wireOrder(order, meta))
      .filter((o) => (statuses.size === 0 || statuses.has(String(o['status']))) && (products.size === 0 || products.has(String(o['product_id']))) && (ids.size === 0 || ids.has(String(o['order_id']))))
      .filter((o) => startMs === undefined || Date.parse(String(o['created_time'])) >= startMs);
    const { items, cursor, hasNext } = page(rows, query, 1000);
    return { orders: items, sequence: '0', has_next: hasNext, cursor };
  });
  app.get(`${base}/orders/historical/fills`, async (request) => {
    const query = request.query as Query;
    const orderIds = new Set(list(query['order_ids'] ?? query['order_id']));
    const products = new Set(list(query['product_ids'] ?? query['product_id']));
    const start = single(query['start_sequence_timestamp']);
    const since = start === undefined ? undefined : Date.parse(start);
    const rows = state.engine
      .fills(state.exchange.accountId, since)
      .map((fill) => {
        const meta = state.exchange.byEngineId.get(fill.orderId);
        return wireFill(fill, meta, meta?.productId ?? fill.instrumentId.split('.')[0] ?? '');
      })
      .filter((f) => (orderIds.size === 0 || orderIds.has(String(f['order_id']))) && (products.size === 0 || products.has(String(f['product_id']))))
      .reverse();
    const { items, cursor } = page(rows, query, 1000);
    return { fills: items, cursor };
  });
  app.get(`${base}/orders/historical/:order_id`, async (request, reply) => {
    const found = state.exchange.find((request.params as { order_id: string }).order_id);
    return found === undefined ? reply.code(404).send(NOT_FOUND) : { order: wireOrder(found.order, found.meta) };
  });
  app.get(`${base}/transaction_summary`, async (_request, reply) => {
    const fees = state.engine.fills(state.exchange.accountId).filter((f) => f.commissionCurrency === 'USD').reduce((sum, f) => sum.add(f.commission), Decimal.ZERO);
    const volume = state.engine.fills(state.exchange.accountId).filter((f) => f.commissionCurrency === 'USD').reduce((sum, f) => sum.add(f.price.mul(f.quantity)), Decimal.ZERO);
    // Coinbase writes these totals as JSON numbers: the exact decimal text goes in unquoted, never through a float.
    const body = `{"total_volume":${volume.normalize().toString()},"total_fees":${fees.normalize().toString()},"fee_tier":{"pricing_tier":"Advanced 1","usd_from":"0","usd_to":"1000","taker_fee_rate":"0.006","maker_fee_rate":"0.004","aop_from":"","aop_to":""},"margin_rate":null,"goods_and_services_tax":null,"advanced_trade_only_volume":${volume.normalize().toString()},"advanced_trade_only_fees":${fees.normalize().toString()},"coinbase_pro_volume":0,"coinbase_pro_fees":0,"total_balance":"","has_promo_fee":false}`;
    return reply.type('application/json; charset=utf-8').send(body);
  });
  app.get(`${base}/key_permissions`, async () => ({ can_view: true, can_trade: true, can_transfer: false, portfolio_uuid: '3a1b2c3d-0000-4000-8000-00000000cb02', portfolio_type: 'DEFAULT' }));
}

import type { FastifyInstance, FastifyReply } from 'fastify';
import type { SimState } from './state';
import { productInstrumentId, wireProduct, type SimProduct } from './products';
import { rfc3339 } from './wire-format';

const FIAT = new Set(['USD', 'EUR', 'GBP']);

/** Products, books, tickers and time: public under `/market/`, the same answers privately. */
export function registerPublicRoutes(app: FastifyInstance, state: SimState): void {
  const base = '/api/v3/brokerage';
  const price = (product: SimProduct): string | undefined => state.engine.book(productInstrumentId(product))?.bestBid()?.toString();
  // Every listed product is SPOT: a request for another product_type (FUTURE) gets none.
  const products = (query: Record<string, string | undefined>) => {
    const type = query['product_type'];
    const all = type !== undefined && type !== 'SPOT' ? [] : [...state.products.values()].map((p) => wireProduct(p, price(p)));
    return { products: all, num_products: all.length };
  };
  const oneProduct = (id: string, reply: FastifyReply) => {
    const product = state.products.get(id);
    return product === undefined ? reply.code(404).send({ error: 'NOT_FOUND', error_details: 'ProductID is invalid', message: 'ProductID is invalid' }) : wireProduct(product, price(product));
  };
  const book = (query: Record<string, string | undefined>, reply: FastifyReply) => {
    const product = state.products.get(query['product_id'] ?? '');
    if (product === undefined) return reply.code(400).send({ error: 'INVALID_ARGUMENT', error_details: 'valid product_id is required', message: 'valid product_id is required' });
    const limit = Math.max(1, Math.min(Number(query['limit'] ?? '50') || 50, 1000));
    const view = state.engine.book(productInstrumentId(product))?.levels(limit);
    const bids = view?.bids.map((l) => ({ price: l.price.toString(), size: l.quantity.toString() })) ?? [];
    const asks = view?.asks.map((l) => ({ price: l.price.toString(), size: l.quantity.toString() })) ?? [];
    return { pricebook: { product_id: product.product_id, bids, asks, time: rfc3339(state.now()) }, last: bids[0]?.price ?? '', mid_market: '', spread_bps: '', spread_absolute: '' };
  };
  for (const prefix of [`${base}/market`, base]) {
    app.get(`${prefix}/products`, async (request) => products(request.query as Record<string, string | undefined>));
    app.get(`${prefix}/products/:product_id`, async (request, reply) => oneProduct((request.params as { product_id: string }).product_id, reply));
    app.get(`${prefix}/product_book`, async (request, reply) => book(request.query as Record<string, string | undefined>, reply));
  }
  app.get(`${base}/best_bid_ask`, async (request) => {
    const query = request.query as Record<string, string | string[] | undefined>;
    const wanted = query['product_ids'];
    const ids = wanted === undefined ? [...state.products.keys()] : Array.isArray(wanted) ? wanted : [wanted];
    return {
      pricebooks: ids.flatMap((id) => {
        const product = state.products.get(id);
        if (product === undefined) return [];
        const view = state.engine.book(productInstrumentId(product))?.levels(1);
        const level = (l: { price: { toString(): string }; quantity: { toString(): string } } | undefined) => (l === undefined ? [] : [{ price: l.price.toString(), size: l.quantity.toString() }]);
        return [{ product_id: id, bids: level(view?.bids[0]), asks: level(view?.asks[0]), time: rfc3339(state.now()) }];
      }),
    };
  });
  app.get(`${base}/time`, async () => {
    const now = state.now();
    return { iso: new Date(now).toISOString(), epochSeconds: String(Math.floor(now / 1000)), epochMillis: String(now) };
  });
  app.get('/v2/time', async () => ({ data: { iso: new Date(state.now()).toISOString(), epoch: Math.floor(state.now() / 1000) } }));
  const currencies = () => [...new Set([...state.products.values()].flatMap((p) => [p.base_currency_id, p.quote_currency_id]))];
  app.get('/v2/currencies', async () => ({ data: currencies().filter((c) => FIAT.has(c)).map((id) => ({ id, name: id, min_size: '0.01' })) }));
  app.get('/v2/currencies/crypto', async () => ({
    data: currencies()
      .filter((c) => !FIAT.has(c))
      .map((code, index) => ({ asset_id: `00000000-0000-4000-8000-${String(index).padStart(12, '0')}`, code, name: code, color: '#000000', sort_index: String(index), exponent: '8', type: 'crypto', address_regex: '' })),
  }));
  app.get('/v2/exchange-rates', async () => ({ data: { currency: 'USD', rates: Object.fromEntries(currencies().map((c) => [c, '1'])) } }));
}

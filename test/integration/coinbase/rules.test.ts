import { request } from 'undici';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AccountId, ClientOrderId, Decimal, ManualClock, Price, Quantity, deriveVenueClientOrderId, type OrderRequest } from '../../../src/core';
import { CdpSigner, loadCdpKey } from '../../../src/venues/coinbase/credentials';
import { CoinbaseRateLimiter } from '../../../src/venues/coinbase/http/rate-limiter';
import { startCoinbaseSimulator } from '../../../src/simulators/coinbase/server';
import { BTC_USD, startHarness, type Harness } from './harness';

const ACCOUNT = AccountId.parse('coinbase-test');
let sequence = 0;

function order(h: Harness, partial: Partial<OrderRequest>): { request: OrderRequest; venueClientOrderId: ReturnType<typeof deriveVenueClientOrderId> } {
  const bid = h.sim.state.market.quote('BTC-USD')?.bid ?? Price.parse('1');
  const request: OrderRequest = {
    clientOrderId: ClientOrderId.parse(`rules-${++sequence}-${Date.now()}`),
    accountId: ACCOUNT,
    instrumentId: BTC_USD,
    side: 'buy',
    type: 'limit',
    quantity: Quantity.parse('0.01'),
    price: Price.of(bid.sub(Decimal.parse('100'))),
    timeInForce: 'GTC',
    postOnly: false,
    reduceOnly: false,
    ...partial,
  };
  return { request, venueClientOrderId: deriveVenueClientOrderId(request.clientOrderId, h.venue.client.capabilities.clientOrderId) };
}

describe('coinbase product rules and error responses', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness();
  });
  afterEach(async () => {
    await h.close();
  });

  it('reads increments, size and funds bounds from /products', async () => {
    const btc = (await h.venue.client.instruments()).find((i) => i.id === BTC_USD);
    expect(btc?.priceIncrement.toString()).toBe('0.01');
    expect(btc?.sizeIncrement.toString()).toBe('0.00000001');
    expect(btc?.minNotional?.toString()).toBe('1');
    expect(btc?.maxQuantity?.toString()).toBe('3400');
  });

  it('maps INSUFFICIENT_FUND and a crossing post-only to engine codes with the venue reason kept', async () => {
    const tooBig = await h.venue.client.submit(order(h, { quantity: Quantity.parse('1000') }));
    expect(tooBig).toMatchObject({ status: 'rejected', code: 'VENUE_INSUFFICIENT_BALANCE' });
    expect(tooBig.status === 'rejected' && tooBig.venueReason).toContain('INSUFFICIENT_FUND');
    const ask = h.sim.state.market.quote('BTC-USD')?.ask ?? Price.parse('1');
    const crossing = await h.venue.client.submit(order(h, { price: Price.of(ask.add(Decimal.fromInteger(5))), postOnly: true }));
    expect(crossing.status === 'rejected' && crossing.venueReason).toContain('INVALID_LIMIT_PRICE_POST_ONLY');
  });

  it('honours limit_only, post_only, cancel_only and trading_disabled, at the venue and before sending', async () => {
    const product = h.sim.state.products.get('BTC-USD');
    if (product === undefined) throw new Error('BTC-USD missing');
    product.limit_only = true;
    const raw = await h.venue.api.createOrder({ client_order_id: 'raw-limit-only', product_id: 'BTC-USD', side: 'BUY', order_configuration: { market_market_ioc: { base_size: '0.01' } } });
    expect(raw.error_response?.error).toBe('ORDER_ENTRY_DISABLED');
    await h.venue.client.disconnect();
    h = await startHarness({ reuse: h.sim, clock: h.clock });
    expect(await h.venue.client.submit(order(h, { type: 'market', timeInForce: 'IOC' }))).toMatchObject({ status: 'rejected', code: 'VENUE_MARKET_CLOSED' });
    product.limit_only = false;
    product.post_only = true;
    expect((await h.venue.api.createOrder({ client_order_id: 'raw-post-only', product_id: 'BTC-USD', side: 'BUY', order_configuration: { limit_limit_gtc: { base_size: '0.01', limit_price: '100.00' } } })).error_response?.error).toBe('INVALID_LIMIT_PRICE_POST_ONLY');
    product.post_only = false;
    product.cancel_only = true;
    expect((await h.venue.api.createOrder({ client_order_id: 'raw-cancel-only', product_id: 'BTC-USD', side: 'BUY', order_configuration: { limit_limit_gtc: { base_size: '0.01', limit_price: '100.00' } } })).error_response?.error).toBe('ORDER_ENTRY_DISABLED');
    product.cancel_only = false;
    product.trading_disabled = true;
    const disabled = await h.venue.client.submit(order(h, {}));
    expect(disabled).toMatchObject({ status: 'rejected', code: 'VENUE_MARKET_CLOSED' });
    product.trading_disabled = false;
  });

  it('buys with a market order sized in quote (quote_size)', async () => {
    const placed = await h.venue.client.submit(order(h, { type: 'market', timeInForce: 'IOC', quoteQuantity: Decimal.parse('1000'), quantity: Quantity.parse('0.016') }));
    expect(placed.status).toBe('accepted');
    if (placed.status !== 'accepted') return;
    const status = await h.venue.client.orderStatus({ accountId: ACCOUNT, venueOrderId: placed.venueOrderId });
    expect(status?.status).toBe('filled');
    expect(status?.filledQuantity.isPositive()).toBe(true);
  });

  it('previews an edit without applying it, and reports the edit failure reason', async () => {
    const placed = await h.venue.client.submit(order(h, {}));
    if (placed.status !== 'accepted') throw new Error('not accepted');
    expect(await h.venue.client.previewModify(placed.venueOrderId, '1000.00', '0.01')).toEqual([]);
    expect(await h.venue.client.previewModify(placed.venueOrderId, '1000.001', '0.01')).toEqual(['INVALID_EDITED_PRICE']);
    expect((await h.venue.client.orderStatus({ accountId: ACCOUNT, venueOrderId: placed.venueOrderId }))?.price?.eq(Decimal.parse('1000'))).toBe(false);
    expect(await h.venue.client.feeTier()).toEqual({ tier: 'Advanced 1', maker: '0.004', taker: '0.006' });
  });

  it('runs a trigger bracket: rests as its take-profit, exits at the stop when a trade goes through it', async () => {
    const { bid, ask } = h.sim.state.market.quote('BTC-USD') ?? { bid: Price.parse('1'), ask: Price.parse('1') };
    const takeProfit = ask.add(Decimal.fromInteger(500)).toString();
    const stop = bid.sub(Decimal.fromInteger(500)).toString();
    const crossed = await h.venue.api.createOrder({ client_order_id: 'bracket-bad', product_id: 'BTC-USD', side: 'SELL', order_configuration: { trigger_bracket_gtc: { base_size: '0.01', limit_price: stop, stop_trigger_price: takeProfit } } });
    expect(crossed.error_response?.error).toBe('INVALID_BRACKET_PRICES');
    const placed = await h.venue.api.createOrder({ client_order_id: 'bracket-1', product_id: 'BTC-USD', side: 'SELL', order_configuration: { trigger_bracket_gtc: { base_size: '0.01', limit_price: takeProfit, stop_trigger_price: stop } } });
    const orderId = placed.success_response?.order_id ?? '';
    expect((await h.venue.api.getOrder(orderId)).status).toBe('OPEN');
    h.sim.state.market.movePrice('BTC-USD', bid.sub(Decimal.fromInteger(1000)));
    const done = await h.venue.api.getOrder(orderId);
    expect(done.status).toBe('FILLED');
    expect(done.order_type).toBe('BRACKET');
    // An exit, not the take-profit: a sell limited at the stop fills at the stop or better, below the take-profit.
    expect(Decimal.parse(done.average_filled_price).gte(Decimal.parse(stop))).toBe(true);
    expect(Decimal.parse(done.average_filled_price).lt(Decimal.parse(takeProfit))).toBe(true);
  });

  it('the simulator answers private requests beyond 30 in one second with 429 rate_limit_exceeded', async () => {
    // A clock that stands still: every request falls in the same second, whatever the machine's load.
    const clock = new ManualClock(Date.now());
    const sim = await startCoinbaseSimulator({ clock });
    try {
      const signer = new CdpSigner(loadCdpKey(sim.apiKeyName, sim.apiPrivateKey), () => Math.floor(clock.now() / 1000));
      const host = new URL(sim.url).host;
      const answers = [];
      for (let i = 0; i < 32; i++) {
        const response = await request(`${sim.url}/api/v3/brokerage/accounts`, { headers: { authorization: `Bearer ${signer.rest('GET', host, '/api/v3/brokerage/accounts')}` } });
        answers.push({ status: response.statusCode, body: await response.body.text() });
      }
      expect(answers.slice(0, 30).every((a) => a.status === 200)).toBe(true);
      expect(answers[30]?.status).toBe(429);
      expect(JSON.parse(answers[31]?.body ?? '{}')).toMatchObject({ error: 'rate_limit_exceeded' });
      clock.advance(1001);
      const after = await request(`${sim.url}/api/v3/brokerage/accounts`, { headers: { authorization: `Bearer ${signer.rest('GET', host, '/api/v3/brokerage/accounts')}` } });
      await after.body.text();
      expect(after.statusCode).toBe(200);
    } finally {
      await sim.close();
    }
  });

  it('the adapter’s limiter lets 30 requests a second leave and holds the next one back', async () => {
    const clock = new ManualClock(Date.now());
    const limiter = new CoinbaseRateLimiter(clock, 30);
    for (let i = 0; i < 30; i++) expect(await limiter.acquire()).toBe(0);
    let released = false;
    const held = limiter.acquire().then(() => {
      released = true;
    });
    await Promise.resolve();
    expect(released).toBe(false);
    clock.advance(1250);
    await held;
    expect(released).toBe(true);
  });
});

import { CBAdvancedTradeClient } from 'coinbase-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCoinbaseSimulator, type CoinbaseSimulator } from '../../../src/simulators/coinbase/server';
import { OffsetClock } from './harness';

/** The `coinbase-api` npm SDK (jose-signed ES256 JWTs), unmodified: only its baseUrl points at the simulator. */
describe('coinbase-api CBAdvancedTradeClient against the simulator', () => {
  let sim: CoinbaseSimulator;
  let client: CBAdvancedTradeClient;

  beforeAll(async () => {
    sim = await startCoinbaseSimulator({ clock: new OffsetClock() });
    client = new CBAdvancedTradeClient({ apiKey: sim.apiKeyName, apiSecret: sim.apiPrivateKey, baseUrl: sim.url });
  });
  afterAll(async () => {
    await sim.close();
  });

  it('lists products, accounts and the fee tier', async () => {
    const products = await client.getProducts();
    expect(products.products.map((p) => p.product_id)).toEqual(expect.arrayContaining(['BTC-USD', 'ETH-USD', 'ETH-BTC']));
    const accounts = await client.getAccounts();
    expect(accounts.accounts.find((a) => a.currency === 'USD')?.available_balance.value).toBe('10000000');
    const summary = await client.getTransactionSummary();
    expect(summary.fee_tier.taker_fee_rate).toBe('0.006');
  });

  it('places, reads, edits and cancels a limit order; repeats of its client id return the same order', async () => {
    const body = {
      client_order_id: client.generateNewOrderId(),
      product_id: 'BTC-USD',
      side: 'BUY' as const,
      order_configuration: { limit_limit_gtc: { base_size: '0.01', limit_price: '50000.00', post_only: true } },
    };
    const placed = await client.submitOrder(body);
    expect(placed.success).toBe(true);
    const again = await client.submitOrder(body);
    expect(again.success_response?.order_id).toBe(placed.success_response?.order_id);
    const orderId = placed.success_response?.order_id ?? '';
    expect((await client.getOrder({ order_id: orderId })).order.status).toBe('OPEN');
    expect((await client.updateOrder({ order_id: orderId, price: '49999.00', size: '0.02' })).success).toBe(true);
    const edited = (await client.getOrder({ order_id: orderId })).order;
    expect(edited.order_configuration.limit_limit_gtc?.limit_price).toBe('49999');
    const canceled = await client.cancelOrders({ order_ids: [orderId] });
    expect(canceled.results[0]?.success).toBe(true);
    expect(sim.state.placements).toBe(1);
  });

  it('fills a market order sized in quote and lists its fills', async () => {
    const placed = await client.submitOrder({ client_order_id: client.generateNewOrderId(), product_id: 'ETH-USD', side: 'BUY', order_configuration: { market_market_ioc: { quote_size: '1000' } } });
    const orderId = placed.success_response?.order_id ?? '';
    expect((await client.getOrder({ order_id: orderId })).order.status).toBe('FILLED');
    const fills = await client.getFills({ order_ids: [orderId] });
    expect(fills.fills.length).toBeGreaterThan(0);
  });

  it('gets the venue error for an off-tick price', async () => {
    const refused = await client.submitOrder({ client_order_id: client.generateNewOrderId(), product_id: 'BTC-USD', side: 'BUY', order_configuration: { limit_limit_gtc: { base_size: '0.01', limit_price: '50000.001' } } });
    expect(refused.success).toBe(false);
    expect(refused.error_response?.preview_failure_reason).toBe('PREVIEW_INVALID_PRICE_PRECISION');
  });
});

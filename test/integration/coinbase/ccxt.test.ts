import ccxt from 'ccxt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCoinbaseSimulator, type CoinbaseSimulator } from '../../../src/simulators/coinbase/server';
import { OffsetClock } from './harness';

/** ccxt's own coinbase class, unmodified: only its REST URL is pointed at the simulator. */
describe('ccxt coinbase against the simulator', () => {
  let sim: CoinbaseSimulator;
  let exchange: InstanceType<typeof ccxt.coinbase>;

  beforeAll(async () => {
    sim = await startCoinbaseSimulator({ clock: new OffsetClock() });
    exchange = new ccxt.coinbase({ apiKey: sim.apiKeyName, secret: sim.apiPrivateKey });
    (exchange.urls as { api: Record<string, string> }).api['rest'] = sim.url;
  });
  afterAll(async () => {
    await sim.close();
  });

  it('loads markets with the products and their increments', async () => {
    const markets = await exchange.loadMarkets();
    expect(markets['BTC/USD']?.id).toBe('BTC-USD');
    expect(markets['ETH/BTC']?.precision.price).toBe(0.00001);
  });

  it('fetches balances and the book', async () => {
    const balance = await exchange.fetchBalance();
    expect((balance.total as unknown as Record<string, number>)['USD']).toBe(10_000_000);
    const book = await exchange.fetchOrderBook('BTC/USD');
    expect(book.bids.length).toBeGreaterThan(0);
    expect(book.bids[0]?.[0]).toBeLessThan(book.asks[0]?.[0] ?? 0);
  });

  it('creates, fetches, edits and cancels a limit order', async () => {
    const book = await exchange.fetchOrderBook('BTC/USD');
    const price = Math.floor((book.bids[0]?.[0] ?? 0) * 0.9);
    const order = await exchange.createOrder('BTC/USD', 'limit', 'buy', 0.01, price);
    const id = String(order.id);
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    const fetched = await exchange.fetchOrder(id, 'BTC/USD');
    expect(fetched.status).toBe('open');
    expect(fetched.price).toBe(price);
    await exchange.editOrder(id, 'BTC/USD', 'limit', 'buy', 0.02, price - 1);
    const edited = await exchange.fetchOrder(id, 'BTC/USD');
    expect(edited.price).toBe(price - 1);
    expect(edited.amount).toBe(0.02);
    await exchange.cancelOrder(id, 'BTC/USD');
    expect((await exchange.fetchOrder(id, 'BTC/USD')).status).toBe('canceled');
    expect(sim.state.engine.openOrders(sim.state.exchange.accountId)).toHaveLength(0);
  });

  it('fills a market order', async () => {
    const order = await exchange.createOrder('BTC/USD', 'market', 'sell', 0.01);
    const fetched = await exchange.fetchOrder(String(order.id), 'BTC/USD');
    expect(fetched.status).toBe('closed');
    expect(fetched.filled).toBe(0.01);
    const trades = await exchange.fetchMyTrades('BTC/USD');
    expect(trades.some((t) => t.order === order.id)).toBe(true);
  });
});

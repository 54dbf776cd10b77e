import ccxt from 'ccxt';
import { describe, expect, it } from 'vitest';
import { SystemClock } from '../../../src/shared/system-clock';
import { startBinanceSimulator } from '../../../src/simulators/binance/server';

/** ccxt's Binance client, unmodified, only configured: URLs pointed at the simulator, spot only, no currency fetch. */
function ccxtAgainst(url: string, apiKey: string, secret: string) {
  const exchange = new ccxt.binance({
    apiKey,
    secret,
    enableRateLimit: false,
    options: { fetchMarkets: { types: ['spot'] }, fetchCurrencies: false, fetchMargins: false, defaultType: 'spot', adjustForTimeDifference: false },
  });
  const api = exchange.urls.api as Record<string, string>;
  api.public = `${url}/api/v3`;
  api.private = `${url}/api/v3`;
  api.v1 = `${url}/api/v1`;
  return exchange;
}

describe('ccxt (external client) against the Binance simulator', () => {
  it('loads markets, places limit and market orders, fetches and cancels them, fetches balances and trades', async () => {
    const sim = await startBinanceSimulator({ clock: new SystemClock() });
    const exchange = ccxtAgainst(sim.url, sim.apiKey, sim.apiSecret);
    try {
      const markets = await exchange.loadMarkets();
      expect(Object.keys(markets)).toEqual(expect.arrayContaining(['BTC/USDT', 'ETH/USDT', 'ETH/BTC', 'LTC/BTC']));
      expect(markets['BTC/USDT']?.precision.price).toBe(0.01);

      const limit = await exchange.createOrder('BTC/USDT', 'limit', 'buy', 0.01, 50000);
      expect(limit.status).toBe('open');
      const fetched = await exchange.fetchOrder(limit.id as string, 'BTC/USDT');
      expect(fetched.price).toBe(50000);
      expect((await exchange.fetchOpenOrders('BTC/USDT')).map((o) => o.id)).toContain(limit.id);
      const canceled = await exchange.cancelOrder(limit.id as string, 'BTC/USDT');
      expect(canceled.status).toBe('canceled');

      const market = await exchange.createOrder('BTC/USDT', 'market', 'buy', 0.02);
      expect(market.status).toBe('closed');
      expect(market.filled).toBe(0.02);

      const balance = await exchange.fetchBalance();
      expect((balance.total as unknown as Record<string, number>).BTC).toBeCloseTo(100.02, 8);
      const trades = await exchange.fetchMyTrades('BTC/USDT');
      expect(trades.some((t) => t.order === market.id)).toBe(true);
      // No request of ccxt's was refused for its signature or format.
      expect(sim.state.requests.every((r) => r.path.startsWith('/api/v3/'))).toBe(true);
    } finally {
      await sim.close();
    }
  }, 60_000);
});

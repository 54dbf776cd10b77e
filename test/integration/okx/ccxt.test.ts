import ccxt from 'ccxt';
import { describe, expect, it } from 'vitest';
import { SystemClock } from '../../../src/shared/system-clock';
import { startOkxSimulator } from '../../../src/simulators/okx/server';

/** ccxt's OKX client, unmodified, only configured: its REST URL pointed at the simulator. */
function ccxtAgainst(url: string, apiKey: string, secret: string, password: string) {
  const exchange = new ccxt.okx({ apiKey, secret, password, enableRateLimit: false });
  (exchange.urls as Record<string, unknown>).api = { rest: url };
  return exchange;
}

describe('ccxt (external client) against the OKX simulator', () => {
  it('loads markets, fetches balance and book, creates, fetches, edits and cancels a limit, fills a market order, fetches trades', async () => {
    const sim = await startOkxSimulator({ clock: new SystemClock() });
    const exchange = ccxtAgainst(sim.url, sim.apiKey, sim.secretKey, sim.passphrase);
    try {
      const markets = await exchange.loadMarkets();
      expect(Object.keys(markets)).toEqual(expect.arrayContaining(['BTC/USDT', 'ETH/USDT', 'ETH/BTC']));
      expect(markets['BTC/USDT']?.precision.price).toBe(0.1);

      const balance = await exchange.fetchBalance();
      expect((balance.total as unknown as Record<string, number>).USDT).toBe(1_000_000);
      const book = await exchange.fetchOrderBook('BTC/USDT', 5);
      expect(book.bids.length).toBe(5);
      expect((book.bids[0]?.[0] ?? 0) < (book.asks[0]?.[0] ?? 0)).toBe(true);

      const limit = await exchange.createOrder('BTC/USDT', 'limit', 'buy', 0.01, 50000);
      expect(limit.id).toMatch(/^\d+$/);
      const fetched = await exchange.fetchOrder(limit.id as string, 'BTC/USDT');
      expect(fetched.status).toBe('open');
      expect(fetched.price).toBe(50000);
      expect((await exchange.fetchOpenOrders('BTC/USDT')).map((o) => o.id)).toContain(limit.id);
      await exchange.editOrder(limit.id as string, 'BTC/USDT', 'limit', 'buy', 0.02, 49999.9);
      const edited = await exchange.fetchOrder(limit.id as string, 'BTC/USDT');
      expect(edited.price).toBe(49999.9);
      expect(edited.amount).toBe(0.02);
      await exchange.cancelOrder(limit.id as string, 'BTC/USDT');
      expect((await exchange.fetchOrder(limit.id as string, 'BTC/USDT')).status).toBe('canceled');

      const market = await exchange.createOrder('BTC/USDT', 'market', 'sell', 0.02);
      const filled = await exchange.fetchOrder(market.id as string, 'BTC/USDT');
      expect(filled.status).toBe('closed');
      expect(filled.filled).toBe(0.02);

      // A market buy sized in USDT (tgtCcy quote_ccy).
      const byCost = await exchange.createMarketBuyOrderWithCost('BTC/USDT', 600);
      const bought = await exchange.fetchOrder(byCost.id as string, 'BTC/USDT');
      expect(bought.status).toBe('closed');
      expect(bought.cost).toBeGreaterThan(599);

      const trades = await exchange.fetchMyTrades('BTC/USDT');
      expect(trades.some((t) => t.order === market.id)).toBe(true);
      const after = await exchange.fetchBalance();
      expect((after.total as unknown as Record<string, number>).BTC).toBeGreaterThan(99.98);
    } finally {
      await sim.close();
    }
  }, 60_000);
});

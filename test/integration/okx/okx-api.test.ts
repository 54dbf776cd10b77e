import { RestClient } from 'okx-api';
import { describe, expect, it } from 'vitest';
import { SystemClock } from '../../../src/shared/system-clock';
import { startOkxSimulator } from '../../../src/simulators/okx/server';

describe('the okx-api npm client (external, unmodified) against the OKX simulator', () => {
  it('loads instruments, fetches balance and book, places, fetches, amends and cancels a limit, fills a market order, fetches fills', async () => {
    const sim = await startOkxSimulator({ clock: new SystemClock() });
    // Only configuration: the base URL and demo trading (the simulator is a demo environment).
    const client = new RestClient({ apiKey: sim.apiKey, apiSecret: sim.secretKey, apiPass: sim.passphrase, baseUrl: sim.url, demoTrading: true });
    try {
      expect(Math.abs((await client.getServerTime()) - Date.now())).toBeLessThan(60_000);
      const instruments = await client.getInstruments({ instType: 'SPOT' });
      expect(instruments.map((i) => i.instId)).toEqual(expect.arrayContaining(['BTC-USDT', 'ETH-USDT', 'ETH-BTC']));
      const [balance] = await client.getBalance();
      expect(balance?.details.find((d) => d.ccy === 'USDT')?.cashBal).toBe('1000000');
      const [book] = await client.getOrderBook({ instId: 'BTC-USDT', sz: '5' });
      expect(book?.bids).toHaveLength(5);

      const [placed] = await client.submitOrder({ instId: 'BTC-USDT', tdMode: 'cash', side: 'buy', ordType: 'limit', px: '50000', sz: '0.01', clOrdId: 'okxapi1' });
      expect(placed?.sCode).toBe('0');
      const ordId = placed?.ordId as string;
      const [details] = await client.getOrderDetails({ instId: 'BTC-USDT', clOrdId: 'okxapi1' });
      expect(details?.ordId).toBe(ordId);
      expect(details?.state).toBe('live');
      expect((await client.getOrderList({ instType: 'SPOT' })).map((o) => o.ordId)).toContain(ordId);
      const [amended] = await client.amendOrder({ instId: 'BTC-USDT', ordId, newPx: '49999.9', newSz: '0.02' });
      expect(amended?.sCode).toBe('0');
      const [after] = await client.getOrderDetails({ instId: 'BTC-USDT', ordId });
      expect([after?.px, after?.sz]).toEqual(['49999.9', '0.02']);
      const [canceled] = await client.cancelOrder({ instId: 'BTC-USDT', ordId });
      expect(canceled?.sCode).toBe('0');
      expect((await client.getOrderDetails({ instId: 'BTC-USDT', ordId }))[0]?.state).toBe('canceled');

      const [market] = await client.submitOrder({ instId: 'BTC-USDT', tdMode: 'cash', side: 'buy', ordType: 'market', sz: '600', tgtCcy: 'quote_ccy', clOrdId: 'okxapi2' });
      expect(market?.sCode).toBe('0');
      const [bought] = await client.getOrderDetails({ instId: 'BTC-USDT', ordId: market?.ordId as string });
      expect(bought?.state).toBe('filled');
      const fills = await client.getFills({ instType: 'SPOT', instId: 'BTC-USDT' });
      expect(fills.some((f) => f.ordId === market?.ordId)).toBe(true);
      const history = await client.getFillsHistory({ instType: 'SPOT' });
      expect(history.length).toBe(fills.length);

      // A duplicated clOrdId is refused with OKX's own code.
      const duplicate = await client.submitOrder({ instId: 'BTC-USDT', tdMode: 'cash', side: 'buy', ordType: 'limit', px: '50000', sz: '0.01', clOrdId: 'okxapi1' }).catch((error: unknown) => error);
      expect(JSON.stringify(duplicate)).toContain('51016');
    } finally {
      await sim.close();
    }
  }, 60_000);
});

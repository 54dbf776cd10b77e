import { describe, expect, it } from 'vitest';
import { Decimal, InstrumentId, type OrderBookUpdate } from '../../../src/core';
import { startHarness } from './harness';

const btc = InstrumentId.of('BTCUSDT', 'BINANCE');

describe('binance diff-depth sync against the simulator', () => {
  it('ends equal to the simulator book after injected gaps, marking the book invalid while it resyncs', async () => {
    const h = await startHarness();
    try {
      const updates: OrderBookUpdate[] = [];
      const stop = h.venue.client.subscribeMarketData([btc], (event) => {
        if (event.type === 'OrderBookUpdate') updates.push(event);
      });
      const market = h.sim.state.market;
      const until = async (condition: () => boolean) => {
        const deadline = Date.now() + 15_000;
        while (!condition()) {
          if (Date.now() > deadline) throw new Error('timed out');
          market.movePrice('BTCUSDT', Decimal.parse('60000').add(Decimal.fromInteger(updates.length % 7)));
          await new Promise((resolve) => setTimeout(resolve, 30));
        }
      };
      await until(() => h.venue.data.book(btc)?.valid === true);
      for (let gap = 0; gap < 3; gap++) {
        const before = h.venue.data.resyncCount(btc);
        h.sim.state.depth.injectGap('BTCUSDT');
        await until(() => h.venue.data.resyncCount(btc) > before);
        await until(() => h.venue.data.book(btc)?.valid === true);
      }
      expect(updates.some((u) => !u.valid)).toBe(true);
      // A drop without a close frame: the client reconnects, marks the book invalid and resyncs it.
      const invalidBefore = updates.filter((u) => !u.valid).length;
      h.sim.dropConnections();
      await until(() => updates.filter((u) => !u.valid).length > invalidBefore);
      await until(() => h.venue.data.book(btc)?.valid === true);
      stop();
      // Quiet market: the local book must equal the simulator's published book level for level.
      const local = h.venue.data.book(btc);
      const remote = h.sim.state.depth.snapshot('BTCUSDT', 5000);
      expect(local?.lastUpdateId).toBe(remote.lastUpdateId);
      const levels = local?.levels() ?? { bids: [], asks: [] };
      expect(levels.bids.map((l) => [l.price.toFixedScale(8), l.quantity.toFixedScale(8)])).toEqual(remote.bids);
      expect(levels.asks.map((l) => [l.price.toFixedScale(8), l.quantity.toFixedScale(8)])).toEqual(remote.asks);
    } finally {
      await h.close();
    }
  }, 60_000);
});

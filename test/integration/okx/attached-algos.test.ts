import { describe, expect, it } from 'vitest';
import { Decimal, Price, Quantity } from '../../../src/core';
import { eventuallyAlgo } from './attached-algos-helpers';
import { startHarness } from './harness';

describe('okx simulator: attachAlgoOrds on an entry (TP/SL placed once it fills)', () => {
  it('a filled buy with a TP and an SL gets one sell oco algo under its attachAlgoClOrdId, for the filled size; before the fill there is none', async () => {
    const h = await startHarness();
    try {
      const quote = h.sim.state.market.quote('BTC-USDT') as { bid: Price; ask: Price };
      const entryPx = quote.bid.mul(Decimal.parse('0.99')).rescale(1, 'down').toString();
      const tp = quote.ask.mul(Decimal.parse('1.05')).rescale(1, 'up').toString();
      const sl = quote.bid.mul(Decimal.parse('0.95')).rescale(1, 'down').toString();
      const ack = await h.venue.api.placeOrder({
        instId: 'BTC-USDT', tdMode: 'cash', side: 'buy', ordType: 'limit', px: entryPx, sz: '0.01', clOrdId: 'entry1',
        attachAlgoOrds: [{ attachAlgoClOrdId: 'bracket1', tpTriggerPx: tp, tpOrdPx: '-1', slTriggerPx: sl, slOrdPx: '-1' }],
      });
      expect(ack.data[0]?.sCode).toBe('0');
      expect(await h.venue.api.algoOrder(undefined, 'bracket1')).toBeUndefined();
      h.sim.state.market.printTrade('BTC-USDT', Price.parse(entryPx).sub(Decimal.parse('0.1')) as Price, Quantity.parse('0.01'));
      const algo = await eventuallyAlgo(() => h.venue.api.algoOrder(undefined, 'bracket1'));
      expect(algo).toMatchObject({ ordType: 'oco', side: 'sell', sz: '0.01', tpTriggerPx: tp, slTriggerPx: sl, state: 'live' });
    } finally {
      await h.close();
    }
  }, 30_000);
});

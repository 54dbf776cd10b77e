import { describe, expect, it } from 'vitest';

import { Decimal, InstrumentId, type MarketDataEvent } from '../../../src/core';
import { eventually, startPair } from './harness';

const EUR_USD = InstrumentId.parse('EUR/USD.FXCM');

describe('FXCM market data over FIX', () => {
  for (const updates of ['full', 'incremental'] as const) {
    it(`streams the simulator's top of book as quotes (${updates === 'full' ? 'W full refreshes' : 'X incremental refreshes'}), and stops on unsubscribe`, async () => {
      const pair = await startPair({ config: { marketDataUpdates: updates } });
      try {
        const events: MarketDataEvent[] = [];
        const stop = pair.client.subscribeMarketData([EUR_USD], (e) => events.push(e));
        await eventually('the snapshot', () => (events.length > 0 ? true : undefined));
        pair.sim.market.movePrice('EUR/USD', Decimal.parse('1.09000'));
        const quote = await eventually('the moved quote', () => events.find((e) => e.type === 'QuoteTick' && e.bid.eq(pair.sim.market.quote('EUR/USD').bid)));
        expect(quote.type === 'QuoteTick' && quote.ask.eq(pair.sim.market.quote('EUR/USD').ask)).toBe(true);
        stop();
        const seen = events.length;
        await pair.client.account(pair.accountId); // a round trip: the unsubscribe has reached the simulator
        pair.sim.market.movePrice('EUR/USD', Decimal.parse('1.09500'));
        await pair.client.account(pair.accountId);
        expect(events.length).toBe(seen);
      } finally {
        await pair.close();
      }
    }, 30_000);
  }
});

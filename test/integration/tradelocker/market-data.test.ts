/**
 * Quotes (GET /trade/quotes, polled into QuoteTicks) and historical bars (GET /trade/history) over the INFO
 * route, read exactly: prices as the venue wrote them, sizes in units.
 */
import { afterEach, describe, expect, it } from 'vitest';

import { Decimal, InstrumentId, type MarketDataEvent } from '../../../src/core';
import { eventually, startPair, type TradeLockerPair } from './harness';

const EURUSD = InstrumentId.parse('EURUSD.TRADELOCKER');

describe('TradeLocker market data', () => {
  const pairs: TradeLockerPair[] = [];
  afterEach(async () => {
    for (const pair of pairs.splice(0)) await pair.close();
  });

  it('streams QuoteTicks from polled quotes, once per change, bid and ask exact', async () => {
    const pair = await startPair();
    pairs.push(pair);
    const events: MarketDataEvent[] = [];
    const stop = pair.client.subscribeMarketData([EURUSD], (event) => events.push(event));
    await eventually('a first quote', () => (events.length > 0 ? true : undefined));
    pair.sim.market.movePrice('EURUSD', Decimal.parse('1.09123'));
    const moved = await eventually('the moved quote', () => events.find((e) => e.type === 'QuoteTick' && e.bid.toString() === '1.09117'));
    stop();
    expect(moved.type === 'QuoteTick' ? [moved.bid.toString(), moved.ask.toString(), moved.bidSize?.toString()] : []).toEqual(['1.09117', '1.09129', '50000000']);
    const quote = await pair.client.data.quote(EURUSD);
    expect(quote?.ask.toString()).toBe('1.09129');
  });

  it('reads 1-minute bars for a time range, and [] for a range without data', async () => {
    const pair = await startPair();
    pairs.push(pair);
    const start = pair.sim.clock.now();
    pair.sim.market.movePrice('EURUSD', Decimal.parse('1.08000'));
    pair.sim.market.advanceTime(60_000);
    pair.sim.market.movePrice('EURUSD', Decimal.parse('1.08200'));
    pair.sim.market.movePrice('EURUSD', Decimal.parse('1.07900'));
    const bars = await pair.client.data.bars(EURUSD, '1m', start - 60_000, pair.sim.clock.now());
    expect(bars.length).toBeGreaterThanOrEqual(2);
    const last = bars[bars.length - 1];
    expect([last?.open.toString(), last?.high.toString(), last?.low.toString(), last?.close.toString()]).toEqual(['1.08194', '1.08194', '1.07894', '1.07894']);
    expect(bars.every((bar, i) => i === 0 || bar.openedAt > (bars[i - 1]?.openedAt ?? 0))).toBe(true);
    expect(await pair.client.data.bars(EURUSD, '1H', start - 10 * 86_400_000, start - 9 * 86_400_000)).toEqual([]);
  });
});

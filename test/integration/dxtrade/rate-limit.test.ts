import { afterEach, describe, expect, it } from 'vitest';

import { ClientOrderId, Decimal, InstrumentId, Price, Quantity, type VenueClientOrderId } from '../../../src/core';
import { DOCUMENTED_RATE_LIMITS } from '../../../src/simulators/dxtrade';
import { startPair, type DxtradePair } from './harness';

const EURUSD = InstrumentId.parse('EUR/USD.DXTRADE');

describe("DXtrade rate limits: the spec's three limits (login per IP, data and trading per session)", () => {
  let pair: DxtradePair | undefined;
  afterEach(async () => {
    await pair?.close();
    pair = undefined;
  });

  it('paces requests to the documented limits: a burst of reads and orders, and the venue never answers 429', async () => {
    const p = (pair = await startPair({ sim: { rateLimits: DOCUMENTED_RATE_LIMITS }, config: { rateLimits: { loginPerSecond: 1, dataPerSecond: 2, tradingPerSecond: 1 } } }));
    const reads = await Promise.all([0, 1, 2, 3, 4].map(() => p.client.openOrders(p.accountId)));
    expect(reads).toHaveLength(5);
    const { bid } = p.sim.market.quote('EUR/USD');
    const price = Price.roundToTick(bid.mul(Decimal.parse('0.99')), Decimal.parse('0.00001'), 'down');
    const results = await Promise.all([1, 2, 3].map((i) => p.client.submit({
      request: { clientOrderId: ClientOrderId.parse(`rl-${i}`), accountId: p.accountId, instrumentId: EURUSD, side: 'buy', type: 'limit', quantity: Quantity.parse('1000'), price, timeInForce: 'GTC', postOnly: false, reduceOnly: false },
      venueClientOrderId: `rl-${i}` as VenueClientOrderId,
    })));
    expect(results.map((r) => r.status)).toEqual(['accepted', 'accepted', 'accepted']);
    expect(p.sim.truth(p.accountId).orders).toHaveLength(3);
    expect(p.sim.limiter.refusals).toBe(0);
  }, 60_000);

  it('an adapter set faster than the venue gets 429, mapped to VENUE_RATE_LIMITED', async () => {
    const p = (pair = await startPair({ config: { rateLimits: { loginPerSecond: 5, dataPerSecond: 50, tradingPerSecond: 50 } } }));
    p.sim.limiter.setLimits({ loginPerSecond: 5, dataPerSecond: 2, tradingPerSecond: 1 });
    const outcomes = await Promise.allSettled([0, 1, 2, 3, 4, 5].map(() => p.client.openOrders(p.accountId)));
    const refused = outcomes.filter((o) => o.status === 'rejected');
    expect(refused.length).toBeGreaterThan(0);
    for (const o of refused) expect((o.reason as { code?: string }).code).toBe('VENUE_RATE_LIMITED');
    expect(p.sim.limiter.refusals).toBeGreaterThan(0);
  }, 60_000);
});

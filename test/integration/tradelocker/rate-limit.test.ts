/**
 * Rate limits come from GET /trade/config (rateLimits: route name, measure, intervalNum, limit) and the adapter
 * keeps to them per route, so the simulator (which enforces the same numbers) never answers 429. A 429 all the
 * same (another client on the login) is waited out and a read retried; a write is settled by lookup.
 */
import { afterEach, describe, expect, it } from 'vitest';

import { ClientOrderId, Decimal, InstrumentId, Price, Quantity, type OrderRequest, type VenueClientOrderId } from '../../../src/core';
import { defaultRateLimits } from '../../../src/simulators/tradelocker/limits';
import { startPair, type TradeLockerPair } from './harness';

describe('TradeLocker rate limits', () => {
  const pairs: TradeLockerPair[] = [];
  afterEach(async () => {
    for (const pair of pairs.splice(0)) await pair.close();
  });

  it('reads the limits from /trade/config and spaces order placements to them; every order held once', async () => {
    const limits = defaultRateLimits(50).map((l) => (l.rateLimitType === 'PLACE_ORDER' ? { ...l, limit: 3 } : l));
    const pair = await startPair({ sim: { rateLimits: limits } });
    pairs.push(pair);
    expect(pair.client.limiter.limitOf('PLACE_ORDER')).toEqual({ limit: 3, spanMs: 1000 });
    const { bid } = pair.sim.market.quote('EURUSD');
    const price = Price.roundToTick(bid.mul(Decimal.parse('0.99')), Decimal.parse('0.00001'), 'down');
    const orders = Array.from({ length: 7 }, (_, i): OrderRequest => ({
      clientOrderId: ClientOrderId.parse(`rl-${i}`), accountId: pair.accountId, instrumentId: InstrumentId.parse('EURUSD.TRADELOCKER'),
      side: 'buy', type: 'limit', timeInForce: 'GTC', quantity: Quantity.parse('1000'), price, postOnly: false, reduceOnly: false,
    }));
    const results = await Promise.all(orders.map((request) => pair.client.submit({ request, venueClientOrderId: request.clientOrderId as string as VenueClientOrderId })));
    expect(results.map((r) => r.status), JSON.stringify(results)).toEqual(Array(7).fill('accepted'));
    // The adapter sent at most 3 placements in any second (its own send times: no dependence on the machine's load).
    const sent = pair.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/orders')).map((r) => r.startedAt);
    for (const at of sent) expect(sent.filter((other) => other >= at && other < at + 1000).length).toBeLessThanOrEqual(3);
    // Each order is held once at the venue: a 429 the jitter of a loaded machine may still cause is settled by
    // lookup and sent again, never doubled.
    const held = pair.sim.venue.engine.openOrders(pair.accountId).map((o) => pair.sim.venue.orders.get(o.orderId)?.strategyId).sort();
    expect(held).toEqual(orders.map((o) => o.clientOrderId as string).sort());
  }, 30_000);

  it('retries a read that met a 429 and answers it', async () => {
    const pair = await startPair();
    pairs.push(pair);
    pair.sim.faults.rateLimitNext = 1;
    const positions = await pair.client.positions(pair.accountId);
    expect(positions).toEqual([]);
    expect(pair.requests.some((r) => r.status === 429 && r.outcome === 'rate-limited')).toBe(true);
  });
});

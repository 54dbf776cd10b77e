import { afterEach, describe, expect, it } from 'vitest';
import { ClientOrderId, Price, Quantity } from '../../../src/core';
import { ACCOUNT, BTC_USDT, startHarness, type Harness } from './harness';

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

describe('okx rate limits', () => {
  it('the simulator answers 50011 past a limit; the adapter waits instead of exceeding it', async () => {
    // A small documented-style limit so the test is quick: 5 placements per instrument per 2 s.
    harness = await startHarness({
      sim: { rateLimits: { 'POST /api/v5/trade/order': { limit: 5, windowMs: 2_000, perInstrument: true }, 'GET /api/v5/public/time': { limit: 10, windowMs: 2_000, perInstrument: false } } },
      rateLimits: { '/api/v5/trade/order': { limit: 5, windowMs: 2_000, perInstrument: true } },
    });
    const h = harness;
    const submit = (i: number) =>
      h.venue.client.submit({
        request: { clientOrderId: ClientOrderId.parse(`rl${i}`), accountId: ACCOUNT, instrumentId: BTC_USDT, side: 'buy', type: 'limit', quantity: Quantity.parse('0.001'), price: Price.parse('50000'), timeInForce: 'GTC', postOnly: false, reduceOnly: false },
        venueClientOrderId: `rl${i}` as never,
      });
    const results = await Promise.all(Array.from({ length: 8 }, (_, i) => submit(i)));
    expect(results.every((r) => r.status === 'accepted')).toBe(true);
    expect(h.venue.limiter.waits).toBeGreaterThan(0);
    expect(h.sim.state.placements).toBe(8);

    // Sent raw past the limit, the simulator refuses with OKX's code and HTTP 429.
    const burst = await Promise.all(Array.from({ length: 12 }, () => fetch(`${h.sim.url}/api/v5/public/time`)));
    const limited = burst.filter((r) => r.status === 429);
    expect(limited.length).toBeGreaterThan(0);
    expect(((await limited[0]?.json()) as { code: string }).code).toBe('50011');
  });
});

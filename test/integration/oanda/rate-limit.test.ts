import { afterEach, describe, expect, it } from 'vitest';

import { ClientOrderId, deriveVenueClientOrderId, InstrumentId, isTmtError, ManualClock, Quantity, type OrderRequest } from '../../../src/core';
import { startPair, type OandaPair } from './harness';

const order = (pair: OandaPair, id: string): OrderRequest => ({
  clientOrderId: ClientOrderId.parse(id), accountId: pair.accountId, instrumentId: InstrumentId.parse('EUR_USD.OANDA'),
  side: 'buy', type: 'market', quantity: Quantity.parse('1000'), timeInForce: 'FOK', postOnly: false, reduceOnly: false,
});
const submit = (pair: OandaPair, request: OrderRequest) =>
  pair.client.submit({ request, venueClientOrderId: deriveVenueClientOrderId(request.clientOrderId, pair.client.capabilities.clientOrderId) });
const ordersWithClientId = (pair: OandaPair, id: string) => [...(pair.sim.venue.accounts.get(pair.accountId)?.orders.values() ?? [])].filter((o) => o.clientId === id);

describe('OANDA rate limits and unknown outcomes', () => {
  let pair: OandaPair;
  afterEach(async () => pair.close());

  /**
   * The adapter's clock is a manual one: the limiter releases requests only as the test moves time, so the
   * pacing is read in the adapter's own time (each request's `startedAt`), never from wall-clock throughput.
   */
  async function drive(clock: ManualClock, until: () => boolean, stepMs = 5, limitMs = 20_000): Promise<void> {
    for (let moved = 0; !until(); moved += stepMs) {
      if (moved > limitMs) throw new Error(`not done after ${limitMs} ms of adapter time`);
      clock.advance(stepMs);
      // Let released requests start (and answers arrive) before time moves on.
      await new Promise((resolve) => setImmediate(resolve));
    }
  }

  it('paces a burst at the configured rate in its own time: no second above the bucket, the sustained rate at the limit, no 429', async () => {
    const clock = new ManualClock(Date.now());
    pair = await startPair({ clock, config: { requestsPerSecond: 100, connections: 16 }, sim: { requestsPerSecond: 1000 } });
    const from = pair.requests.length;
    let answered = 0;
    const burst = Array.from({ length: 300 }, () => pair.client.account(pair.accountId).then(() => answered++));
    await drive(clock, () => answered === 300);
    await Promise.all(burst);
    const sent = pair.requests.slice(from).filter((r) => r.method === 'GET').map((r) => r.startedAt).sort((a, b) => a - b);
    expect(sent.length).toBeGreaterThanOrEqual(300);
    expect(pair.requests.slice(from).filter((r) => r.status === 429)).toEqual([]);
    // In any second of the adapter's time, at most the rate plus the bucket (a tenth of the rate).
    for (let i = 0, j = 0; i < sent.length; i++) {
      while ((sent[i] as number) - (sent[j] as number) >= 1000) j++;
      expect(i - j + 1).toBeLessThanOrEqual(110);
    }
    // Sustained: the 300 took about 2.9 s of adapter time (10 at once, then one per 10 ms), 90 to 110 a second.
    const rate = ((sent.length - 1) * 1000) / ((sent.at(-1) as number) - (sent[0] as number));
    expect(rate).toBeGreaterThanOrEqual(90);
    expect(rate).toBeLessThanOrEqual(110);
  });

  it('sends nothing before an injected 429 has been waited out, then retries a read', async () => {
    const clock = new ManualClock(Date.now());
    pair = await startPair({ clock });
    pair.sim.faults.rateLimitNext = 1;
    pair.sim.faults.retryAfterSeconds = 1;
    const from = pair.requests.length;
    let done = false;
    const read = pair.client.account(pair.accountId).then(() => (done = true));
    await drive(clock, () => done);
    await read;
    // The adapter's own record of when each read went out (streams are not requests of the pool).
    const [limited, next] = pair.requests.slice(from).filter((r) => r.method === 'GET');
    expect(limited?.status).toBe(429);
    expect(next?.status).toBe(200);
    expect((next?.startedAt ?? 0) - (limited?.startedAt ?? 0)).toBeGreaterThanOrEqual(1000);
  });

  it('settles an order refused with 429 by a lookup before sending it again, and creates it once', async () => {
    pair = await startPair();
    pair.sim.faults.rateLimitNext = 1;
    const start = pair.sim.arrivals.length;
    const result = await submit(pair, order(pair, 'rl-1'));
    expect(result.status).toBe('accepted');
    const arrivals = pair.sim.arrivals.slice(start).map((a) => `${a.method} ${a.status}`);
    expect(arrivals.slice(0, 3)).toEqual(['POST 429', 'GET 404', 'POST 201']);
    expect(ordersWithClientId(pair, 'rl-1')).toHaveLength(1);
  });

  it('settles an order whose answer never arrives by a lookup, with no duplicate', async () => {
    pair = await startPair({ config: { requestTimeoutMs: 1000 } });
    pair.sim.faults.stallNextOrders = 1;
    const result = await submit(pair, order(pair, 'stall-1'));
    expect(result.status).toBe('accepted');
    const created = ordersWithClientId(pair, 'stall-1');
    expect(created).toHaveLength(1);
    if (result.status === 'accepted') expect(result.venueOrderId).toBe(created[0]?.id);
    expect(pair.sim.arrivals.filter((a) => a.method === 'POST')).toHaveLength(1);
  });

  it('reports a 5xx to an order as an unknown outcome (not a rejection) when the venue has no such order', async () => {
    pair = await startPair();
    pair.sim.faults.failNext = 1;
    const error = await submit(pair, order(pair, 'fail-1')).catch((caught: unknown) => caught);
    expect(isTmtError(error, 'VENUE_OUTCOME_UNKNOWN')).toBe(true);
    expect(ordersWithClientId(pair, 'fail-1')).toHaveLength(0);
  });

  it('logs every request with its latency and never the token', async () => {
    pair = await startPair();
    await pair.client.account(pair.accountId);
    expect(pair.requests.length).toBeGreaterThan(0);
    expect(pair.requests.every((r) => r.latencyMs >= 0 && typeof r.status === 'number')).toBe(true);
    expect(JSON.stringify(pair.requests)).not.toContain(pair.sim.token);
  });
});

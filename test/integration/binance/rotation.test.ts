import { describe, expect, it } from 'vitest';
import { AccountId, ClientOrderId, InstrumentId, Quantity, type OrderRequest, type VenueReport } from '../../../src/core';
import { startHarness, type Harness } from './harness';

/**
 * Binance ends every WebSocket connection at 24 hours. The adapter rotates before that (default 23 h); here the
 * age is 300 ms so a test sees several rotations. A rotation is make-before-break with a REST catch-up: it is not
 * a gap, and no fill is missed across it.
 */
const AGE_MS = 300;
const account = AccountId.parse('binance-test');
const btc = InstrumentId.of('BTCUSDT', 'BINANCE');

function marketBuy(id: string, venue: 'BINANCE' | 'BINANCEUS'): OrderRequest {
  return {
    clientOrderId: ClientOrderId.parse(id),
    accountId: account,
    instrumentId: venue === 'BINANCE' ? btc : InstrumentId.of('BTCUSDT', 'BINANCEUS'),
    side: 'buy',
    type: 'market',
    quantity: Quantity.parse('0.001'),
    timeInForce: 'IOC',
    postOnly: false,
    reduceOnly: false,
  };
}

async function waitUntil(condition: () => boolean, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** Orders placed straight on the simulator (not through the adapter): their fills reach the adapter only by stream or catch-up. */
async function tradeAcrossRotations(h: Harness, venue: 'BINANCE' | 'BINANCEUS', rotations: () => number): Promise<string[]> {
  const ids: string[] = [];
  const start = rotations();
  let n = 0;
  while (rotations() < start + 2) {
    const id = `rot-${venue}-${n++}`;
    ids.push(id);
    await h.venue.client.submit({ request: marketBuy(id, venue), venueClientOrderId: id as never });
    await new Promise((resolve) => setTimeout(resolve, 25));
    if (n > 2_000) throw new Error('no rotation happened');
  }
  return ids;
}

describe('binance 24-hour connection limit: proactive rotation', () => {
  it('spot (WebSocket API user stream, orders over it): rotates before the limit, no gap, every fill reported', async () => {
    const h = await startHarness({ account: { maxConnectionAgeMs: AGE_MS }, orderTransport: 'ws-api' });
    try {
      const reports: VenueReport[] = [];
      h.venue.client.onReport((r) => reports.push(r));
      const ids = await tradeAcrossRotations(h, 'BINANCE', () => h.venue.userStream.rotations);
      for (const id of ids) await waitUntil(() => reports.some((r) => r.kind === 'fill' && r.report.venueClientOrderId === id));
      expect(reports.filter((r) => r.kind === 'gap')).toEqual([]);
      // Each rotation caught up over REST from before the switch.
      // The catch-up of the last rotation may still be in flight when its fills are in: wait for it (bounded).
      await waitUntil(() => h.requests.filter((r) => r.path.startsWith('/api/v3/openOrders')).length >= 2);
      // Retired connections are closed: one WebSocket API connection remains.
      await waitUntil(() => h.sim.openSockets() === 1);
      expect(h.sim.heartbeat.dropped).toBe(0);
    } finally {
      await h.close();
    }
  }, 60_000);

  it('Binance.US (listenKey stream): rotates to a new listenKey, closes the old one, and misses no fill', async () => {
    const h = await startHarness({ profile: 'us', account: { maxConnectionAgeMs: AGE_MS } });
    try {
      const reports: VenueReport[] = [];
      h.venue.client.onReport((r) => reports.push(r));
      const ids = await tradeAcrossRotations(h, 'BINANCEUS', () => h.venue.userStream.rotations);
      for (const id of ids) await waitUntil(() => reports.some((r) => r.kind === 'fill' && r.report.venueClientOrderId === id));
      expect(reports.filter((r) => r.kind === 'gap')).toEqual([]);
      await waitUntil(() => h.sim.state.listenKeys.size === 1);
    } finally {
      await h.close();
    }
  }, 60_000);

  it('market streams reconnect before the limit and resubscribe', async () => {
    const h = await startHarness({ account: { maxConnectionAgeMs: AGE_MS } });
    try {
      const events: string[] = [];
      const stop = h.venue.client.subscribeMarketData([btc], (event) => events.push(event.type));
      await waitUntil(() => h.venue.data.rotations >= 2);
      // The stream still delivers after the rotations (the simulator's market moves on request).
      const before = events.length;
      const quote = h.sim.state.market.quote('BTCUSDT');
      if (quote === undefined) throw new Error('no quote');
      h.sim.state.market.movePrice('BTCUSDT', quote.ask);
      await waitUntil(() => events.length > before);
      stop();
    } finally {
      await h.close();
    }
  }, 60_000);
});

import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { InstrumentId, type VenueReport } from '../../../src/core';
import { startHarness } from './harness';

async function waitUntil(condition: () => boolean, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** Binance pings every 20 s and drops a connection with no pong within a minute; here 40 ms and 300 ms. */
const FAST = { pingIntervalMs: 40, pongTimeoutMs: 300 };

describe('binance ping/pong (server pings, the documented pong window)', () => {
  it("keeps the adapter's user-stream, WebSocket API and market-stream connections up: ws answers every ping", async () => {
    const h = await startHarness({ sim: { heartbeat: FAST }, orderTransport: 'ws-api' });
    try {
      const reports: VenueReport[] = [];
      h.venue.client.onReport((r) => reports.push(r));
      const btc = InstrumentId.of('BTCUSDT', 'BINANCE');
      const stop = h.venue.client.subscribeMarketData([btc], () => undefined);
      // The WebSocket API (orders and user data) and the market stream.
      await waitUntil(() => h.sim.openSockets() >= 2);
      const sockets = h.sim.openSockets();
      const start = Date.now();
      // Many pong windows long, counted by pongs rather than by sleeping: each socket echoes a ping every 40 ms.
      await waitUntil(() => h.sim.heartbeat.pongs >= 30 * sockets && Date.now() - start > 3 * FAST.pongTimeoutMs);
      expect(h.sim.heartbeat.dropped).toBe(0);
      expect(h.sim.openSockets()).toBe(sockets);
      expect(reports.filter((r) => r.kind === 'gap')).toEqual([]);
      stop();
    } finally {
      await h.close();
    }
  }, 40_000);

  it('drops a client that does not answer pings once the pong window has passed, without a close frame', async () => {
    const h = await startHarness({ sim: { heartbeat: FAST }, connect: false });
    try {
      const silent = new WebSocket(`${h.sim.streamUrl}/ws/btcusdt@depth`, { autoPong: false });
      let pinged = 0;
      silent.on('ping', () => pinged++);
      const closed = new Promise<number>((resolve) => silent.on('close', (code) => resolve(code)));
      await new Promise((resolve) => silent.on('open', resolve));
      // 1006: the connection ended without a close frame (the server terminated it).
      expect(await closed).toBe(1006);
      expect(pinged).toBeGreaterThan(0);
      expect(h.sim.heartbeat.dropped).toBe(1);
    } finally {
      await h.sim.close();
    }
  }, 30_000);
});

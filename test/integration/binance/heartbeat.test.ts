import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { InstrumentId, ManualClock, type VenueReport } from '../../../src/core';
import { startHarness } from './harness';

async function waitUntil(condition: () => boolean, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/**
 * Binance pings every 20 s and drops a connection with no pong within a minute. The pong window is judged on
 * the simulator's clock: the adapter's case pings fast on the real clock with a window no loaded machine's lag
 * reaches (it counts answered pings, never elapsed time); the window itself is crossed on a manual clock, where
 * only the test moves time, so a slow event loop can neither drop an answering socket nor spare a silent one.
 */
const FAST = { pingIntervalMs: 40, pongTimeoutMs: 300 };

describe('binance ping/pong (server pings, the documented pong window)', () => {
  it("keeps the adapter's user-stream, WebSocket API and market-stream connections up: ws answers every ping", async () => {
    const h = await startHarness({ sim: { heartbeat: { pingIntervalMs: 40, pongTimeoutMs: 60_000 } }, orderTransport: 'ws-api' });
    try {
      const reports: VenueReport[] = [];
      h.venue.client.onReport((r) => reports.push(r));
      const btc = InstrumentId.of('BTCUSDT', 'BINANCE');
      const stop = h.venue.client.subscribeMarketData([btc], () => undefined);
      // The WebSocket API (orders and user data) and the market stream.
      await waitUntil(() => h.sim.openSockets() >= 2);
      const sockets = h.sim.openSockets();
      // Counted by answered pings, not by time: each socket echoes every ping's payload.
      await waitUntil(() => h.sim.heartbeat.pongs >= 30 * sockets);
      expect(h.sim.heartbeat.pings).toBeGreaterThanOrEqual(h.sim.heartbeat.pongs);
      expect(h.sim.heartbeat.dropped).toBe(0);
      expect(h.sim.openSockets()).toBe(sockets);
      expect(reports.filter((r) => r.kind === 'gap')).toEqual([]);
      stop();
    } finally {
      await h.close();
    }
  }, 40_000);

  it('a socket that answers every ping stays up across many pong windows of simulator time', async () => {
    const clock = new ManualClock();
    const h = await startHarness({ sim: { heartbeat: FAST, clock }, connect: false });
    try {
      const socket = new WebSocket(`${h.sim.streamUrl}/ws/btcusdt@depth`);
      await new Promise((resolve) => socket.on('open', resolve));
      // Twenty ping intervals, 800 ms of venue time (more than two windows): each ping is answered before the next.
      for (let beat = 1; beat <= 20; beat++) {
        clock.advance(FAST.pingIntervalMs);
        await waitUntil(() => h.sim.heartbeat.pongs >= beat);
      }
      expect(h.sim.heartbeat.dropped).toBe(0);
      expect(socket.readyState).toBe(WebSocket.OPEN);
      socket.close();
    } finally {
      await h.sim.close();
    }
  }, 30_000);

  it('drops a client that does not answer pings once the pong window has passed, without a close frame', async () => {
    const clock = new ManualClock();
    const h = await startHarness({ sim: { heartbeat: FAST, clock }, connect: false });
    try {
      const silent = new WebSocket(`${h.sim.streamUrl}/ws/btcusdt@depth`, { autoPong: false });
      let pinged = 0;
      silent.on('ping', () => pinged++);
      const closed = new Promise<number>((resolve) => silent.on('close', (code) => resolve(code)));
      await new Promise((resolve) => silent.on('open', resolve));
      clock.advance(FAST.pingIntervalMs);
      await waitUntil(() => pinged > 0);
      // Still inside the window: not dropped however long the machine took to deliver the ping.
      expect(h.sim.heartbeat.dropped).toBe(0);
      clock.advance(FAST.pongTimeoutMs + FAST.pingIntervalMs * 2);
      // 1006: the connection ended without a close frame (the server terminated it).
      expect(await closed).toBe(1006);
      expect(h.sim.heartbeat.dropped).toBe(1);
    } finally {
      await h.sim.close();
    }
  }, 30_000);
});

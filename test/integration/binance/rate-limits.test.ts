import { describe, expect, it } from 'vitest';
import { isTmtError } from '../../../src/core';
import { startHarness } from './harness';

// Low enough that a loaded test machine can always send this many requests a second.
const LIMIT_PER_SECOND = 30;
const rateLimits = [
  { rateLimitType: 'REQUEST_WEIGHT', interval: 'SECOND', intervalNum: 1, limit: LIMIT_PER_SECOND },
  { rateLimitType: 'ORDERS', interval: 'SECOND', intervalNum: 10, limit: 1000 },
  { rateLimitType: 'RAW_REQUESTS', interval: 'MINUTE', intervalNum: 5, limit: 61000 },
] as const;

describe('binance rate limits (limits from exchangeInfo, headers, 429/418)', () => {
  it('runs a sustained burst at >= 90% of the allowed weight with no 429 and no 418', async () => {
    // exchangeInfo's weight of 20 must fit the window, so the limit here is per second and small.
    const h = await startHarness({ sim: { rateLimits: [...rateLimits] } });
    try {
      const first = h.sim.state.limits.arrivals.length;
      const total = LIMIT_PER_SECOND * 5;
      await Promise.all(Array.from({ length: total }, () => h.venue.api.time()));
      expect(h.sim.state.limits.rejections).toEqual([]);
      const perWindow = new Map<number, number>();
      for (const at of h.sim.state.limits.arrivals.slice(first)) perWindow.set(Math.floor(at / 1000), (perWindow.get(Math.floor(at / 1000)) ?? 0) + 1);
      const windows = [...perWindow.entries()].sort((a, b) => a[0] - b[0]);
      // The first and last windows are partial by construction; every window in between must be nearly full.
      const middle = windows.slice(1, -1);
      expect(middle.length).toBeGreaterThanOrEqual(2);
      const used = middle.reduce((sum, [, count]) => sum + count, 0);
      expect(used).toBeGreaterThanOrEqual(0.9 * LIMIT_PER_SECOND * middle.length);
    } finally {
      await h.close();
    }
  }, 60_000);

  it('sends nothing inside the Retry-After window of an injected 429', async () => {
    const h = await startHarness();
    try {
      h.sim.state.limits.inject429(2);
      let refused: unknown;
      try {
        await h.venue.api.time();
      } catch (error) {
        refused = error;
      }
      expect(isTmtError(refused, 'VENUE_RATE_LIMITED')).toBe(true);
      const rejectedAt = h.sim.state.limits.rejections[0]?.at ?? 0;
      const after = h.sim.state.limits.arrivals.length;
      await Promise.all([h.venue.api.time(), h.venue.api.time(), h.venue.client.account(h.venue.client.accountIds[0] as never)]);
      const later = h.sim.state.limits.arrivals.slice(after);
      expect(later.length).toBe(3);
      for (const at of later) expect(at).toBeGreaterThanOrEqual(rejectedAt + 2000);
      expect(h.sim.state.limits.rejections.filter((r) => r.status === 418)).toEqual([]);
      expect(h.venue.limiter.usage().find((u) => u.kind === 'REQUEST_WEIGHT')?.used).toBeGreaterThan(0);
    } finally {
      await h.close();
    }
  }, 30_000);
});

describe('binance 418 ban and server time', () => {
  it('stops every request after a 418 until the ban expires: nothing more reaches the venue', async () => {
    const h = await startHarness();
    try {
      h.sim.state.limits.ban(h.clock.now(), 60);
      const refusals: string[] = [];
      for (let i = 0; i < 3; i++) {
        try {
          await h.venue.api.time();
        } catch (error) {
          if (isTmtError(error)) refusals.push(error.code);
        }
      }
      expect(refusals).toEqual(['VENUE_BANNED', 'VENUE_BANNED', 'VENUE_BANNED']);
      // Only the first request reached the simulator; the other two were stopped by the adapter.
      expect(h.sim.state.limits.rejections.filter((r) => r.status === 418)).toHaveLength(1);
      expect(h.venue.limiter.blockedUntil().bannedUntil).toBeGreaterThan(h.clock.now() + 50_000);
    } finally {
      await h.close();
    }
  }, 30_000);

  it('measures the server-time offset at start and again after a -1021, then succeeds', async () => {
    const h = await startHarness();
    try {
      // The venue's clock jumps 20 s ahead: the next signed request is refused -1021, the adapter re-measures and resends.
      const skewed = { ...h.clock, now: () => Date.now() + 20_000 };
      (h.sim.state as unknown as { now: () => number }).now = skewed.now;
      const account = await h.venue.client.account(h.venue.client.accountIds[0]);
      expect(account.balances.length).toBeGreaterThan(0);
      expect(h.requests.some((r) => r.venueCode === -1021)).toBe(true);
      expect(h.requests.filter((r) => r.path.startsWith('/api/v3/time')).length).toBeGreaterThanOrEqual(2);
    } finally {
      await h.close();
    }
  }, 30_000);
});

/**
 * The documented `/performance` fields (docs/http-api.md: win rate, profit factor, drawdown, exposure, Sharpe)
 * are what the service answers, across a trading-day boundary on an injected clock.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { ManualClock } from '../../../src/core';
import { startApi, validOrder, type RunningApi } from './support/harness';

const MINUTE = 60_000;
/** 20:50 UTC in June is 16:50 in New York: ten minutes before the default trading-day end (17:00). */
const START = Date.UTC(2026, 5, 2, 20, 50, 0);
const NEXT_DAY = Date.UTC(2026, 5, 2, 21, 1, 0);

describe('GET /api/v1/accounts/:id/performance', () => {
  const clock = new ManualClock(START);
  let service: RunningApi;
  // The manual clock drives the paper feed and its fills: moved on in small steps while the test waits.
  // It stops at `until`, so that the first day's trade is in the first day however slow the machine is.
  let driving = true;
  let until = NEXT_DAY - 2 * MINUTE;
  const driver = (async () => {
    while (driving) {
      clock.advance(Math.max(0, Math.min(100, until - clock.now())));
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
  })();

  beforeAll(async () => {
    // The feed at its slowest (a tick a minute of the clock), so that crossing the day is a few ticks.
    service = await startApi({ app: { clock }, extraConfig: 'paper: {tickIntervalMs: 60000}' });
  }, 60_000);

  afterAll(async () => {
    driving = false;
    await driver;
    await service?.close();
  });

  async function roundTrip(id: string, quantity: string): Promise<void> {
    const client = service.client(service.tokens.trade);
    const opened = await client.submitOrder(validOrder({ clientOrderId: id, quantity, timeInForce: 'IOC' }));
    expect(opened.status, JSON.stringify(opened.body)).toBe(201);
    await expect.poll(() => service.engine.positions().length, { timeout: 30_000 }).toBeGreaterThan(0);
    const closed = await client.call<{ status: string }>(
      'POST',
      '/api/v1/positions/paper-fx/EUR_USD.PAPER/close',
      {},
    );
    expect(closed.status).toBe('accepted');
    await expect.poll(() => service.engine.positions().length, { timeout: 30_000 }).toBe(0);
  }

  it('answers every documented field, the Sharpe ratio once two trading days have returns', async () => {
    await roundTrip('perf-day-1', '1000');
    expect(clock.now()).toBeLessThanOrEqual(NEXT_DAY - 2 * MINUTE);
    const before = await service
      .client(service.tokens.read)
      .call<Record<string, unknown>>('GET', '/api/v1/accounts/paper-fx/performance');
    // One day of returns: no Sharpe ratio yet, and the field is absent rather than a made-up number.
    expect(before).not.toHaveProperty('sharpeRatio');
    until = Number.MAX_SAFE_INTEGER;
    while (clock.now() < NEXT_DAY) await new Promise((resolve) => setTimeout(resolve, 10));
    // A different size, so the two days' P&L differ and their spread is not zero.
    await roundTrip('perf-day-2', '3000');

    const body = await service
      .client(service.tokens.read)
      .call<Record<string, unknown>>('GET', '/api/v1/accounts/paper-fx/performance');
    expect(body.accountId).toBe('paper-fx');
    expect(body.trades).toBe(2);
    expect(String(body.winRate)).toMatch(/^\d+\.\d+$/);
    expect(String(body.profitFactor)).toMatch(/^\d+(\.\d+)?$/);
    expect(body.maxDrawdown).toMatchObject({ currency: 'USD' });
    expect(body.exposure).toMatchObject({ currency: 'USD' });
    // A statistic, not money: a finite number.
    expect(typeof body.sharpeRatio).toBe('number');
    expect(Number.isFinite(body.sharpeRatio)).toBe(true);
  }, 120_000);
});

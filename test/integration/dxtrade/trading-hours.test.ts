/**
 * DXtrade trading hours (the instruments' tradingHours, Sunday 17:00 to Friday 17:00 New York): the simulator
 * refuses orders outside them with 409/1007, the adapter refuses them unsent when it enforces the schedule,
 * and inside them the same order trades, through the engine, ending with the engine's view equal to the venue's.
 * The simulator's clock is moved (never waited on) to a Saturday and then to a Monday.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';

import { ClientOrderId, Decimal, InstrumentId, Quantity, type OrderRequest } from '../../../src/core';
import { localWeekMinute } from '../../../src/core/portfolio/trading-day';
import { ExecutionEngine, standardRiskAndPortfolio } from '../../../src/engine';
import { silentLogger } from '../../../src/shared/logger';
import { createDxtradeSimulator, type DxtradeSimulator } from '../../../src/simulators/dxtrade';
import { openSqliteStore, type SqliteStore } from '../../../src/store';
import { createDxtradeVenue, type DxtradeExecutionClient } from '../../../src/venues/dxtrade';
import { waitEngineMatchesVenue } from '../../contract/engine-matches-venue';
import { eventually, GENEROUS_LIMITS, venueTruth } from './harness';

const EURUSD = InstrumentId.parse('EUR/USD.DXTRADE');
const HOUR = 3_600_000;

/** Moves the simulator's clock forward, an hour at a time, to the next `weekday` at `hour`:00 New York. */
function advanceTo(sim: DxtradeSimulator, weekday: number, hour: number): void {
  for (let i = 0; i < 24 * 8; i++) {
    const local = localWeekMinute(sim.clock.now(), 'America/New_York');
    if (local.weekday === weekday && Math.floor(local.minute / 60) === hour) return;
    sim.clock.advance(HOUR);
  }
  throw new Error(`no ${weekday} ${hour}:00 within a week`);
}

const market = (id: string, accountId: string): OrderRequest => ({
  clientOrderId: ClientOrderId.parse(id), accountId: accountId as OrderRequest['accountId'], instrumentId: EURUSD, side: 'buy', type: 'market', quantity: Quantity.parse('10000'), timeInForce: 'IOC', postOnly: false, reduceOnly: false,
});

describe('DXtrade trading hours', () => {
  let sim: DxtradeSimulator | undefined;
  let client: DxtradeExecutionClient | undefined;
  let engine: ExecutionEngine | undefined;
  let store: SqliteStore | undefined;
  let directory: string | undefined;
  afterEach(async () => {
    await engine?.stop();
    await store?.close();
    await client?.disconnect();
    await sim?.close();
    if (directory !== undefined) rmSync(directory, { recursive: true, force: true });
    engine = undefined;
    store = undefined;
    client = undefined;
    sim = undefined;
    directory = undefined;
  });

  const start = async (tradingHours: 'enforce' | 'venue') => {
    const s = (sim = await createDxtradeSimulator({ prices: 'scripted', rateLimits: GENEROUS_LIMITS }));
    const account = s.user.accounts[0]?.code ?? '';
    const c = (client = createDxtradeVenue({
      config: { environment: 'simulator', restUrl: s.url, pushUrl: s.pushUrl, accountIds: [account], profile: 'us', rateLimits: GENEROUS_LIMITS, requestTimeoutMs: 30_000, tradingHours },
      username: s.user.username, domain: s.user.domain, password: s.user.password, logger: silentLogger(), clock: s.clock,
    }));
    directory = mkdtempSync(join(tmpdir(), 'tmt-dxtrade-hours-'));
    store = await openSqliteStore({ path: join(directory, 'journal.db'), clock: s.clock, checkpoint: 'none' });
    const running = (engine = new ExecutionEngine({
      clock: s.clock, journal: store.journal, deadLetters: store.deadLetters, venues: [c],
      ...standardRiskAndPortfolio({ global: { submitRatePerSecond: 1_000, modifyRatePerSecond: 1_000 } }),
    }));
    await running.start();
    s.market.movePrice('EUR/USD', Decimal.parse('1.08500'));
    return { s, c, running, account };
  };

  it('the simulator refuses an order on a Saturday with 409/1007 and trades it on Monday; TMT equals the venue', async () => {
    const { s, running, account } = await start('venue');
    advanceTo(s, 6, 12);
    expect((await running.submit(market('sat-1', account), 'test')).status).toBe('accepted');
    const refused = await eventually('the refusal', () => (running.order(ClientOrderId.parse('sat-1'))?.status === 'rejected' ? running.order(ClientOrderId.parse('sat-1')) : undefined));
    expect(JSON.stringify(refused)).toMatch(/Market is closed for EUR\/USD/);
    expect(s.truth(account).orders).toEqual([]);
    advanceTo(s, 1, 10);
    s.market.movePrice('EUR/USD', Decimal.parse('1.08500'));
    expect((await running.submit(market('mon-1', account), 'test')).status).toBe('accepted');
    await eventually('the fill', () => (running.order(ClientOrderId.parse('mon-1'))?.status === 'filled' ? true : undefined));
    const venue = await waitEngineMatchesVenue(running, async () => venueTruth(s, account), { accountId: account as OrderRequest['accountId'], positions: true });
    expect(venue.positions.map((p) => p.quantity.toString())).toEqual(['10000']);
  }, 60_000);

  it('the adapter refuses it unsent from the instrument schedule: Friday 17:00 New York closes, Sunday 17:00 opens', async () => {
    const { s, c, running, account } = await start('enforce');
    advanceTo(s, 5, 17);
    const closed = await c.submit({ request: market('fri-1', account), venueClientOrderId: 'fri-1' as never });
    expect(closed).toMatchObject({ status: 'rejected', code: 'VENUE_MARKET_CLOSED', venueReason: 'not sent' });
    if (closed.status === 'rejected') expect(closed.reason).toContain('EUR/USD');
    expect(s.truth(account).orders).toEqual([]);
    advanceTo(s, 0, 16);
    expect(await c.submit({ request: market('sun-1', account), venueClientOrderId: 'sun-1' as never })).toMatchObject({ status: 'rejected', code: 'VENUE_MARKET_CLOSED' });
    advanceTo(s, 0, 17);
    s.market.movePrice('EUR/USD', Decimal.parse('1.08500'));
    expect((await running.submit(market('sun-2', account), 'test')).status).toBe('accepted');
    await eventually('the fill', () => (running.order(ClientOrderId.parse('sun-2'))?.status === 'filled' ? true : undefined));
    const venue = await waitEngineMatchesVenue(running, async () => venueTruth(s, account), { accountId: account as OrderRequest['accountId'], positions: true });
    expect(venue.positions.map((p) => p.quantity.toString())).toEqual(['10000']);
  }, 60_000);
});

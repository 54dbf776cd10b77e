/**
 * US FX compliance over DXtrade as over OANDA: the engine's us-fx profile (leverage caps by pair class, FIFO
 * closes, no hedging) on the simulator's US account, ending with the engine's view equal to the venue's.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';

import { ClientOrderId, Decimal, InstrumentId, Quantity, type OrderRequest } from '../../../src/core';
import { ExecutionEngine, standardRiskAndPortfolio } from '../../../src/engine';
import { SystemClock } from '../../../src/shared/system-clock';
import { openSqliteStore, type SqliteStore } from '../../../src/store';
import { waitEngineMatchesVenue } from '../../contract/engine-matches-venue';
import { eventually, startPair, venueTruth, type DxtradePair } from './harness';

const EURUSD = InstrumentId.parse('EUR/USD.DXTRADE');

describe('US FX compliance (us-fx) on a DXtrade US account', () => {
  let pair: DxtradePair | undefined;
  let engine: ExecutionEngine | undefined;
  let store: SqliteStore | undefined;
  let directory: string | undefined;
  afterEach(async () => {
    await engine?.stop();
    await store?.close();
    await pair?.close();
    if (directory !== undefined) rmSync(directory, { recursive: true, force: true });
    engine = undefined;
    store = undefined;
    pair = undefined;
    directory = undefined;
  });

  const market = (id: string, side: 'buy' | 'sell', units: string, accountId: string): OrderRequest => ({
    clientOrderId: ClientOrderId.parse(id), accountId: accountId as OrderRequest['accountId'], instrumentId: EURUSD, side, type: 'market', quantity: Quantity.parse(units), timeInForce: 'IOC', postOnly: false, reduceOnly: false,
  });

  it('denies an order past 50:1 on a major, closes part of the position with a reduce-only order, and TMT equals the venue', async () => {
    const p = (pair = await startPair());
    const clock = new SystemClock();
    directory = mkdtempSync(join(tmpdir(), 'tmt-dxtrade-us-'));
    store = await openSqliteStore({ path: join(directory, 'journal.db'), clock, checkpoint: 'none' });
    const running = (engine = new ExecutionEngine({
      clock, journal: store.journal, deadLetters: store.deadLetters, venues: [p.client],
      ...standardRiskAndPortfolio({ global: { submitRatePerSecond: 1_000, modifyRatePerSecond: 1_000 }, accounts: { [p.accountId]: { complianceProfile: 'us-fx' } } }),
    }));
    await running.start();
    await eventually('a quote in the engine', () => {
      p.sim.market.movePrice('EUR/USD', Decimal.parse('1.08500'));
      return running.quotes().some((q) => q.instrumentId === EURUSD) ? true : undefined;
    });
    // 6,000,000 EUR on 100,000 USD is about 65:1: over NFA's 50:1 for majors.
    const denied = await running.submit(market('us-big', 'buy', '6000000', p.accountId), 'test');
    expect(denied.status).toBe('denied');
    if (denied.status === 'denied') expect(denied.denial.code).toMatch(/^RISK_/);
    expect((await running.submit(market('us-1', 'buy', '10000', p.accountId), 'test')).status).toBe('accepted');
    await eventually('the fill', () => (running.order(ClientOrderId.parse('us-1'))?.status === 'filled' ? true : undefined));
    const [close] = await running.closePosition(p.accountId, EURUSD, Quantity.parse('4000'), 'test');
    expect(close?.status).toBe('accepted');
    const closeId = close?.order.order.clientOrderId as ClientOrderId;
    await eventually('the close fill', () => (running.order(closeId)?.status === 'filled' ? true : undefined));
    expect(running.order(closeId)?.order.request.reduceOnly).toBe(true);
    const venue = await waitEngineMatchesVenue(running, async () => venueTruth(p.sim, p.accountId), { accountId: p.accountId, positions: true });
    expect(venue.positions.map((x) => x.quantity.toString())).toEqual(['6000']);
  }, 60_000);
});

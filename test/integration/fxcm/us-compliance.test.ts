/**
 * US FX compliance on an FXCM US account (PositionMaintenance N: FIFO, no hedging, 50:1), enforced, not only
 * declared: the engine's us-fx profile denies an order past 50:1 before it leaves; the simulator, sent the same
 * order directly, refuses it with FXCM's margin text; an opposite order nets the position (no hedge leg), and a
 * close of part of it through the engine is reduce-only. Ends with the engine's view equal to the venue's.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';

import { ClientOrderId, Decimal, InstrumentId, Quantity, type OrderRequest, type VenueClientOrderId } from '../../../src/core';
import { ExecutionEngine, standardRiskAndPortfolio } from '../../../src/engine';
import { SystemClock } from '../../../src/shared/system-clock';
import { openSqliteStore } from '../../../src/store';
import { FXCM_PROFILES } from '../../../src/venues/fxcm';
import { waitEngineMatchesVenue } from '../../contract/engine-matches-venue';
import { eventually, startPair, venueTruth, type FxcmPair } from './harness';

const EURUSD = InstrumentId.parse('EUR/USD.FXCM');

describe('US FX compliance (us-fx) on an FXCM US account', () => {
  const cleanup: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const step of cleanup.splice(0).reverse()) await step();
  });

  const market = (id: string, side: 'buy' | 'sell', units: string, accountId: string): OrderRequest => ({
    clientOrderId: ClientOrderId.parse(id), accountId: accountId as OrderRequest['accountId'], instrumentId: EURUSD, side, type: 'market', quantity: Quantity.parse(units), timeInForce: 'IOC', postOnly: false, reduceOnly: false,
  });

  it('denies past 50:1 in the engine and at the venue, nets instead of hedging, closes part reduce-only; TMT equals the venue', async () => {
    const p: FxcmPair = await startPair({ config: { profile: 'us' } });
    cleanup.push(() => p.close());
    expect(FXCM_PROFILES.us).toMatchObject({ fifo: true, hedging: false });
    expect(p.client.capabilities.hedging).toBe(false);
    const clock = new SystemClock();
    const directory = mkdtempSync(join(tmpdir(), 'tmt-fxcm-us-'));
    cleanup.push(async () => rmSync(directory, { recursive: true, force: true }));
    const store = await openSqliteStore({ path: join(directory, 'journal.db'), clock, checkpoint: 'none' });
    const engine = new ExecutionEngine({
      clock, journal: store.journal, deadLetters: store.deadLetters, venues: [p.client],
      ...standardRiskAndPortfolio({ global: { submitRatePerSecond: 1_000, modifyRatePerSecond: 1_000 }, accounts: { [p.accountId]: { complianceProfile: 'us-fx' } } }),
    });
    await engine.start();
    cleanup.push(async () => {
      await engine.stop();
      await store.close();
    });
    p.sim.market.movePrice('EUR/USD', Decimal.parse('1.08500'));
    await eventually('a quote in the engine', () => (engine.quotes().some((q) => q.instrumentId === EURUSD) ? true : undefined));

    // 6,000,000 EUR on 100,000 USD is about 65:1, past NFA's 50:1 on majors.
    const denied = await engine.submit(market('fx-us-big', 'buy', '6000000', p.accountId), 'test');
    expect(denied.status).toBe('denied');
    if (denied.status === 'denied') expect(denied.denial.code).toMatch(/^RISK_/);
    // The venue enforces it too, for an order that does not come through the engine.
    const direct = await p.client.submit({ request: market('fx-us-direct', 'buy', '6000000', p.accountId), venueClientOrderId: 'fx-us-direct' as VenueClientOrderId });
    // FXCM takes the order, then ends it at execution with its margin text (ORA-20113); nothing is booked.
    const ended = await eventually('the direct order ended', async () => {
      if (direct.status === 'rejected') return { status: direct.status, reason: direct.reason };
      const report = await p.client.orderStatus({ accountId: p.accountId, venueClientOrderId: 'fx-us-direct' as VenueClientOrderId });
      return report !== undefined && (report.status === 'rejected' || report.status === 'canceled') ? { status: report.status, reason: report.venueReason ?? '' } : undefined;
    });
    expect(ended.reason).toContain('ORA-20113: Insufficient margin');
    expect(p.sim.truth(p.accountId).positions.filter((x) => !x.quantity.isZero())).toEqual([]);

    expect((await engine.submit(market('fx-us-1', 'buy', '10000', p.accountId), 'test')).status).toBe('accepted');
    await eventually('the fill', () => (engine.order(ClientOrderId.parse('fx-us-1'))?.status === 'filled' ? true : undefined));
    // An opposite order on the US account reduces the position: no hedge leg opens.
    expect((await engine.submit(market('fx-us-2', 'sell', '3000', p.accountId), 'test')).status).toBe('accepted');
    await eventually('the sell fill', () => (engine.order(ClientOrderId.parse('fx-us-2'))?.status === 'filled' ? true : undefined));
    expect(p.sim.truth(p.accountId).positions.map((x) => x.quantity.toString())).toEqual(['7000']);

    const [close] = await engine.closePosition(p.accountId, EURUSD, Quantity.parse('2000'), 'test');
    expect(close?.status).toBe('accepted');
    const closeId = close?.order.order.clientOrderId as ClientOrderId;
    await eventually('the close fill', () => (engine.order(closeId)?.status === 'filled' ? true : undefined));
    expect(engine.order(closeId)?.order.request.reduceOnly).toBe(true);
    const venue = await waitEngineMatchesVenue(engine, async () => venueTruth(p.sim, p.accountId), { accountId: p.accountId, positions: true });
    expect(venue.positions.map((x) => x.quantity.toString())).toEqual(['5000']);
  }, 60_000);
});

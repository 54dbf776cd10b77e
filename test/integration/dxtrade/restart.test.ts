/**
 * Crash and restart through the engine: TMT (engine, SQLite journal, the DXtrade adapter) and the simulator
 * (its --data-dir) both go down without any cleanup while one order's answer was lost on the way back. After
 * both start again, the engine takes its orders up by their orderCode: none lost, none sent twice, and the
 * engine's orders, positions and balances equal the venue's.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';

import { ClientOrderId, Decimal, InstrumentId, Price, Quantity, type OrderRequest } from '../../../src/core';
import { ExecutionEngine, standardRiskAndPortfolio } from '../../../src/engine';
import { SystemClock } from '../../../src/shared/system-clock';
import { createDxtradeSimulator, type DxtradeSimulator } from '../../../src/simulators/dxtrade';
import { openSqliteStore } from '../../../src/store';
import { waitEngineMatchesVenue } from '../../contract/engine-matches-venue';
import { adapterFor, eventually, GENEROUS_LIMITS, venueTruth } from './harness';

const EURUSD = InstrumentId.parse('EUR/USD.DXTRADE');

async function startEngine(sim: DxtradeSimulator, journal: string) {
  const clock = new SystemClock();
  const client = adapterFor(sim);
  const store = await openSqliteStore({ path: journal, clock, checkpoint: 'none' });
  const engine = new ExecutionEngine({
    clock, journal: store.journal, deadLetters: store.deadLetters, venues: [client],
    ...standardRiskAndPortfolio({ global: { submitRatePerSecond: 1_000, modifyRatePerSecond: 1_000 } }), timings: { lookupDelayMs: 100 },
  });
  await engine.start();
  await eventually('a quote in the engine', () => {
    sim.market.movePrice('EUR/USD', Decimal.parse('1.08500'));
    return engine.quotes().some((q) => q.instrumentId === EURUSD) ? true : undefined;
  });
  return { engine, store, client };
}

describe('DXtrade crash and restart through the engine', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  it('an order whose answer was lost and a resting one survive a crash of both sides: no order lost, none sent twice, engine = venue', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tmt-dxtrade-restart-'));
    dirs.push(dir);
    const simDir = join(dir, 'venue');
    const journal = join(dir, 'journal.db');
    let sim = await createDxtradeSimulator({ prices: 'scripted', rateLimits: GENEROUS_LIMITS, tradingHours: 'always-open', dataDir: simDir });
    let tmt = await startEngine(sim, journal);
    const accountId = tmt.client.accountIds[0];
    if (accountId === undefined) throw new Error('no account');
    const { bid } = sim.market.quote('EUR/USD');
    const price = Price.roundToTick(bid.mul(Decimal.parse('0.99')), Decimal.parse('0.00001'), 'down');
    const resting: OrderRequest = { clientOrderId: ClientOrderId.parse('restart-limit'), accountId, instrumentId: EURUSD, side: 'buy', type: 'limit', quantity: Quantity.parse('10000'), price, timeInForce: 'GTC', postOnly: false, reduceOnly: false };
    const lost: OrderRequest = { ...resting, clientOrderId: ClientOrderId.parse('restart-market'), type: 'market', timeInForce: 'IOC' };
    delete (lost as { price?: Price }).price;
    expect((await tmt.engine.submit(resting, 'test')).status).toBe('accepted');
    sim.faults.dropNextPlacementAnswer = true;
    await tmt.engine.submit(lost, 'test');
    await eventually('the lost order known at the venue', () => (sim.truth(accountId).positions.length === 1 ? true : undefined));
    const placements = sim.requests.get('POST /dxsca-web/accounts/default:1001/orders') ?? sim.requests.get(`POST /dxsca-web/accounts/${encodeURIComponent(accountId)}/orders`) ?? 0;
    expect(placements).toBe(2);

    // The crash: nothing is canceled or logged out; the journal and the venue's data directory stay as they are.
    await tmt.store.close();
    await sim.close();
    sim = await createDxtradeSimulator({ prices: 'scripted', rateLimits: GENEROUS_LIMITS, tradingHours: 'always-open', dataDir: simDir });
    expect(sim.truth(accountId).orders.map((o) => o.orderCode)).toEqual(['restart-limit']);
    tmt = await startEngine(sim, journal);
    try {
      await eventually('both orders settled in the engine', () => {
        const a = tmt.engine.order(resting.clientOrderId)?.order.status;
        const b = tmt.engine.order(lost.clientOrderId)?.order.status;
        return a === 'accepted' && b === 'filled' ? true : undefined;
      });
      const venue = await waitEngineMatchesVenue(tmt.engine, async () => venueTruth(sim, accountId), { accountId, positions: true });
      expect(venue.openOrders.map((o) => o.venueClientOrderId)).toEqual(['restart-limit']);
      expect(venue.positions.map((p) => p.quantity.toString())).toEqual(['10000']);
      // Nothing was sent again after the restart.
      const after = [...sim.requests].filter(([key]) => key.startsWith('POST') && key.endsWith('/orders')).reduce((sum, [, n]) => sum + n, 0);
      expect(after).toBe(0);
    } finally {
      await tmt.engine.stop();
      await tmt.store.close();
      await tmt.client.disconnect();
      await sim.close();
    }
  }, 60_000);
});

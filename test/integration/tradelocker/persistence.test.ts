/**
 * The simulator with a data directory keeps what a venue keeps across its own restart: positions with their
 * ids and SL orders, balances, order history, and its id counters (a new order never reuses an old id).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';

import { AccountId, Decimal } from '../../../src/core';
import { createTradeLockerSimulator } from '../../../src/simulators/tradelocker';
import { TL_INSTRUMENTS } from '../../../src/simulators/tradelocker/instruments';
import { fxSessionOpen, TRADELOCKER_PROFILES } from '../../../src/venues/tradelocker/profile';

describe('TradeLocker simulator persistence and the venue profile', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  it('resumes positions, their SL, balances, history and id counters from --data-dir', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'tmt-tradelocker-persist-'));
    dirs.push(dataDir);
    const spec = TL_INSTRUMENTS[0];
    if (spec === undefined) throw new Error('no instrument');
    let sim = await createTradeLockerSimulator({ prices: 'scripted', dataDir });
    const account = '1001001';
    const placed = sim.venue.place(account, { spec, routeId: '902', side: 'buy', type: 'market', validity: 'IOC', lots: Decimal.parse('0.2'), stopLoss: { value: '1.07000', type: 'absolute' } });
    if (!('orderId' in placed)) throw new Error(placed.errmsg);
    const positionsBefore = [...sim.venue.positions.records.values()];
    const balanceBefore = sim.venue.engine.account(AccountId.parse(account)).balances[0]?.total.toString();
    await sim.close();

    sim = await createTradeLockerSimulator({ prices: 'scripted', dataDir });
    try {
      const positionsAfter = [...sim.venue.positions.records.values()];
      expect(positionsAfter).toEqual(positionsBefore);
      const stopLossId = positionsAfter[0]?.stopLossId ?? '';
      expect(sim.venue.engine.order({ orderId: stopLossId })?.status).toBe('accepted');
      expect(sim.venue.engine.positions(AccountId.parse(account)).map((p) => p.signedQuantity.normalize().toString())).toEqual(['20000']);
      expect(sim.venue.engine.account(AccountId.parse(account)).balances[0]?.total.toString()).toBe(balanceBefore);
      expect(sim.venue.orders.get(placed.orderId)?.role).toBe('entry');
      const next = sim.venue.place(account, { spec, routeId: '902', side: 'buy', type: 'limit', validity: 'GTC', lots: Decimal.parse('0.1'), price: Decimal.parse('1.05000') });
      if (!('orderId' in next)) throw new Error(next.errmsg);
      expect(BigInt(next.orderId)).toBeGreaterThan(BigInt(stopLossId));
    } finally {
      await sim.close();
    }
  });

  it('states the FX session in the profile: Sunday 22:00 to Friday 22:00 UTC', () => {
    const profile = TRADELOCKER_PROFILES.international;
    expect(fxSessionOpen(profile, Date.parse('2026-01-09T21:59:00Z'))).toBe(true); // Friday
    expect(fxSessionOpen(profile, Date.parse('2026-01-09T22:00:00Z'))).toBe(false);
    expect(fxSessionOpen(profile, Date.parse('2026-01-10T12:00:00Z'))).toBe(false); // Saturday
    expect(fxSessionOpen(profile, Date.parse('2026-01-11T21:59:00Z'))).toBe(false); // Sunday
    expect(fxSessionOpen(profile, Date.parse('2026-01-11T22:00:00Z'))).toBe(true);
    expect(TRADELOCKER_PROFILES.us).toMatchObject({ fifo: true, hedging: false, maxLeverage: 50, quantityUnit: 'lots' });
    expect(TRADELOCKER_PROFILES.international).toMatchObject({ fifo: false, hedging: true, quantityUnit: 'lots' });
  });
});

/**
 * Closing one leg of a hedged pair on DXtrade's hedging account, through the engine: a long and a short of the
 * same size net to zero, and closing the long (positionEffect CLOSE with its positionCode) must work; the
 * shared matching engine used to refuse it by the net. Ends with the engine's view equal to the venue's.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';

import { ClientOrderId, Decimal, InstrumentId, Quantity, type OrderRequest } from '../../../src/core';
import { ExecutionEngine, standardRiskAndPortfolio } from '../../../src/engine';
import { SystemClock } from '../../../src/shared/system-clock';
import { openSqliteStore } from '../../../src/store';
import { waitEngineMatchesVenue } from '../../contract/engine-matches-venue';
import { eventually, startPair, venueTruth } from './harness';

const EURUSD = InstrumentId.parse('EUR/USD.DXTRADE');

describe('DXtrade hedged pair: closing one leg', () => {
  const cleanup: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const step of cleanup.splice(0).reverse()) await step();
  });

  it('closes the long of a long/short pair, then part of the short; TMT equals the venue', async () => {
    const p = await startPair({ account: 1 });
    cleanup.push(() => p.close());
    expect(p.client.capabilities.hedging).toBe(true);
    const directory = mkdtempSync(join(tmpdir(), 'tmt-dxtrade-hedge-'));
    cleanup.push(async () => rmSync(directory, { recursive: true, force: true }));
    const clock = new SystemClock();
    const store = await openSqliteStore({ path: join(directory, 'journal.db'), clock, checkpoint: 'none' });
    const engine = new ExecutionEngine({
      clock, journal: store.journal, deadLetters: store.deadLetters, venues: [p.client],
      ...standardRiskAndPortfolio({ global: { submitRatePerSecond: 1_000, modifyRatePerSecond: 1_000 } }),
    });
    await engine.start();
    cleanup.push(async () => {
      await engine.stop();
      await store.close();
    });
    p.sim.market.movePrice('EUR/USD', Decimal.parse('1.08500'));
    for (const side of ['buy', 'sell'] as const) {
      const request: OrderRequest = {
        clientOrderId: ClientOrderId.parse(`dx-hedge-${side}`), accountId: p.accountId, instrumentId: EURUSD, side, type: 'market',
        timeInForce: 'IOC', quantity: Quantity.parse('20000'), postOnly: false, reduceOnly: false,
      };
      expect((await engine.submit(request, 'test')).status).toBe('accepted');
      await eventually(`the ${side} fill`, () => (engine.order(request.clientOrderId)?.status === 'filled' ? true : undefined));
    }
    const trades = await eventually('two positions', async () => {
      const open = await engine.openTrades(p.accountId);
      return open.length === 2 ? open : undefined;
    });
    const long = trades.find((t) => t.currentUnits.isPositive());
    const short = trades.find((t) => t.currentUnits.isNegative());
    const closed = await engine.closeTrade(p.accountId, long!.tradeId, undefined, 'test');
    expect(closed.canceledReason).toBeUndefined();
    expect(closed.fills.reduce((sum, f) => sum.add(f.quantity), Decimal.ZERO).toString()).toBe('20000');
    const part = await engine.closeTrade(p.accountId, short!.tradeId, Decimal.parse('5000'), 'test');
    expect(part.canceledReason).toBeUndefined();
    const legs = p.sim.exchange.engine.positions(p.accountId).filter((x) => !x.signedQuantity.isZero()).map((x) => `${x.leg} ${x.signedQuantity.normalize().toString()}`);
    expect(legs).toEqual(['short -15000']);
    // Orders and positions: TMT equals the venue. The balance: the adapter's account report carries the venue's
    // (the closes' realized P&L); TMT's account view does not take up P&L of closes made through the trade port
    // (an engine gap, reported), so the balance is compared venue to adapter.
    const venue = await waitEngineMatchesVenue(engine, async () => venueTruth(p.sim, p.accountId), { accountId: p.accountId, positions: true, currencies: [] });
    expect(venue.positions.map((x) => x.quantity.normalize().toString())).toEqual(['-15000']);
    const reported = await p.client.account(p.accountId);
    const usd = venue.balances.find((b) => b.currency === 'USD');
    expect(reported.balances.find((b) => b.currency === 'USD')?.total.eq(usd!.total)).toBe(true);
  }, 60_000);
});

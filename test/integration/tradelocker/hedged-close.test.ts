/**
 * Closing one leg of a hedged pair on TradeLocker's international (hedging) account, through the engine: a long
 * and a short position of the same size net to zero, yet closing the long one must work (the venue closes that
 * position; the shared matching engine used to refuse it by the net). Ends with TMT equal to the venue.
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
import { eventually, startPair, tradeLockerTruth } from './harness';

const EURUSD = InstrumentId.parse('EURUSD.TRADELOCKER');

describe('TradeLocker hedged pair: closing one leg', () => {
  const cleanup: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const step of cleanup.splice(0).reverse()) await step();
  });

  it('closes the long position of a long/short pair in full, then half the short; TMT equals the venue', async () => {
    const pair = await startPair({ connect: false, account: 0 });
    cleanup.push(() => pair.sim.close());
    expect(pair.sim.accounts[0]?.profile).toBe('international');
    const directory = mkdtempSync(join(tmpdir(), 'tmt-tradelocker-hedge-'));
    cleanup.push(async () => rmSync(directory, { recursive: true, force: true }));
    const clock = new SystemClock();
    const store = await openSqliteStore({ path: join(directory, 'journal.db'), clock, checkpoint: 'none' });
    const engine = new ExecutionEngine({
      clock, journal: store.journal, deadLetters: store.deadLetters, venues: [pair.client],
      ...standardRiskAndPortfolio({ global: { submitRatePerSecond: 1_000, modifyRatePerSecond: 1_000 } }),
    });
    await engine.start();
    cleanup.push(async () => {
      await engine.stop();
      await store.close();
      await pair.client.disconnect();
    });
    pair.sim.market.movePrice('EURUSD', Decimal.parse('1.08500'));
    for (const side of ['buy', 'sell'] as const) {
      const request: OrderRequest = {
        clientOrderId: ClientOrderId.parse(`tl-hedge-${side}`), accountId: pair.accountId, instrumentId: EURUSD, side, type: 'market',
        timeInForce: 'IOC', quantity: Quantity.parse('20000'), postOnly: false, reduceOnly: false,
      };
      expect((await engine.submit(request, 'test')).status).toBe('accepted');
      await eventually(`the ${side} fill`, () => (engine.order(request.clientOrderId)?.status === 'filled' ? true : undefined));
    }
    const trades = await eventually('two positions', async () => {
      const open = await engine.openTrades(pair.accountId);
      return open.length === 2 ? open : undefined;
    });
    const long = trades.find((t) => t.currentUnits.isPositive());
    const short = trades.find((t) => t.currentUnits.isNegative());
    expect(long?.currentUnits.toString()).toBe('20000');
    expect(short?.currentUnits.toString()).toBe('-20000');

    const closed = await engine.closeTrade(pair.accountId, long!.tradeId, undefined, 'test');
    expect(closed.canceledReason).toBeUndefined();
    expect(closed.fills.map((f) => [f.side, f.quantity.toString()])).toEqual([['sell', '20000']]);
    const halfShort = await engine.closeTrade(pair.accountId, short!.tradeId, Decimal.parse('10000'), 'test');
    expect(halfShort.fills.map((f) => [f.side, f.quantity.toString()])).toEqual([['buy', '10000']]);

    const legs = pair.sim.venue.engine.positions(pair.accountId).filter((p) => !p.signedQuantity.isZero()).map((p) => `${p.leg} ${p.signedQuantity.normalize().toString()}`);
    expect(legs).toEqual(['short -10000']);
    expect((await engine.openTrades(pair.accountId)).map((t) => t.currentUnits.toString())).toEqual(['-10000']);
    const venue = await waitEngineMatchesVenue(engine, async () => tradeLockerTruth(pair.sim, pair.accountId), { accountId: pair.accountId, positions: true, balanceScale: 2 });
    expect(venue.positions.filter((p) => !p.quantity.isZero()).map((p) => p.quantity.normalize().toString())).toEqual(['-10000']);
  }, 60_000);
});

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { AccountId, Decimal, InstrumentId, ManualClock, Price, Quantity } from '../../../src/core';
import { ExecutionEngine, standardRiskAndPortfolio } from '../../../src/engine';
import { AlgoEngine, childClientOrderId } from '../../../src/engine/algos';
import { SystemClock } from '../../../src/shared/system-clock';
import { DEFAULT_SYMBOLS } from '../../../src/simulators/binance/symbols';
import { openSqliteStore } from '../../../src/store';
import { waitEngineMatchesVenue } from '../../contract/engine-matches-venue';
import { binanceTruth, startHarness as startBinance } from '../binance/harness';
import { BTC_USD, startHarness as startCoinbase, venueTruth as coinbaseTruth } from '../coinbase/harness';

const BINANCE_ACCOUNT = AccountId.parse('binance-test');
const COINBASE_ACCOUNT = AccountId.parse('coinbase-test');
const BTCUSDT = InstrumentId.of('BTCUSDT', 'BINANCE');
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const step of cleanups.splice(0).reverse()) await step();
});

async function until(condition: () => boolean, what: () => string): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what()}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('smart order routing across two wire simulators', () => {
  it('routes to the best venue after fees; a venue that rejects is re-routed to the other; venue truth on both', async () => {
    const symbols = DEFAULT_SYMBOLS.map((s) => ({ ...s }));
    const binance = await startBinance({ sim: { symbols } });
    cleanups.push(() => binance.sim.close());
    const coinbase = await startCoinbase();
    cleanups.push(() => coinbase.sim.close());
    const directory = mkdtempSync(join(tmpdir(), 'tmt-algo-route-'));
    cleanups.push(async () => rmSync(directory, { recursive: true, force: true }));
    const clock = new SystemClock();
    const store = await openSqliteStore({ path: join(directory, 'journal.db'), clock, checkpoint: 'none' });
    const engine = new ExecutionEngine({
      clock,
      journal: store.journal,
      venues: [binance.venue.client, coinbase.venue.client],
      ...standardRiskAndPortfolio({ global: { submitRatePerSecond: 1_000 } }),
    });
    await engine.start();
    cleanups.push(async () => {
      await engine.stop();
      await store.close();
    });
    // Binance is cheaper (59900 vs 60000): after its 10 bp fee it still ranks first against Coinbase's 60 bp.
    await until(() => {
      binance.sim.state.market.movePrice('BTCUSDT', Price.parse('59900'));
      coinbase.sim.state.market.movePrice('BTC-USD', Price.parse('60000'));
      const quotes = engine.quotes();
      return [BTCUSDT, BTC_USD].every((id) => quotes.some((q) => q.instrumentId === id && q.askSize !== undefined)) && engine.accounts().length === 2;
    }, () => 'quotes with sizes and both accounts');
    const algos = new AlgoEngine({ engine, clock: new ManualClock(Date.now()), journal: store.journal, intervalMs: 1_000 });
    await algos.start();
    cleanups.push(() => algos.stop());

    // Binance halts the symbol after TMT loaded its rules: the venue refuses (-2010 "Market is closed.").
    const btcusdt = symbols.find((s) => s.symbol === 'BTCUSDT');
    if (btcusdt === undefined) throw new Error('no BTCUSDT');
    btcusdt.status = 'HALT';
    const legs = [
      { accountId: BINANCE_ACCOUNT, instrumentId: BTCUSDT, quoteRate: Decimal.parse('1'), takerFeeRate: Decimal.parse('0.001') },
      { accountId: COINBASE_ACCOUNT, instrumentId: BTC_USD, quoteRate: Decimal.parse('1'), takerFeeRate: Decimal.parse('0.006') },
    ];
    await algos.create({ kind: 'route', parentId: 'sor-1', accountId: BINANCE_ACCOUNT, instrumentId: BTCUSDT, side: 'buy', quantity: Quantity.parse('0.02'), limitPrice: Price.parse('61000'), legs });
    await until(() => algos.view('sor-1')?.status === 'completed', () => JSON.stringify(algos.view('sor-1')));
    const view = algos.view('sor-1');
    if (view === undefined) throw new Error('no parent');
    const first = view.children[0];
    expect([first?.instrumentId, first?.status]).toEqual([BTCUSDT, 'rejected']);
    expect(engine.order(childClientOrderId('sor-1', 0))?.order.events.some((e) => e.type === 'OrderRejected')).toBe(true);
    const rest = view.children.slice(1);
    expect(rest.length).toBeGreaterThan(0);
    expect(rest.every((child) => child.instrumentId === BTC_USD)).toBe(true);
    // The parent's fills are the sum of its children's, and every fill is Coinbase's.
    const sum = rest.reduce((total, child) => total.add(child.filledQuantity), Decimal.ZERO);
    expect([view.filledQuantity.toString(), sum.toString()]).toEqual(['0.02', '0.02']);
    const fills = engine.fills({ accountId: COINBASE_ACCOUNT }).filter((f) => f.clientOrderId?.startsWith('sor-1.') === true);
    expect(fills.reduce((total, f) => total.add(f.quantity), Decimal.ZERO).toString()).toBe('0.02');
    expect(engine.fills({ accountId: BINANCE_ACCOUNT }).length).toBe(0);
    expect(view.averagePrice?.gt(Price.parse('59000'))).toBe(true);

    await waitEngineMatchesVenue(engine, async () => binanceTruth(binance.sim, 'BINANCE'), { accountId: BINANCE_ACCOUNT, positions: false, balanceScale: 8 });
    await waitEngineMatchesVenue(engine, async () => coinbaseTruth(coinbase.sim), { accountId: COINBASE_ACCOUNT, positions: false });
  }, 120_000);
});

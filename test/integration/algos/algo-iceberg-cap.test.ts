import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { AccountId, Decimal, InstrumentId, ManualClock, Price, Quantity } from '../../../src/core';
import { ExecutionEngine, standardRiskAndPortfolio } from '../../../src/engine';
import { AlgoEngine, childClientOrderId, nextIcebergDecision, type IcebergSpec } from '../../../src/engine/algos';
import { SystemClock } from '../../../src/shared/system-clock';
import { createPaperVenue, type PaperVenue } from '../../../src/simulators/paper';
import { openSqliteStore } from '../../../src/store';
import { waitEngineMatchesVenue } from '../../contract/engine-matches-venue';
import { paperTruth } from '../paper/harness';

const ACCOUNT = AccountId.parse('paper-fx');
const EURUSD = InstrumentId.parse('EUR_USD.PAPER');
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const step of cleanups.splice(0).reverse()) await step();
});

async function until(condition: () => boolean, what: () => string): Promise<void> {
  const deadline = Date.now() + 20_000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what()}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

interface Rig { engine: ExecutionEngine; algos: AlgoEngine; stop: () => Promise<void> }

async function startRig(paper: PaperVenue, journalPath: string, algoClock: ManualClock): Promise<Rig> {
  const clock = new SystemClock();
  const store = await openSqliteStore({ path: journalPath, clock, checkpoint: 'none' });
  const engine = new ExecutionEngine({ clock, journal: store.journal, venues: [paper], ...standardRiskAndPortfolio({ global: { submitRatePerSecond: 1_000_000 } }) });
  await engine.start();
  await until(() => engine.quotes().some((q) => q.instrumentId === EURUSD), () => 'a first quote');
  const algos = new AlgoEngine({ engine, clock: algoClock, journal: store.journal, intervalMs: 1_000 });
  await algos.start();
  let stopped = false;
  const stop = async (): Promise<void> => {
    if (stopped) return;
    stopped = true;
    await algos.stop();
    await engine.stop();
    await store.close();
  };
  cleanups.push(stop);
  return { engine, algos, stop };
}

async function setup(): Promise<{ paper: PaperVenue; journalPath: string; algoClock: ManualClock }> {
  const directory = mkdtempSync(join(tmpdir(), 'tmt-algo-ice-'));
  const paper = createPaperVenue({ clock: new SystemClock(), seed: 13 });
  cleanups.push(async () => {
    await paper.close();
    rmSync(directory, { recursive: true, force: true });
  });
  return { paper, journalPath: join(directory, 'journal.db'), algoClock: new ManualClock(Date.now()) };
}

const truth = (rig: Rig, paper: PaperVenue) => waitEngineMatchesVenue(rig.engine, async () => paperTruth(paper, ACCOUNT), { accountId: ACCOUNT, positions: true });
const d = (text: string) => Decimal.parse(text);

describe('emulated iceberg replenishment and the participation cap memory', () => {
  it('replenishes on each fill, partial ones too: the displayed size is kept at displayQuantity', () => {
    const spec: IcebergSpec = { kind: 'iceberg', parentId: 'ice', accountId: ACCOUNT, instrumentId: EURUSD, side: 'buy', quantity: Quantity.parse('30000'), displayQuantity: Quantity.parse('10000'), limitPrice: Price.parse('1.08') };
    const base = { sizeIncrement: d('1'), minQuantity: d('1'), price: spec.limitPrice };
    // Nothing shown: the first slice. Showing all of it: wait.
    expect(nextIcebergDecision(spec, { ...base, committed: d('0'), displayed: d('0') })).toMatchObject({ kind: 'child', quantity: Quantity.parse('10000') });
    expect(nextIcebergDecision(spec, { ...base, committed: d('10000'), displayed: d('10000') }).kind).toBe('wait');
    // 2500 of the slice filled (displayed 7500): a 2500 slice tops the display back up at once.
    const partial = nextIcebergDecision(spec, { ...base, committed: d('10000'), displayed: d('7500') });
    expect(partial.kind === 'child' && partial.quantity.toString()).toBe('2500');
    // Near the end the top-up is only what is hidden; everything filled and nothing shown completes.
    const tail = nextIcebergDecision(spec, { ...base, committed: d('28000'), displayed: d('6000') });
    expect(tail.kind === 'child' && tail.quantity.toString()).toBe('2000');
    expect(nextIcebergDecision(spec, { ...base, committed: d('30000'), displayed: d('4000') }).kind).toBe('wait');
    expect(nextIcebergDecision(spec, { ...base, committed: d('30000'), displayed: d('0') })).toEqual({ kind: 'finish', status: 'completed' });
  });

  it('re-pegs: the slice rests at the passive best within the limit; when the market moves it is shown again at the new best', async () => {
    const { paper, journalPath, algoClock } = await setup();
    const rig = await startRig(paper, journalPath, algoClock);
    const { bid, ask } = paper.quote(EURUSD);
    const limit = Price.parse(ask.add(Price.parse('0.00500')).toString());
    await rig.algos.create({ kind: 'iceberg', parentId: 'peg-1', accountId: ACCOUNT, instrumentId: EURUSD, side: 'buy', quantity: Quantity.parse('20000'), displayQuantity: Quantity.parse('5000'), limitPrice: limit, repeg: true });
    await until(() => rig.engine.order(childClientOrderId('peg-1', 0))?.status === 'accepted', () => 'the first slice resting');
    expect(rig.engine.order(childClientOrderId('peg-1', 0))?.order.price?.toString()).toBe(bid.toString());
    // The market moves up 20 pips: the resting bid is left behind, canceled, and shown again at the new bid.
    await paper.movePrice(EURUSD, Price.parse(bid.add(ask).div(d('2'), 6, 'half-even').add(d('0.0020')).toString()));
    await until(() => rig.engine.quotes().some((q) => q.instrumentId === EURUSD && q.bid.gt(bid)), () => 'the new quote');
    const newBid = rig.engine.quotes().find((q) => q.instrumentId === EURUSD)?.bid;
    await rig.algos.tick();
    await until(() => rig.engine.order(childClientOrderId('peg-1', 0))?.status === 'canceled', () => 'the stale slice canceled');
    await rig.algos.tick();
    await until(() => rig.engine.order(childClientOrderId('peg-1', 1))?.status === 'accepted', () => JSON.stringify(rig.algos.view('peg-1')?.children));
    const repegged = rig.engine.order(childClientOrderId('peg-1', 1))?.order.price;
    expect(repegged?.toString()).toBe(newBid?.toString());
    expect(repegged?.lte(limit)).toBe(true);
    expect(rig.engine.orders({ openOnly: true }).length).toBe(1);
    await rig.algos.cancel('peg-1');
    await truth(rig, paper);
  }, 60_000);

  it('the participation cap remembers the market volume seen before a restart', async () => {
    const { paper, journalPath, algoClock } = await setup();
    const first = await startRig(paper, journalPath, algoClock);
    const print = (rig: Rig, quantity: string) => {
      const now = Date.now();
      rig.engine.bus.publish({ type: 'TradeTick', instrumentId: EURUSD, price: paper.quote(EURUSD).ask, quantity: Quantity.parse(quantity), occurredAt: now, recordedAt: now });
    };
    const spec = { kind: 'twap' as const, parentId: 'cap-1', accountId: ACCOUNT, instrumentId: EURUSD, side: 'buy' as const, quantity: Quantity.parse('100000'), startAt: algoClock.now(), endAt: algoClock.now() + 40_000, slices: 4, participationCap: d('0.1'), onEnd: 'leave' as const };
    await first.algos.create(spec);
    // No volume yet: the cap allows nothing. 50000 traded: 10% is 5000.
    expect(first.algos.view('cap-1')?.children.length).toBe(0);
    print(first, '50000');
    await first.algos.tick();
    await until(() => first.algos.view('cap-1')?.filledQuantity.toString() === '5000', () => JSON.stringify(first.algos.view('cap-1')?.children));
    await first.stop();

    // After the restart another 30000 trades: 10% of the 80000 since the start is 8000, so the next child is 3000.
    const second = await startRig(paper, journalPath, algoClock);
    algoClock.advance(10_000);
    print(second, '30000');
    await second.algos.tick();
    await until(() => second.algos.view('cap-1')?.filledQuantity.toString() === '8000', () => JSON.stringify(second.algos.view('cap-1')?.children));
    expect(second.algos.view('cap-1')?.children.map((c) => c.quantity.toString())).toEqual(['5000', '3000']);
    await second.algos.cancel('cap-1');
    await truth(second, paper);
  }, 60_000);
});

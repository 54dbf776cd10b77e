import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { AccountId, InstrumentId, ManualClock, Price, Quantity } from '../../../src/core';
import { ExecutionEngine, standardRiskAndPortfolio } from '../../../src/engine';
import { AlgoEngine, childClientOrderId, type TwapSpec } from '../../../src/engine/algos';
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

async function until(condition: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 20_000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

interface Rig { engine: ExecutionEngine; algos: AlgoEngine; stop: () => Promise<void> }

/** Engine + algo engine over one SQLite journal; the algo schedule runs on its own manual clock. */
async function startRig(paper: PaperVenue, journalPath: string, algoClock: ManualClock): Promise<Rig> {
  const clock = new SystemClock();
  const store = await openSqliteStore({ path: journalPath, clock, checkpoint: 'none' });
  const engine = new ExecutionEngine({
    clock,
    journal: store.journal,
    venues: [paper],
    ...standardRiskAndPortfolio({ global: { submitRatePerSecond: 1_000_000 } }),
  });
  await engine.start();
  await until(() => engine.quotes().some((q) => q.instrumentId === EURUSD), 'a first quote');
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
  const directory = mkdtempSync(join(tmpdir(), 'tmt-algos-'));
  const paper = createPaperVenue({ clock: new SystemClock(), seed: 11 });
  cleanups.push(async () => {
    await paper.close();
    rmSync(directory, { recursive: true, force: true });
  });
  return { paper, journalPath: join(directory, 'journal.db'), algoClock: new ManualClock(Date.now()) };
}

const twap = (clock: ManualClock, extra: Partial<TwapSpec> = {}): TwapSpec => ({
  kind: 'twap',
  parentId: 'twap-1',
  accountId: ACCOUNT,
  instrumentId: EURUSD,
  side: 'buy',
  quantity: Quantity.parse('10000'),
  startAt: clock.now(),
  endAt: clock.now() + 60_000,
  slices: 4,
  onEnd: 'leave',
  ...extra,
});

const truth = (rig: Rig, paper: PaperVenue) =>
  waitEngineMatchesVenue(rig.engine, async () => paperTruth(paper, ACCOUNT), { accountId: ACCOUNT, positions: true });

describe('algo parents against the paper venue', () => {
  it('a TWAP sends one child per slice through the engine; the parent shows fills, average, arrival and slippage', async () => {
    const { paper, journalPath, algoClock } = await setup();
    const rig = await startRig(paper, journalPath, algoClock);
    await rig.algos.create(twap(algoClock));
    await until(() => rig.algos.view('twap-1')?.filledQuantity.toString() === '2500', 'the first slice filled');
    for (let k = 1; k < 4; k++) {
      algoClock.advance(15_000);
      await rig.algos.tick();
      await until(() => rig.algos.view('twap-1')?.filledQuantity.eq(Quantity.parse(String(2500 * (k + 1)))) === true, `slice ${k}`);
    }
    await rig.algos.tick();
    const view = rig.algos.view('twap-1');
    expect(view?.status).toBe('completed');
    expect(view?.children.map((c) => c.clientOrderId)).toEqual([0, 1, 2, 3].map((k) => childClientOrderId('twap-1', k)));
    expect(view?.leftQuantity.isZero()).toBe(true);
    expect(view?.averagePrice).toBeDefined();
    expect(view?.arrivalPrice).toBeDefined();
    expect(view?.slippageBasisPoints).toBeDefined();
    await truth(rig, paper);
  }, 60_000);

  it('an emulated iceberg shows one slice at a time and replenishes it on each fill at the same price', async () => {
    const { paper, journalPath, algoClock } = await setup();
    const rig = await startRig(paper, journalPath, algoClock);
    const limit = Price.parse(paper.quote(EURUSD).bid.sub(Price.parse('0.00200')).toString());
    await rig.algos.create({ kind: 'iceberg', parentId: 'ice-1', accountId: ACCOUNT, instrumentId: EURUSD, side: 'buy', quantity: Quantity.parse('30000'), displayQuantity: Quantity.parse('10000'), limitPrice: limit });
    await until(() => rig.engine.order(childClientOrderId('ice-1', 0))?.status === 'accepted', 'the displayed slice resting');
    expect(rig.engine.orders({ openOnly: true }).length).toBe(1);
    await paper.movePrice(EURUSD, Price.parse(limit.sub(Price.parse('0.00100')).toString()));
    await until(() => rig.algos.view('ice-1')?.status === 'completed', 'all three slices filled');
    const view = rig.algos.view('ice-1');
    expect(view?.children.map((c) => [c.quantity.toString(), c.status, c.price?.toString()])).toEqual([0, 1, 2].map(() => ['10000', 'filled', limit.toString()]));
    expect(view?.filledQuantity.toString()).toBe('30000');
    await truth(rig, paper);
  }, 60_000);

  it('pause cancels the working child, resume sends the next, cancel ends the parent with the partial fill exact', async () => {
    const { paper, journalPath, algoClock } = await setup();
    const rig = await startRig(paper, journalPath, algoClock);
    await rig.algos.create(twap(algoClock));
    await until(() => rig.algos.view('twap-1')?.filledQuantity.toString() === '2500', 'the first slice filled');
    expect((await rig.algos.pause('twap-1')).status).toBe('paused');
    algoClock.advance(15_000);
    await rig.algos.tick();
    expect(rig.algos.view('twap-1')?.children.length).toBe(1);
    await rig.algos.resume('twap-1');
    await until(() => rig.algos.view('twap-1')?.filledQuantity.toString() === '5000', 'the second slice after resume');
    const canceled = await rig.algos.cancel('twap-1');
    expect(canceled.status).toBe('canceled');
    algoClock.advance(45_000);
    await rig.algos.tick();
    expect(rig.algos.view('twap-1')?.children.length).toBe(2);
    expect(rig.algos.view('twap-1')?.leftQuantity.toString()).toBe('5000');

    // An iceberg's resting child is canceled at the venue by pause and by cancel.
    const limit = Price.parse(paper.quote(EURUSD).bid.sub(Price.parse('0.00300')).toString());
    await rig.algos.create({ kind: 'iceberg', parentId: 'ice-2', accountId: ACCOUNT, instrumentId: EURUSD, side: 'buy', quantity: Quantity.parse('20000'), displayQuantity: Quantity.parse('5000'), limitPrice: limit });
    await until(() => rig.engine.order(childClientOrderId('ice-2', 0))?.status === 'accepted', 'the iceberg slice resting');
    await rig.algos.pause('ice-2');
    await until(() => rig.engine.order(childClientOrderId('ice-2', 0))?.status === 'canceled', 'the child canceled by pause');
    await rig.algos.resume('ice-2');
    await until(() => rig.engine.order(childClientOrderId('ice-2', 1))?.status === 'accepted', 'a new slice after resume');
    await rig.algos.cancel('ice-2');
    await until(() => rig.engine.order(childClientOrderId('ice-2', 1))?.status === 'canceled', 'the child canceled by cancel');
    expect(rig.algos.view('ice-2')?.status).toBe('canceled');
    await expect(rig.algos.resume('ice-2')).rejects.toMatchObject({ code: 'OMS_ORDER_NOT_OPEN' });
    await truth(rig, paper);
  }, 60_000);

  it('a restart mid-parent folds it back from the journal: no child sent twice, the remaining quantity exact', async () => {
    const { paper, journalPath, algoClock } = await setup();
    const first = await startRig(paper, journalPath, algoClock);
    await first.algos.create(twap(algoClock));
    await until(() => first.algos.view('twap-1')?.filledQuantity.toString() === '2500', 'the first slice filled');
    // A crash between journaling slice 1 and submitting it: the record is durable, the child never left.
    algoClock.advance(15_000);
    await first.engine.recordJournal('AlgoSliceIssued', 'algo', {
      type: 'AlgoSliceIssued',
      parentId: 'twap-1',
      slice: { index: 1, clientOrderId: childClientOrderId('twap-1', 1), quantity: Quantity.parse('2500'), timeInForce: 'IOC', at: algoClock.now() },
    });
    await first.stop();

    const second = await startRig(paper, journalPath, algoClock);
    await until(() => second.algos.view('twap-1')?.filledQuantity.toString() === '5000', 'the journaled slice sent once after restart');
    expect(second.algos.view('twap-1')?.leftQuantity.toString()).toBe('5000');
    await second.algos.tick();
    expect(second.algos.view('twap-1')?.children.length).toBe(2);
    for (let k = 2; k < 4; k++) {
      algoClock.advance(15_000);
      await second.algos.tick();
      await until(() => second.algos.view('twap-1')?.filledQuantity.eq(Quantity.parse(String(2500 * (k + 1)))) === true, `slice ${k}`);
    }
    const fills = second.engine.fills({ accountId: ACCOUNT });
    for (let k = 0; k < 4; k++) expect(fills.filter((f) => f.clientOrderId === childClientOrderId('twap-1', k)).length).toBe(1);
    const position = (await paper.positions(ACCOUNT)).find((p) => p.instrumentId === EURUSD);
    expect(position?.signedQuantity.toString()).toBe('10000');
    await truth(second, paper);
  }, 90_000);
  it('modify reaches the working child: a new limit cancels it and the next slice rests at the new price; a bad parent id is refused by field', async () => {
    const { paper, journalPath, algoClock } = await setup();
    const rig = await startRig(paper, journalPath, algoClock);
    const bid = paper.quote(EURUSD).bid;
    const first = Price.parse(bid.sub(Price.parse('0.00300')).toString());
    const second = Price.parse(bid.sub(Price.parse('0.00400')).toString());
    await rig.algos.create({ kind: 'iceberg', parentId: 'ice-m', accountId: ACCOUNT, instrumentId: EURUSD, side: 'buy', quantity: Quantity.parse('20000'), displayQuantity: Quantity.parse('5000'), limitPrice: first });
    await until(() => rig.engine.order(childClientOrderId('ice-m', 0))?.status === 'accepted', 'the first slice resting');
    const modified = await rig.algos.modify('ice-m', { limitPrice: second, quantity: Quantity.parse('15000') });
    expect(modified.quantity.toString()).toBe('15000');
    await until(() => rig.engine.order(childClientOrderId('ice-m', 1))?.status === 'accepted', `the next slice at the new price ${JSON.stringify(rig.algos.view('ice-m')?.children)}`);
    expect(rig.engine.order(childClientOrderId('ice-m', 0))?.status).toBe('canceled');
    expect(rig.engine.order(childClientOrderId('ice-m', 1))?.order.price?.toString()).toBe(second.toString());
    await expect(rig.algos.create({ kind: 'iceberg', parentId: 'bad id', accountId: ACCOUNT, instrumentId: EURUSD, side: 'buy', quantity: Quantity.parse('1'), displayQuantity: Quantity.parse('1'), limitPrice: first })).rejects.toMatchObject({ code: 'OMS_INVALID_REQUEST', field: 'parentId' });
    await rig.algos.cancel('ice-m');
    await truth(rig, paper);
  }, 60_000);
});

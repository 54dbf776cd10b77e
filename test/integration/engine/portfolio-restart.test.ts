import { copyFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterEach, describe, expect, it } from 'vitest';

import { Decimal, encodeExact, ManualClock, Price, Quantity, type OrderRequest } from '../../../src/core';
import type { EngineRuntime } from '../../../src/engine/engine-runtime';
import { ExecutionEngine, type ExecutionEngineOptions } from '../../../src/engine/execution-engine';
import { PortfolioService } from '../../../src/engine/portfolio';
import type { CostBasis } from '../../../src/core';
import { openSqliteStore, type SqliteStore } from '../../../src/store';
import { ACCOUNT, BTC, FakeVenue } from './support/fake-venue';
import { limitBuy, settle } from './support/harness';
import { SimpleRisk } from './support/simple-risk';

interface Life {
  readonly engine: ExecutionEngine;
  readonly store: SqliteStore;
  readonly runtime: EngineRuntime;
}

const directories: string[] = [];
const lives: Life[] = [];
afterEach(async () => {
  for (const life of lives.splice(0)) {
    await life.engine.stop();
    await life.store.close();
  }
  for (const directory of directories.splice(0)) rmSync(directory, { recursive: true, force: true });
});

function tempDirectory(): string {
  const directory = mkdtempSync(join(tmpdir(), 'tmt-portfolio-restart-'));
  directories.push(directory);
  return directory;
}

async function open(
  directory: string,
  venue: FakeVenue,
  clock: ManualClock,
  costBasis: CostBasis,
  evict: boolean,
): Promise<Life> {
  const store = await openSqliteStore({ path: join(directory, 'journal.db'), clock, checkpoint: 'none' });
  const options: ExecutionEngineOptions = {
    clock,
    journal: store.journal,
    deadLetters: store.deadLetters,
    venues: [venue],
    accounts: [
      {
        accountId: ACCOUNT,
        venue: 'PAPER',
        type: 'margin',
        baseCurrency: 'USDT',
        positionMode: 'netting',
        costBasis,
      },
    ],
    portfolio: (hooks) => new PortfolioService({ bus: hooks.bus, clock, instrument: hooks.instrument }),
    risk: (hooks, portfolio) => new SimpleRisk(hooks.bus, clock, portfolio),
    timings: { lookupDelayMs: 100, requestTimeoutMs: 1_000 },
    random: () => 0.5,
    ...(evict ? { orderHistory: store.orderHistory, retainFinishedOrders: 0 } : {}),
  };
  const engine = new ExecutionEngine(options);
  await engine.start();
  const life = { engine, store, runtime: (engine as unknown as { runtime: EngineRuntime }).runtime };
  lives.push(life);
  return life;
}

async function stop(life: Life): Promise<void> {
  lives.splice(lives.indexOf(life), 1);
  await life.engine.stop();
  await life.store.close();
}

const limit = (side: 'buy' | 'sell', price: string, quantity: string, id: string): OrderRequest => ({
  ...limitBuy(price, quantity, id),
  side,
});

/**
 * Two orders on one instrument whose fills interleave: the buy (created first) fills 1 at 100, the sell fills
 * 1 at 105, the buy fills 1 more at 120. Live, the sell closes the lot bought at 100 (+5); booked order by
 * order (both buys first) the average-cost sell would close at 110 (-5).
 */
async function interleave(engine: ExecutionEngine, venue: FakeVenue, clock: ManualClock, tag: string) {
  const buy = limit('buy', '120', '2', `${tag}-buy`);
  const sell = limit('sell', '105', '1', `${tag}-sell`);
  for (const request of [buy, sell]) {
    clock.advance(1_000);
    expect((await engine.submit(request, 'test')).status).toBe('accepted');
  }
  await settle();
  const venueId = (request: OrderRequest) =>
    engine.order(request.clientOrderId)?.order.venueClientOrderId as string;
  const steps: [OrderRequest, string][] = [
    [buy, '100'],
    [sell, '105'],
    [buy, '120'],
  ];
  for (const [request, price] of steps) {
    clock.advance(10);
    venue.fill(venueId(request), Quantity.parse('1'), Price.parse(price));
    await settle();
  }
}

/**
 * What a restart must give back exactly: positions with their realized P&L, closed positions, the account's
 * realized P&L. (Balances are the venue's at start, so equity-based figures follow the venue's report.)
 */
function books(engine: ExecutionEngine) {
  return {
    positions: encodeExact(engine.positions()),
    closed: encodeExact(engine.closedPositions()),
    accountRealized: encodeExact(engine.accounts().map((account) => account.realizedPnl)),
  };
}

function realized(engine: ExecutionEngine): string {
  return engine
    .accounts()
    .map((account) => account.realizedPnl.amount.toString())
    .join(',');
}

/** Venue truth: the engine's open orders and net position are the venue's. */
function expectVenueTruth(engine: ExecutionEngine, venue: FakeVenue): void {
  const net = engine.positions().reduce((sum, position) => sum.add(position.signedQuantity), Decimal.ZERO);
  expect(net.toString()).toBe((venue.net.get(BTC) ?? Decimal.ZERO).toString());
  const open = engine
    .orders({ openOnly: true })
    .map((view) => view.order.venueClientOrderId)
    .sort();
  const atVenue = [...venue.orders.values()]
    .filter((order) => order.report.status === 'accepted' || order.report.status === 'partially-filled')
    .map((order) => order.report.venueClientOrderId)
    .sort();
  expect(open).toEqual(atVenue);
}

describe('restart restores the portfolio as it was live (issue 15 bug, issue 9 ask 4)', () => {
  for (const costBasis of ['average-cost', 'fifo-trades'] as const) {
    for (const evict of [false, true]) {
      it(`${costBasis}${evict ? ', finished orders evicted' : ''}: interleaved fills, clean stop, start: same realized P&L`, async () => {
        const directory = tempDirectory();
        const clock = new ManualClock();
        const venue = new FakeVenue(clock);
        const first = await open(directory, venue, clock, costBasis, evict);
        await interleave(first.engine, venue, clock, 'a');
        const live = books(first.engine);
        const livePerformance = encodeExact(first.engine.performance(ACCOUNT));
        const liveRealized = realized(first.engine);
        if (costBasis === 'average-cost') expect(liveRealized).toBe('5');
        await stop(first);

        const second = await open(directory, venue, clock, costBasis, evict);
        // The snapshot carried the portfolio: no fill was booked again, nothing was read after it.
        expect(second.runtime.startupReplay).toMatchObject({ entries: 0, rebooked: 0 });
        expect(realized(second.engine)).toBe(liveRealized);
        expect(books(second.engine)).toEqual(live);
        // Nothing was booked after the snapshot, so the performance totals are the live ones.
        expect(encodeExact(second.engine.performance(ACCOUNT))).toBe(livePerformance);
        expectVenueTruth(second.engine, venue);
      });
    }
  }

  /** The stop's snapshot written again without its portfolio, as snapshots were before they kept it. */
  async function dropPortfolioFromSnapshot(directory: string, clock: ManualClock): Promise<void> {
    const store = await openSqliteStore({ path: join(directory, 'journal.db'), clock, checkpoint: 'none' });
    const saved = await store.journal.latestSnapshot();
    if (saved === undefined) throw new Error('the stop wrote no snapshot');
    const { portfolio, ...rest } = JSON.parse(saved.state) as Record<string, unknown>;
    expect(portfolio).toBeDefined();
    await store.journal.saveSnapshot({ ...saved, state: JSON.stringify(rest) });
    await store.close();
  }

  for (const evict of [false, true]) {
    it(`a snapshot without the portfolio${evict ? ', finished orders evicted' : ''}: every fill booked again in venue-time order, same realized P&L`, async () => {
      const directory = tempDirectory();
      const clock = new ManualClock();
      const venue = new FakeVenue(clock);
      const first = await open(directory, venue, clock, 'average-cost', evict);
      await interleave(first.engine, venue, clock, 'a');
      const live = books(first.engine);
      await stop(first);
      await dropPortfolioFromSnapshot(directory, clock);

      const second = await open(directory, venue, clock, 'average-cost', evict);
      expect(second.runtime.startupReplay).toMatchObject({ entries: 0, rebooked: evict ? 3 : 0 });
      expect(realized(second.engine)).toBe('5');
      // Booked again at this start, the closed positions carry this start's recordedAt; the rest is live's.
      const { closed, ...rest } = books(second.engine);
      const { closed: liveClosed, ...liveRest } = live;
      expect(rest).toEqual(liveRest);
      const withoutRecordedAt = (text: string) => text.replace(/"recordedAt":\d+/g, '');
      expect(withoutRecordedAt(closed)).toBe(withoutRecordedAt(liveClosed));
      expectVenueTruth(second.engine, venue);
    });
  }

  it('a crash image: snapshot in the middle of the interleaving, the tail booked in journal order', async () => {
    const directory = tempDirectory();
    const image = tempDirectory();
    const clock = new ManualClock();
    const venue = new FakeVenue(clock);
    const first = await open(directory, venue, clock, 'average-cost', false);
    await interleave(first.engine, venue, clock, 'a');
    await first.engine.snapshot();
    await interleave(first.engine, venue, clock, 'b');
    const live = books(first.engine);
    for (const suffix of ['', '-wal'])
      if (existsSync(join(directory, `journal.db${suffix}`)))
        copyFileSync(join(directory, `journal.db${suffix}`), join(image, `journal.db${suffix}`));
    await stop(first);

    const second = await open(image, venue, clock, 'average-cost', false);
    expect(second.runtime.startupReplay?.entries).toBeGreaterThan(0);
    expect(books(second.engine)).toEqual(live);
    expectVenueTruth(second.engine, venue);
  });
});

import { copyFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterEach, describe, expect, it } from 'vitest';

import { encodeExact, ManualClock, Price, Quantity, type OrderRequest } from '../../../src/core';
import type { EngineRuntime } from '../../../src/engine/engine-runtime';
import { ExecutionEngine, type ExecutionEngineOptions } from '../../../src/engine/execution-engine';
import type { OrderView } from '../../../src/engine/trading-engine';
import { PortfolioService } from '../../../src/engine/portfolio';
import { openSqliteStore, type SqliteStore } from '../../../src/store';
import { FakeVenue } from './support/fake-venue';
import { limitBuy, marketOrder, settle } from './support/harness';
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

/** One engine on `directory`'s journal; `evict` gives it the order history with three finished orders kept. */
async function open(directory: string, venue: FakeVenue, clock: ManualClock, evict: boolean): Promise<Life> {
  const store = await openSqliteStore({ path: join(directory, 'journal.db'), clock, checkpoint: 'none' });
  const options: ExecutionEngineOptions = {
    clock,
    journal: store.journal,
    deadLetters: store.deadLetters,
    venues: [venue],
    portfolio: (hooks) => new PortfolioService({ bus: hooks.bus, clock, instrument: hooks.instrument }),
    risk: (hooks, portfolio) => new SimpleRisk(hooks.bus, clock, portfolio),
    timings: { lookupDelayMs: 100, requestTimeoutMs: 1_000 },
    random: () => 0.5,
    ...(evict ? { orderHistory: store.orderHistory, retainFinishedOrders: 3 } : {}),
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

/** The same trading on any engine: 24 orders, market ones filled at once, some limits filled, some canceled. */
async function trade(engine: ExecutionEngine, venue: FakeVenue, clock: ManualClock): Promise<OrderRequest[]> {
  const requests: OrderRequest[] = [];
  for (let i = 0; i < 24; i++) {
    clock.advance(1_000);
    const request =
      i % 3 === 0
        ? marketOrder(i % 2 === 0 ? 'buy' : 'sell', '0.010', `fo-${i}`)
        : limitBuy('99.00', '0.020', `fo-${i}`);
    requests.push(request);
    const outcome = await engine.submit(request, 'test');
    expect(outcome.status).toBe('accepted');
  }
  await settle();
  for (let i = 0; i < 24; i++) {
    const view = engine.order(requests[i]?.clientOrderId as never);
    const venueId = view?.order.venueClientOrderId;
    if (i % 3 === 1 && venueId !== undefined) {
      clock.advance(10);
      // Two fills at one venue time: ties keep creation and fill order.
      venue.fill(venueId, Quantity.parse('0.010'), Price.parse('99.00'));
      venue.fill(venueId, Quantity.parse('0.010'), Price.parse('98.50'));
    }
    if (i % 6 === 2) await engine.cancel(requests[i]?.clientOrderId as never, 'test');
  }
  await settle();
  return requests;
}

const shape = (views: readonly OrderView[]) =>
  views.map((view) => ({
    status: view.status,
    emulated: view.emulated,
    events: encodeExact(view.order.events),
  }));

/** Every query the API and CLI make, as data to compare between two engines. */
function answers(engine: ExecutionEngine, requests: readonly OrderRequest[]) {
  return {
    all: shape(engine.orders({})),
    page: shape(engine.orders({ limit: 5 })),
    filled: shape(engine.orders({ status: ['filled'], limit: 200 })),
    canceled: shape(engine.orders({ status: ['canceled'] })),
    open: shape(engine.orders({ openOnly: true })),
    one: requests.map((request) => shape([engine.order(request.clientOrderId) as OrderView])),
    fills: encodeExact(engine.fills({})),
    fillPage: encodeExact(engine.fills({ limit: 4, offset: 3 })),
    fillsOfOne: encodeExact(engine.fills({ clientOrderId: requests[1]?.clientOrderId as never })),
    positions: encodeExact(engine.positions()),
  };
}

describe('finished orders leave memory and are served from the order history (issue 9)', () => {
  it('the engine keeps open orders and three finished ones, and answers every query as an engine that keeps all', async () => {
    const [a, b] = [mkdtempSync(join(tmpdir(), 'tmt-fo-')), mkdtempSync(join(tmpdir(), 'tmt-fo-'))];
    directories.push(a, b);
    const [clockA, clockB] = [new ManualClock(), new ManualClock()];
    const [venueA, venueB] = [new FakeVenue(clockA), new FakeVenue(clockB)];
    const keeping = await open(a, venueA, clockA, false);
    const evicting = await open(b, venueB, clockB, true);
    const requests = await trade(keeping.engine, venueA, clockA);
    await trade(evicting.engine, venueB, clockB);

    const open_ = evicting.runtime.context.cache.openCount();
    expect(open_).toBeGreaterThan(0);
    expect(evicting.runtime.finished.retainedCount).toBe(3);
    expect(evicting.runtime.context.cache.size()).toBe(open_ + 3);
    expect(keeping.runtime.context.cache.size()).toBe(24);
    expect(await evicting.store.orderHistory.count()).toBe(24 - open_);
    expect(answers(evicting.engine, requests)).toEqual(answers(keeping.engine, requests));

    // Idempotency reaches evicted orders: the same content is the existing order, other content a conflict.
    const first = requests[0] as OrderRequest;
    const again = await evicting.engine.submit(first, 'test');
    expect(again).toMatchObject({ status: 'accepted', existing: true });
    await expect(
      evicting.engine.submit({ ...first, quantity: Quantity.parse('0.5') }, 'test'),
    ).rejects.toMatchObject({
      code: 'OMS_DUPLICATE_CLIENT_ORDER_ID',
    });
  });

  /**
   * Trading, a clean stop (its snapshot), a start: what the second life answers and read at start.
   * `legacy`: the stop's snapshot is written again without its portfolio, as snapshots were before they kept it.
   */
  async function restartedAfterStop(evict: boolean, legacy = false) {
    const directory = mkdtempSync(join(tmpdir(), 'tmt-fo-'));
    directories.push(directory);
    const clock = new ManualClock();
    const venue = new FakeVenue(clock);
    const first = await open(directory, venue, clock, evict);
    const requests = await trade(first.engine, venue, clock);
    const fillsOfEvicted = (await first.store.orderHistory.fills({ limit: 1_000 })).filter(
      (fill) => first.runtime.context.cache.held(fill.clientOrderId) === undefined,
    ).length;
    await stop(first);
    if (legacy) {
      const store = await openSqliteStore({ path: join(directory, 'journal.db'), clock, checkpoint: 'none' });
      const saved = await store.journal.latestSnapshot();
      if (saved === undefined) throw new Error('the stop wrote no snapshot');
      const { portfolio, ...rest } = JSON.parse(saved.state) as Record<string, unknown>;
      expect(portfolio).toBeDefined();
      await store.journal.saveSnapshot({ ...saved, state: JSON.stringify(rest) });
      await store.close();
    }
    const second = await open(directory, venue, clock, evict);
    const snapshot = await second.store.journal.latestSnapshot();
    return {
      second,
      requests,
      fillsOfEvicted,
      state: JSON.parse(snapshot?.state ?? '{}') as Record<string, unknown>,
    };
  }

  it('after a restart the snapshot holds live state only, the tail is empty, and every answer is the same', async () => {
    const keeping = await restartedAfterStop(false);
    const evicting = await restartedAfterStop(true);
    const { second, fillsOfEvicted, state } = evicting;
    // Start-up read the snapshot and nothing after it; the portfolio came from it, no fill was booked again.
    expect(second.runtime.startupReplay).toMatchObject({ entries: 0, rebooked: 0 });
    expect(fillsOfEvicted).toBeGreaterThan(0);
    expect(state.liveOnly).toBe(true);
    expect(state.portfolio).toBeDefined();
    expect((state.orders as unknown[]).length).toBe(second.runtime.context.cache.openCount() + 3);
    expect((keeping.state.orders as unknown[]).length).toBe(24);
    expect(answers(second.engine, evicting.requests)).toEqual(
      answers(keeping.second.engine, keeping.requests),
    );
  });

  it('a snapshot without a portfolio (written before it was kept): the evicted fills are booked from the history', async () => {
    const keeping = await restartedAfterStop(false, true);
    const evicting = await restartedAfterStop(true, true);
    expect(evicting.state.portfolio).toBeUndefined();
    expect(evicting.second.runtime.startupReplay).toMatchObject({
      entries: 0,
      rebooked: evicting.fillsOfEvicted,
    });
    expect(answers(evicting.second.engine, evicting.requests)).toEqual(
      answers(keeping.second.engine, keeping.requests),
    );
  });

  /** Trading, a snapshot, one more order, then a start from a crash image of the journal (no stop snapshot). */
  async function restartedFromImage(evict: boolean) {
    const directory = mkdtempSync(join(tmpdir(), 'tmt-fo-'));
    const image = mkdtempSync(join(tmpdir(), 'tmt-fo-image-'));
    directories.push(directory, image);
    const clock = new ManualClock();
    const venue = new FakeVenue(clock);
    const first = await open(directory, venue, clock, evict);
    const requests = await trade(first.engine, venue, clock);
    await first.engine.snapshot();
    const at = await first.store.journal.lastSequence();
    clock.advance(1_000);
    const late = limitBuy('97.00', '0.010', 'fo-late');
    await first.engine.submit(late, 'test');
    await settle();
    const tail = (await first.store.journal.lastSequence()) - at;
    // The journal files as they are now (WAL mode, nothing being written), before the stop's own snapshot.
    for (const suffix of ['', '-wal'])
      if (existsSync(join(directory, `journal.db${suffix}`)))
        copyFileSync(join(directory, `journal.db${suffix}`), join(image, `journal.db${suffix}`));
    await stop(first);
    const second = await open(image, venue, clock, evict);
    return { second, requests: [...requests, late], at, tail };
  }

  it('a snapshot taken mid-run bounds the replay and the integrity walk to the entries after it', async () => {
    const keeping = await restartedFromImage(false);
    const evicting = await restartedFromImage(true);
    const { second, at, tail } = evicting;
    expect(tail).toBeGreaterThan(0);
    expect(second.store.openReport).toMatchObject({ ok: true, checked: tail + 1, verifiedFrom: at - 1 });
    expect(second.runtime.startupReplay?.entries).toBe(tail);
    expect(answers(second.engine, evicting.requests)).toEqual(
      answers(keeping.second.engine, keeping.requests),
    );
  });
});

import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { AccountId, ClientOrderId, InstrumentId, Quantity, type OrderRequest } from '../../../src/core';
import { ExecutionEngine, standardRiskAndPortfolio } from '../../../src/engine';
import { SystemClock } from '../../../src/shared/system-clock';
import { createPaperVenue, type PaperVenue } from '../../../src/simulators/paper';
import { openSqliteStore, type SqliteStore } from '../../../src/store';

/**
 * The paper venue inside the engine's group commit (VenueClient.joinCommitGroup): its command is written in
 * the journal's transaction, before the journal's COMMIT, and the venue answers only once that is durable.
 */
const FX = AccountId.parse('paper-fx');
const EUR_USD = InstrumentId.parse('EUR_USD.PAPER');
const clock = new SystemClock();
let cleanup: (() => Promise<void>) | undefined;
afterEach(async () => {
  await cleanup?.();
  cleanup = undefined;
});

async function rig(): Promise<{ engine: ExecutionEngine; store: SqliteStore; venue: PaperVenue; venuePath: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'tmt-paper-group-'));
  const store = await openSqliteStore({ path: join(dir, 'journal.db'), clock, checkpoint: 'none' });
  const venuePath = join(dir, 'venue.db');
  const venue = createPaperVenue({ clock, seed: 5, storePath: venuePath });
  const engine = new ExecutionEngine({
    clock,
    journal: store.journal,
    venues: [venue],
    ...standardRiskAndPortfolio({ global: { submitRatePerSecond: 1_000_000 } }),
    timings: { reconcileOpenOrdersEveryMs: 3_600_000, reconcilePositionsEveryMs: 3_600_000 },
  });
  await engine.start();
  const deadline = Date.now() + 30_000;
  while (!engine.quotes().some((q) => q.instrumentId === EUR_USD)) {
    if (Date.now() > deadline) throw new Error('no EUR_USD quote');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  cleanup = async () => {
    await engine.stop();
    await venue.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  };
  return { engine, store, venue, venuePath };
}

const market = (id: string, side: 'buy' | 'sell'): OrderRequest => ({
  clientOrderId: ClientOrderId.parse(id),
  accountId: FX,
  instrumentId: EUR_USD,
  side,
  type: 'market',
  quantity: Quantity.parse('1000'),
  timeInForce: 'IOC',
  postOnly: false,
  reduceOnly: false,
});

/** Reads the venue's file through a connection of its own: what a restarted venue would find. */
function venueRows(path: string): { commands: number; fills: number } {
  const db = new Database(path, { readonly: true });
  try {
    const commands = db.prepare('SELECT COUNT(*) AS n FROM paper_commands').get() as { n: number };
    const fills = db.prepare('SELECT COUNT(*) AS n FROM paper_fills').get() as { n: number };
    return { commands: commands.n, fills: fills.n };
  } finally {
    db.close();
  }
}

describe('paper venue in the engine group commit', () => {
  it('a filled market order costs two journal commits (intent, then venue command with its facts), and the venue command is durable when submit resolves', async () => {
    const { engine, store, venuePath } = await rig();
    const before = venueRows(venuePath);
    const transactions = store.journal.transactionCount;
    const outcome = await engine.submit(market('g-1', 'buy'), 'test');
    expect(outcome.status === 'accepted' ? outcome.order.status : outcome.denial.code).toBe('filled');
    expect(store.journal.transactionCount - transactions).toBeLessThanOrEqual(2);
    const after = venueRows(venuePath);
    expect(after.commands - before.commands).toBe(1);
    expect(after.fills - before.fills).toBeGreaterThanOrEqual(1);
    const types = (await store.journal.read(0, 1000)).map((e) => e.type);
    expect(types).toContain('CommandSubmitOrder');
    expect(types).toContain('OrderFilled');
  }, 60_000);

  it('ten concurrent submits share group commits: fewer journal commits than orders', async () => {
    const { engine, store, venuePath } = await rig();
    const before = venueRows(venuePath);
    const transactions = store.journal.transactionCount;
    const outcomes = await Promise.all(
      Array.from({ length: 10 }, (_, i) => engine.submit(market(`c-${i}`, i % 2 === 0 ? 'buy' : 'sell'), 'test')),
    );
    expect(outcomes.every((o) => o.status === 'accepted' && o.order.status === 'filled')).toBe(true);
    expect(store.journal.transactionCount - transactions).toBeLessThan(10);
    expect(venueRows(venuePath).commands - before.commands).toBe(10);
  }, 60_000);

  it('the checkpoint worker moves the WAL into the venue database while the venue runs (not only at close)', async () => {
    const { engine, venuePath } = await rig();
    const before = statSync(venuePath).size;
    for (let i = 0; i < 20; i++) await engine.submit(market(`k-${i}`, i % 2 === 0 ? 'buy' : 'sell'), 'test');
    const deadline = Date.now() + 30_000;
    while (statSync(venuePath).size <= before) {
      if (Date.now() > deadline) throw new Error('the venue database never grew: no checkpoint ran');
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(statSync(venuePath).size).toBeGreaterThan(before);
  }, 60_000);

  it('fills since a recent time come from memory and equal the stored history', async () => {
    const { engine, venue } = await rig();
    for (let i = 0; i < 5; i++) {
      await engine.submit(market(`f-${i}`, i % 2 === 0 ? 'buy' : 'sell'), 'test');
      // Fills a millisecond apart at least, so a `since` can fall between two of them.
      const at = clock.now();
      while (clock.now() === at) await new Promise((resolve) => setTimeout(resolve, 1));
    }
    // From 0: older than anything in memory, so the store answers; just after the first fill: memory does.
    const everything = await venue.fillsSince(FX, 0);
    expect(everything.length).toBeGreaterThanOrEqual(5);
    const since = (everything[0]?.occurredAt ?? 0) + 1;
    const recent = await venue.fillsSince(FX, since);
    const stored = everything.filter((f) => f.occurredAt >= since);
    expect(recent.length).toBeGreaterThanOrEqual(4);
    expect(recent.map((f) => [f.tradeId, f.quantity.toString(), f.price.toString()])).toEqual(
      stored.map((f) => [f.tradeId, f.quantity.toString(), f.price.toString()]),
    );
  }, 60_000);
});

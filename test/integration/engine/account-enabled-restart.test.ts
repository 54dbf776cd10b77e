import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  AccountId,
  ClientOrderId,
  InstrumentId,
  ManualClock,
  Price,
  Quantity,
  type OrderRequest,
} from '../../../src/core';
import { ExecutionEngine, standardRiskAndPortfolio } from '../../../src/engine';
import { createPaperVenue, type PaperVenue } from '../../../src/simulators/paper';
import { openSqliteStore, type SqliteStore } from '../../../src/store';

const ACCOUNT = AccountId.parse('paper-fx');
const EURUSD = InstrumentId.parse('EUR_USD.PAPER');

const directories: string[] = [];
afterEach(() => {
  for (const directory of directories.splice(0)) rmSync(directory, { recursive: true, force: true });
});

function restingOrder(id: string): OrderRequest {
  return {
    clientOrderId: ClientOrderId.parse(id),
    accountId: ACCOUNT,
    instrumentId: EURUSD,
    side: 'buy',
    type: 'limit',
    quantity: Quantity.parse('1000'),
    price: Price.parse('0.90000'),
    timeInForce: 'GTC',
    postOnly: false,
    reduceOnly: false,
  };
}

interface Life {
  engine: ExecutionEngine;
  venue: PaperVenue;
  store: SqliteStore;
}

/** One engine life on the journal and venue files of `directory` (the same files every time). */
async function open(directory: string, clock: ManualClock): Promise<Life> {
  const store = await openSqliteStore({ path: join(directory, 'journal.db'), clock });
  const venue = createPaperVenue({ clock, storePath: join(directory, 'venue.db'), seed: 5 });
  const engine = new ExecutionEngine({
    clock,
    journal: store.journal,
    deadLetters: store.deadLetters,
    venues: [venue],
    ...standardRiskAndPortfolio({
      global: { submitRatePerSecond: 1_000_000, modifyRatePerSecond: 1_000_000 },
    }),
  });
  await engine.start();
  return { engine, venue, store };
}

async function close(life: Life, clean: boolean): Promise<void> {
  if (clean) await life.engine.stop();
  else await life.store.journal.lastSequence(); // a crash: no stop, no snapshot; only what is journaled counts
  await life.venue.close();
  await life.store.close();
}

function enabledOf(engine: ExecutionEngine): boolean | undefined {
  return engine.accounts().find((a) => a.accountId === ACCOUNT)?.enabled;
}

describe('account switch survives a restart', () => {
  it.each([
    ['a clean stop', true],
    ['a crash without stop', false],
  ])('a disabled account is still disabled after %s, and enabled again only when switched on', async (_name, clean) => {
    const directory = mkdtempSync(join(tmpdir(), 'tmt-account-switch-'));
    directories.push(directory);
    const clock = new ManualClock();

    const first = await open(directory, clock);
    first.engine.setAccountEnabled(ACCOUNT, false, 'operator');
    const denied = await first.engine.submit(restingOrder('s-1'), 'test');
    expect(denied.status === 'denied' && denied.denial.code).toBe('RISK_ACCOUNT_DISABLED');
    // The switch is journaled quietly (no caller waits): let the group commit write it.
    await new Promise((resolve) => setImmediate(resolve));
    await close(first, clean);

    const second = await open(directory, clock);
    expect(enabledOf(second.engine)).toBe(false);
    const stillDenied = await second.engine.submit(restingOrder('s-2'), 'test');
    expect(stillDenied.status === 'denied' && stillDenied.denial.code).toBe('RISK_ACCOUNT_DISABLED');
    second.engine.setAccountEnabled(ACCOUNT, true, 'operator');
    await new Promise((resolve) => setImmediate(resolve));
    await close(second, clean);

    const third = await open(directory, clock);
    expect(enabledOf(third.engine)).toBe(true);
    const accepted = await third.engine.submit(restingOrder('s-3'), 'test');
    expect(accepted.status).toBe('accepted');
    await close(third, true);
  });

  it('a switch made before start (configuration) wins over the journaled one and is journaled itself', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'tmt-account-switch-'));
    directories.push(directory);
    const clock = new ManualClock();
    const first = await open(directory, clock);
    first.engine.setAccountEnabled(ACCOUNT, true, 'operator');
    await close(first, true);

    const store = await openSqliteStore({ path: join(directory, 'journal.db'), clock });
    const venue = createPaperVenue({ clock, storePath: join(directory, 'venue.db'), seed: 5 });
    const engine = new ExecutionEngine({
      clock,
      journal: store.journal,
      deadLetters: store.deadLetters,
      venues: [venue],
      ...standardRiskAndPortfolio({}),
    });
    engine.setAccountEnabled(ACCOUNT, false, 'config');
    await engine.start();
    expect(enabledOf(engine)).toBe(false);
    await close({ engine, venue, store }, true);

    const again = await open(directory, clock);
    expect(enabledOf(again.engine)).toBe(false);
    await close(again, true);
  });
});

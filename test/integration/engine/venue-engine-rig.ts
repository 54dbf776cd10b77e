import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Clock, VenueClient } from '../../../src/core';
import { ExecutionEngine, standardRiskAndPortfolio, type ExecutionEngineOptions } from '../../../src/engine';
import type { RawLimits } from '../../../src/engine/risk/limits';
import { openSqliteStore, type SqliteStore } from '../../../src/store';

/** An engine over one venue client (a wire simulator's adapter, the paper venue) with a real SQLite journal. */
export interface EngineRig {
  readonly engine: ExecutionEngine;
  readonly store: SqliteStore;
  close(): Promise<void>;
}

export async function startEngineRig(
  clock: Clock,
  venue: VenueClient,
  options: {
    limits?: RawLimits;
    accountLimits?: Readonly<Record<string, RawLimits>>;
    marketData?: 'all' | 'on-demand';
    directory?: string;
    /** How the engine keeps the books of an account (else derived from the venue's capabilities). */
    accounts?: ExecutionEngineOptions['accounts'];
  } = {},
): Promise<EngineRig> {
  const directory = options.directory ?? mkdtempSync(join(tmpdir(), 'tmt-rig-'));
  const store = await openSqliteStore({ path: join(directory, 'journal.db'), clock, checkpoint: 'none' });
  const engine = new ExecutionEngine({
    clock,
    journal: store.journal,
    venues: [venue],
    marketData: options.marketData ?? 'on-demand',
    ...(options.accounts === undefined ? {} : { accounts: options.accounts }),
    ...standardRiskAndPortfolio({
      global: { submitRatePerSecond: 1_000_000, modifyRatePerSecond: 1_000_000, ...options.limits },
      ...(options.accountLimits === undefined ? {} : { accounts: options.accountLimits }),
    }),
    timings: { reconcileOpenOrdersEveryMs: 3_600_000, reconcilePositionsEveryMs: 3_600_000 },
  });
  await engine.start();
  return {
    engine,
    store,
    close: async () => {
      await engine.stop();
      await store.close();
      if (options.directory === undefined) rmSync(directory, { recursive: true, force: true });
    },
  };
}

/** Polls until `probe` holds, with a deadline (a loaded machine is slow; never a fixed sleep). */
export async function until(what: string, probe: () => boolean | Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await probe()) return;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

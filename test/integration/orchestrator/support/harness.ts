import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { ManualClock, type Clock, type EngineEvent, type SignalWire } from '../../../../src/core';
import { ExecutionEngine, standardRiskAndPortfolio } from '../../../../src/engine';
import { Orchestrator, type OrchestratorOptions } from '../../../../src/orchestrator/orchestrator';
import { createPaperVenue, type PaperVenue } from '../../../../src/simulators/paper';
import { openSqliteStore, type SqliteStore } from '../../../../src/store';

export interface OrchestratorHarness {
  readonly clock: ManualClock;
  readonly engine: ExecutionEngine;
  readonly paper: PaperVenue;
  readonly store: SqliteStore;
  readonly orchestrator: Orchestrator;
  readonly events: EngineEvent[];
  readonly directory: string;
  close(): Promise<void>;
}

/** The paper venue on a manual clock, the real engine over a SQLite journal, and the orchestrator over it. */
export async function createOrchestratorHarness(
  options: Partial<Omit<OrchestratorOptions, 'engine' | 'clock'>> & {
    clock?: ManualClock;
    engineClock?: Clock;
  } = {},
): Promise<OrchestratorHarness> {
  const clock = options.clock ?? new ManualClock(Date.UTC(2026, 0, 6, 10, 0, 0));
  const directory = mkdtempSync(join(tmpdir(), 'tmt-orch-'));
  const store = await openSqliteStore({ path: join(directory, 'journal.db'), clock, checkpoint: 'none' });
  const paper = createPaperVenue({ clock, seed: 7 });
  const engine = new ExecutionEngine({
    clock,
    journal: store.journal,
    venues: [paper],
    ...standardRiskAndPortfolio({ global: { submitRatePerSecond: 1_000_000 } }),
  });
  await engine.start();
  engine.setIntake(true, 'test');
  const events: EngineEvent[] = [];
  engine.bus.subscribe('*', (event) => events.push(event));
  const orchestrator = new Orchestrator({ ...options, engine, clock });
  return {
    clock,
    engine,
    paper,
    store,
    orchestrator,
    events,
    directory,
    async close() {
      orchestrator.close();
      await engine.stop();
      await paper.close();
      await store.close();
      rmSync(directory, { recursive: true, force: true });
    },
  };
}

let counter = 0;
export function signal(overrides: Partial<Record<keyof SignalWire, unknown>> = {}): Record<string, unknown> {
  return {
    clientSignalId: `sig-${++counter}`,
    agentId: 'trend-1',
    instrumentId: 'EUR_USD.PAPER',
    intent: 'long',
    confidence: '0.8',
    entry: { type: 'market' },
    stopLoss: { distance: '0.00500' },
    ...overrides,
  };
}

/** Moves the manual clock in small steps, letting the venue's answers (promises) run in between. */
export async function run(clock: ManualClock, ms: number, step = 100): Promise<void> {
  for (let elapsed = 0; elapsed < ms; elapsed += step) {
    clock.advance(step);
    await settle();
  }
}

export async function settle(rounds = 10): Promise<void> {
  for (let i = 0; i < rounds; i++) await new Promise((resolve) => setImmediate(resolve));
}

export async function until(condition: () => boolean, clock?: ManualClock, limit = 2_000): Promise<void> {
  for (let i = 0; i < limit; i++) {
    if (condition()) return;
    if (clock !== undefined) clock.advance(10);
    await settle(2);
  }
  throw new Error('condition not met');
}

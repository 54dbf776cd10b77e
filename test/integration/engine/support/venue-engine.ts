import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AlertRaised, Clock, EngineEvent, VenueClient } from '../../../../src/core';
import { ExecutionEngine, standardRiskAndPortfolio, type CircuitBreakerOptions, type EngineTimings } from '../../../../src/engine';
import { SystemClock } from '../../../../src/shared/system-clock';
import { openSqliteStore, type SqliteStore } from '../../../../src/store';

export interface VenueEngine {
  readonly engine: ExecutionEngine;
  readonly store: SqliteStore;
  readonly events: EngineEvent[];
  readonly alerts: AlertRaised[];
  close(): Promise<void>;
}

/**
 * A real engine (standard risk and portfolio, SQLite journal in a temporary directory) over a venue client the
 * caller connected and closes: the engine's own connect and disconnect are no-ops on it.
 */
export async function startVenueEngine(client: VenueClient, options: { clock?: Clock; timings?: Partial<EngineTimings>; circuitBreaker?: CircuitBreakerOptions; riskLimits?: Readonly<Record<string, string | number>> } = {}): Promise<VenueEngine> {
  const clock = options.clock ?? new SystemClock();
  const directory = mkdtempSync(join(tmpdir(), 'tmt-venue-engine-'));
  const store = await openSqliteStore({ path: join(directory, 'journal.db'), clock, checkpoint: 'none' });
  const borrowed = new Proxy(client, {
    get(target, property) {
      if (property === 'connect' || property === 'disconnect') return async () => undefined;
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
  const engine = new ExecutionEngine({
    clock,
    journal: store.journal,
    deadLetters: store.deadLetters,
    venues: [borrowed],
    ...standardRiskAndPortfolio({ global: { submitRatePerSecond: 1_000, modifyRatePerSecond: 1_000, ...options.riskLimits } }),
    ...(options.timings === undefined ? {} : { timings: options.timings }),
    ...(options.circuitBreaker === undefined ? {} : { circuitBreaker: options.circuitBreaker }),
  });
  const events: EngineEvent[] = [];
  const alerts: AlertRaised[] = [];
  engine.bus.subscribe('*', (event) => events.push(event));
  engine.bus.subscribe('AlertRaised', (event) => alerts.push(event));
  await engine.start();
  return {
    engine,
    store,
    events,
    alerts,
    async close() {
      await engine.stop();
      await store.close();
      rmSync(directory, { recursive: true, force: true });
    },
  };
}

/** Polls a condition (never a fixed sleep for correctness: a loaded machine is slow). */
export async function eventually<T>(what: string, probe: () => T | undefined | false | Promise<T | undefined | false>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

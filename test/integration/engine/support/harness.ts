import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  ClientOrderId,
  ManualClock,
  Price,
  Quantity,
  type AlertRaised,
  type EngineEvent,
  type OrderRequest,
} from '../../../../src/core';
import { ExecutionEngine, type ExecutionEngineOptions } from '../../../../src/engine/execution-engine';
import { PortfolioService } from '../../../../src/engine/portfolio';
import { openSqliteStore, type SqliteStore } from '../../../../src/store';
import { ACCOUNT, BTC, FakeVenue } from './fake-venue';
import { SimpleRisk } from './simple-risk';

export interface Harness {
  readonly engine: ExecutionEngine;
  readonly venue: FakeVenue;
  readonly clock: ManualClock;
  readonly store: SqliteStore;
  readonly events: EngineEvent[];
  readonly alerts: AlertRaised[];
  readonly directory: string;
  /** Stops the engine and opens a new one on the same journal (a restart). */
  restart(options?: Partial<ExecutionEngineOptions>): Promise<Harness>;
  close(): Promise<void>;
}

export async function createHarness(
  options: {
    venue?: FakeVenue;
    clock?: ManualClock;
    directory?: string;
    engine?: Partial<ExecutionEngineOptions>;
    start?: boolean;
  } = {},
): Promise<Harness> {
  const clock = options.clock ?? new ManualClock();
  const directory = options.directory ?? mkdtempSync(join(tmpdir(), 'tmt-engine-'));
  const venue = options.venue ?? new FakeVenue(clock);
  const store = await openSqliteStore({ path: join(directory, 'journal.db'), clock, checkpoint: 'none' });
  const engine = new ExecutionEngine({
    clock,
    journal: store.journal,
    deadLetters: store.deadLetters,
    venues: [venue],
    portfolio: (hooks) => new PortfolioService({ bus: hooks.bus, clock, instrument: hooks.instrument }),
    risk: (hooks, portfolio) => new SimpleRisk(hooks.bus, clock, portfolio),
    timings: { lookupDelayMs: 100, requestTimeoutMs: 1_000 },
    random: () => 0.5,
    ...options.engine,
  });
  const events: EngineEvent[] = [];
  const alerts: AlertRaised[] = [];
  engine.bus.subscribe('*', (event) => events.push(event));
  engine.bus.subscribe('AlertRaised', (event) => alerts.push(event));
  if (options.start !== false) await engine.start();
  const harness: Harness = {
    engine,
    venue,
    clock,
    store,
    events,
    alerts,
    directory,
    async restart(engineOptions = {}) {
      await engine.stop();
      await store.close();
      return createHarness({ venue, clock, directory, engine: { ...options.engine, ...engineOptions } });
    },
    async close() {
      await engine.stop();
      await store.close();
      rmSync(directory, { recursive: true, force: true });
    },
  };
  return harness;
}

let counter = 0;
export function limitBuy(price = '99.00', quantity = '0.010', id?: string): OrderRequest {
  return {
    clientOrderId: ClientOrderId.parse(id ?? `o-${++counter}`),
    accountId: ACCOUNT,
    instrumentId: BTC,
    side: 'buy',
    type: 'limit',
    quantity: Quantity.parse(quantity),
    price: Price.parse(price),
    timeInForce: 'GTC',
    postOnly: false,
    reduceOnly: false,
  };
}

export function marketOrder(side: 'buy' | 'sell', quantity = '0.010', id?: string): OrderRequest {
  return {
    clientOrderId: ClientOrderId.parse(id ?? `m-${++counter}`),
    accountId: ACCOUNT,
    instrumentId: BTC,
    side,
    type: 'market',
    quantity: Quantity.parse(quantity),
    timeInForce: 'IOC',
    postOnly: false,
    reduceOnly: false,
  };
}

/** Lets queued microtasks and promise chains run (the fake venue answers asynchronously). */
export async function settle(rounds = 20): Promise<void> {
  for (let i = 0; i < rounds; i++) await new Promise((resolve) => setImmediate(resolve));
}

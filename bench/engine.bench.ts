import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ClientOrderId, Money, Price, Quantity, TradeId, type Durability, type OrderRequest } from '../src/core';
import { ExecutionEngine } from '../src/engine/execution-engine';
import { PortfolioService } from '../src/engine/portfolio';
import { SystemClock } from '../src/shared/system-clock';
import { openSqliteStore, type SqliteStore } from '../src/store';
import { ACCOUNT, BTC, FakeVenue } from '../test/integration/engine/support/fake-venue';
import { SimpleRisk } from '../test/integration/engine/support/simple-risk';
import { percentiles, type Benchmark, type BenchResult } from './harness';

/**
 * The engine's hot paths, end to end: risk, order management, the SQLite journal (group commit), dispatch to
 * an in-process venue. Risk is the trading-state gate with no throttle, so that every order counts as
 * accepted (the issue: "run with risk limits set so that orders are accepted").
 */
interface Rig {
  engine: ExecutionEngine;
  venue: FakeVenue;
  store: SqliteStore;
  dispatchedAt: Map<string, bigint>;
  close(): Promise<void>;
}

async function rig(durability: Durability): Promise<Rig> {
  const clock = new SystemClock();
  const directory = mkdtempSync(join(tmpdir(), 'tmt-bench-'));
  const store = await openSqliteStore({ path: join(directory, 'journal.db'), durability, clock, checkpoint: 'background' });
  const venue = new FakeVenue(clock);
  const dispatchedAt = new Map<string, bigint>();
  const submit = venue.submit.bind(venue);
  venue.submit = (submission) => {
    dispatchedAt.set(submission.request.clientOrderId, process.hrtime.bigint());
    return submit(submission);
  };
  const engine = new ExecutionEngine({
    clock,
    journal: store.journal,
    venues: [venue],
    portfolio: (hooks) => new PortfolioService({ bus: hooks.bus, clock, instrument: hooks.instrument }),
    risk: (hooks, portfolio) => new SimpleRisk(hooks.bus, clock, portfolio),
    timings: { reconcileOpenOrdersEveryMs: 3_600_000, reconcilePositionsEveryMs: 3_600_000 },
  });
  await engine.start();
  return {
    engine,
    venue,
    store,
    dispatchedAt,
    async close() {
      await engine.stop();
      await store.close();
      rmSync(directory, { recursive: true, force: true });
    },
  };
}

let sequence = 0;
function restingLimit(): OrderRequest {
  sequence++;
  return {
    clientOrderId: ClientOrderId.parse(`b-${sequence}`),
    accountId: ACCOUNT,
    instrumentId: BTC,
    side: sequence % 2 === 0 ? 'buy' : 'sell',
    type: 'limit',
    quantity: Quantity.parse('0.001'),
    price: Price.parse(sequence % 2 === 0 ? '50.00' : '150.00'),
    timeInForce: 'GTC',
    postOnly: false,
    reduceOnly: false,
  };
}

async function submitLatency(): Promise<BenchResult[]> {
  const r = await rig('process');
  const samples: bigint[] = [];
  for (let i = 0; i < 22_000; i++) {
    const request = restingLimit();
    const start = process.hrtime.bigint();
    const outcome = await r.engine.submit(request, 'bench');
    if (outcome.status !== 'accepted') throw new Error(`order denied: ${outcome.denial.code}`);
    const dispatched = r.dispatchedAt.get(request.clientOrderId);
    if (i >= 2_000 && dispatched !== undefined) samples.push(dispatched - start);
  }
  await r.close();
  const p = percentiles(samples);
  const name = 'engine submit->dispatch';
  return [
    { benchmark: name, metric: 'p50', value: (p.p50 ?? 0) / 1000, unit: 'us', aim: '<= 15 us' },
    { benchmark: name, metric: 'p99', value: (p.p99 ?? 0) / 1000, unit: 'us', aim: '<= 30 us' },
    { benchmark: name, metric: 'p99.9', value: (p['p99.9'] ?? 0) / 1000, unit: 'us', aim: '<= 250 us', notes: `${samples.length} sequential submits, SQLite WAL synchronous=NORMAL, background checkpoint` },
  ];
}

async function sustained(durability: Durability, total: number, batch: number): Promise<number> {
  const r = await rig(durability);
  const start = process.hrtime.bigint();
  let accepted = 0;
  for (let done = 0; done < total; done += batch) {
    const outcomes = await Promise.all(Array.from({ length: batch }, () => r.engine.submit(restingLimit(), 'bench')));
    for (const outcome of outcomes) if (outcome.status === 'accepted' && outcome.order.status === 'accepted') accepted++;
  }
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  await r.close();
  return accepted / seconds;
}

async function fillToPosition(): Promise<BenchResult[]> {
  const r = await rig('process');
  const orders: string[] = [];
  for (let i = 0; i < 200; i++) {
    const request = restingLimit();
    const outcome = await r.engine.submit({ ...request, quantity: Quantity.parse('100.000') }, 'bench');
    orders.push(outcome.order.order.venueClientOrderId as string);
  }
  let positionAt = 0n;
  r.engine.bus.subscribe('PositionChanged', () => {
    positionAt = process.hrtime.bigint();
  });
  const samples: bigint[] = [];
  for (let i = 0; i < 20_000; i++) {
    const venueClientOrderId = orders[i % orders.length] as string;
    const order = r.venue.orders.get(venueClientOrderId)?.report;
    if (order === undefined) continue;
    const fill = {
      accountId: ACCOUNT,
      instrumentId: BTC,
      venueOrderId: order.venueOrderId,
      venueClientOrderId: order.venueClientOrderId as never,
      tradeId: TradeId.of(`f-${i}`),
      side: order.side,
      quantity: Quantity.parse('0.001'),
      price: order.price ?? Price.parse('100.00'),
      commission: Money.zero('USDT'),
      liquidity: 'maker' as const,
      occurredAt: Date.now(),
    };
    const start = process.hrtime.bigint();
    r.venue.push({ kind: 'fill', report: fill });
    if (i >= 1_000 && positionAt >= start) samples.push(positionAt - start);
    if (i % 500 === 0) await new Promise((resolve) => setImmediate(resolve));
  }
  await r.close();
  const p = percentiles(samples);
  return [
    { benchmark: 'engine fill->position+P&L', metric: 'p50', value: (p.p50 ?? 0) / 1000, unit: 'us' },
    { benchmark: 'engine fill->position+P&L', metric: 'p99', value: (p.p99 ?? 0) / 1000, unit: 'us', aim: '<= 5 us', notes: 'venue fill report -> order fill applied -> PositionChanged published' },
  ];
}

async function killSwitch500(): Promise<BenchResult[]> {
  const results: number[] = [];
  for (let round = 0; round < 5; round++) {
    const r = await rig('process');
    await Promise.all(Array.from({ length: 500 }, () => r.engine.submit(restingLimit(), 'bench')));
    let lastCancel = 0n;
    let cancels = 0;
    const cancel = r.venue.cancel.bind(r.venue);
    r.venue.cancel = (request) => {
      cancels++;
      lastCancel = process.hrtime.bigint();
      return cancel(request);
    };
    const start = process.hrtime.bigint();
    await r.engine.killSwitch({ flatten: false }, 'bench');
    if (cancels < 500) throw new Error(`only ${cancels} cancels dispatched`);
    results.push(Number(lastCancel - start) / 1e6);
    await r.close();
  }
  results.sort((a, b) => a - b);
  return [{ benchmark: 'engine kill switch', metric: '500 cancels dispatched (median of 5)', value: results[2] ?? Number.NaN, unit: 'ms', aim: '<= 10 ms' }];
}

export const benchmarks: Benchmark[] = [
  { name: 'engine submit->dispatch', run: submitLatency },
  {
    name: 'engine sustained',
    async run() {
      const rate = await sustained('process', 60_000, 1_000);
      return [{ benchmark: 'engine sustained', metric: 'accepted orders/s', value: Math.round(rate), unit: 'orders/s', aim: '>= 50,000', notes: 'batches of 1,000 concurrent submits, journal synchronous=NORMAL' }];
    },
  },
  { name: 'engine fill->position', run: fillToPosition },
  { name: 'engine kill switch', run: killSwitch500 },
  {
    name: 'engine durable fsync',
    async run() {
      const rate = await sustained('power', 20_000, 1_000);
      return [{ benchmark: 'engine durable fsync', metric: 'accepted orders/s', value: Math.round(rate), unit: 'orders/s', notes: 'journal synchronous=FULL, one fsync per group commit' }];
    },
  },
];

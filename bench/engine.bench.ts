import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  AccountId,
  ClientOrderId,
  InstrumentId,
  Money,
  Price,
  Quantity,
  TradeId,
  type CancelRequest,
  type Durability,
  type OrderRequest,
  type VenueClient,
  type VenueOrderSubmission,
} from '../src/core';
import { ExecutionEngine, standardRiskAndPortfolio } from '../src/engine';
import { SystemClock } from '../src/shared/system-clock';
import { createPaperVenue } from '../src/simulators/paper';
import { openSqliteStore, type SqliteStore } from '../src/store';
import { ACCOUNT, BTC, FakeVenue } from '../test/integration/engine/support/fake-venue';
import { percentiles, type Benchmark, type BenchResult } from './harness';

/**
 * The engine's hot paths, end to end, each through `engine.submit`: the risk engine (throttles raised so
 * that every order is accepted, as the issue asks), order management, the SQLite journal (group commit,
 * durability 'process': WAL synchronous=NORMAL, the submit's record committed before dispatch) and dispatch
 * to the in-process paper venue (no store of its own here: the venue's durable path is timed by the HTTP
 * bench and engine-signed.bench.ts times a real adapter's request encoding, Binance signing). Fill ->
 * position uses a scripted venue that pushes a fill report at a chosen instant: the figure is the engine's
 * report handling, order fill, position and P&L update, and the PositionChanged publish.
 */
const PAPER_ACCOUNT = AccountId.parse('paper-fx');
const EURUSD = InstrumentId.parse('EUR_USD.PAPER');
const LIMITS = { global: { submitRatePerSecond: 100_000_000, modifyRatePerSecond: 100_000_000 } };

interface Rig {
  engine: ExecutionEngine;
  venue: VenueClient;
  fake: FakeVenue | undefined;
  store: SqliteStore;
  dispatchedAt: Map<string, bigint>;
  close(): Promise<void>;
}

async function rig(durability: Durability, kind: 'paper' | 'scripted' = 'paper'): Promise<Rig> {
  const clock = new SystemClock();
  const directory = mkdtempSync(join(tmpdir(), 'tmt-bench-'));
  const store = await openSqliteStore({
    path: join(directory, 'journal.db'),
    durability,
    clock,
    checkpoint: 'background',
  });
  const fake = kind === 'scripted' ? new FakeVenue(clock) : undefined;
  const venue: VenueClient = fake ?? createPaperVenue({ clock, seed: 3 });
  const dispatchedAt = new Map<string, bigint>();
  const submit = venue.submit.bind(venue);
  (venue as { submit: (s: VenueOrderSubmission) => ReturnType<VenueClient['submit']> }).submit = (
    submission,
  ) => {
    dispatchedAt.set(submission.request.clientOrderId, process.hrtime.bigint());
    return submit(submission);
  };
  const engine = new ExecutionEngine({
    clock,
    journal: store.journal,
    venues: [venue],
    ...standardRiskAndPortfolio(LIMITS),
    timings: { reconcileOpenOrdersEveryMs: 3_600_000, reconcilePositionsEveryMs: 3_600_000 },
  });
  await engine.start();
  const instrumentId = fake === undefined ? EURUSD : BTC;
  while (!engine.quotes().some((q) => q.instrumentId === instrumentId)) {
    if (fake !== undefined) fake.quote('99.00', '101.00');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  return {
    engine,
    venue,
    fake,
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
/** A 1-unit EUR_USD limit far from the market: it rests, so every order is a real accepted venue order. */
function restingLimit(): OrderRequest {
  sequence++;
  return {
    clientOrderId: ClientOrderId.parse(`b-${sequence}`),
    accountId: PAPER_ACCOUNT,
    instrumentId: EURUSD,
    side: sequence % 2 === 0 ? 'buy' : 'sell',
    type: 'limit',
    quantity: Quantity.parse('1'),
    price: Price.parse(sequence % 2 === 0 ? '0.90000' : '1.30000'),
    timeInForce: 'GTC',
    postOnly: false,
    reduceOnly: false,
  };
}

function scriptedLimit(): OrderRequest {
  sequence++;
  return {
    ...restingLimit(),
    clientOrderId: ClientOrderId.parse(`s-${sequence}`),
    accountId: ACCOUNT,
    instrumentId: BTC,
    quantity: Quantity.parse('100.000'),
    price: Price.parse('50.00'),
    side: 'buy',
  };
}

async function submitLatency(): Promise<BenchResult[]> {
  const r = await rig('process');
  const samples: bigint[] = [];
  for (let i = 0; i < 12_000; i++) {
    const request = restingLimit();
    const start = process.hrtime.bigint();
    const outcome = await r.engine.submit(request, 'bench');
    if (outcome.status !== 'accepted')
      throw new Error(`order denied: ${outcome.denial.code} ${outcome.denial.reason}`);
    const dispatched = r.dispatchedAt.get(request.clientOrderId);
    if (i >= 2_000 && dispatched !== undefined) samples.push(dispatched - start);
    // Untimed: keep the book small, so the figure is the submit path, not a growing open-order scan.
    await r.engine.cancel(request.clientOrderId, 'bench');
  }
  await r.close();
  const p = percentiles(samples);
  const name = 'engine submit->dispatch';
  return [
    { benchmark: name, metric: 'p50', value: (p.p50 ?? 0) / 1000, unit: 'us', aim: '<= 15 us' },
    { benchmark: name, metric: 'p99', value: (p.p99 ?? 0) / 1000, unit: 'us', aim: '<= 50 us' },
    {
      benchmark: name,
      metric: 'p99.9',
      value: (p['p99.9'] ?? 0) / 1000,
      unit: 'us',
      aim: '<= 500 us',
      notes: `${samples.length} sequential submits to the in-process paper venue, RiskEngine, SQLite WAL synchronous=NORMAL, background checkpoint`,
    },
  ];
}

/**
 * Orders per wall-clock second, and per second of this process's CPU time: the machines here run about eight
 * engineers' jobs on two cores, so the wall-clock figure mostly measures the scheduler; CPU time does not.
 */
async function sustained(
  durability: Durability,
  total: number,
  batch: number,
  kind: 'paper' | 'scripted' = 'paper',
): Promise<{ wall: number; cpu: number }> {
  const r = await rig(durability, kind);
  const next = kind === 'paper' ? restingLimit : scriptedLimit;
  let elapsed = 0n;
  let cpuMicros = 0;
  let accepted = 0;
  for (let done = 0; done < total; done += batch) {
    const start = process.hrtime.bigint();
    const cpuStart = process.cpuUsage();
    const outcomes = await Promise.all(Array.from({ length: batch }, () => r.engine.submit(next(), 'bench')));
    const cpu = process.cpuUsage(cpuStart);
    cpuMicros += cpu.user + cpu.system;
    elapsed += process.hrtime.bigint() - start;
    await r.engine.cancelAll({}, 'bench');
    for (const outcome of outcomes) {
      if (outcome.status === 'accepted' && outcome.order.status === 'accepted') accepted++;
      else if (done === 0)
        throw new Error(
          `not accepted: ${outcome.status === 'denied' ? outcome.denial.reason : outcome.order.status}`,
        );
    }
  }
  const seconds = Number(elapsed) / 1e9;
  await r.close();
  return { wall: accepted / seconds, cpu: accepted / (cpuMicros / 1e6) };
}

async function fillToPosition(): Promise<BenchResult[]> {
  const r = await rig('process', 'scripted');
  const fake = r.fake as FakeVenue;
  const orders: string[] = [];
  for (let i = 0; i < 200; i++) {
    const outcome = await r.engine.submit(scriptedLimit(), 'bench');
    if (outcome.status !== 'accepted')
      throw new Error(`denied: ${outcome.denial.code} ${outcome.denial.reason}`);
    orders.push(outcome.order.order.venueClientOrderId as string);
  }
  let positionAt = 0n;
  r.engine.bus.subscribe('PositionChanged', () => {
    positionAt = process.hrtime.bigint();
  });
  const samples: bigint[] = [];
  for (let i = 0; i < 20_000; i++) {
    const venueClientOrderId = orders[i % orders.length] as string;
    const order = fake.orders.get(venueClientOrderId)?.report;
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
    fake.push({ kind: 'fill', report: fill });
    if (i >= 1_000 && positionAt >= start) samples.push(positionAt - start);
    if (i % 500 === 0) await new Promise((resolve) => setImmediate(resolve));
  }
  await r.close();
  const p = percentiles(samples);
  return [
    { benchmark: 'engine fill->position+P&L', metric: 'p50', value: (p.p50 ?? 0) / 1000, unit: 'us' },
    {
      benchmark: 'engine fill->position+P&L',
      metric: 'p99',
      value: (p.p99 ?? 0) / 1000,
      unit: 'us',
      aim: '<= 10 us',
      notes: 'venue fill report -> order fill applied -> PositionChanged published',
    },
  ];
}

async function killSwitch500(kind: 'paper' | 'scripted'): Promise<BenchResult[]> {
  const results: number[] = [];
  for (let round = 0; round < 5; round++) {
    const r = await rig('process', kind);
    await Promise.all(
      Array.from({ length: 500 }, () =>
        r.engine.submit(kind === 'paper' ? restingLimit() : scriptedLimit(), 'bench'),
      ),
    );
    let lastCancel = 0n;
    let cancels = 0;
    const cancel = r.venue.cancel.bind(r.venue);
    (r.venue as { cancel: (c: CancelRequest) => ReturnType<VenueClient['cancel']> }).cancel = (request) => {
      cancels++;
      lastCancel = process.hrtime.bigint();
      return cancel(request);
    };
    // The paper venue cancels in batches (one command per instrument): count the orders each batch ended.
    const batch = r.venue.cancelAllOrders?.bind(r.venue);
    if (batch !== undefined)
      (r.venue as { cancelAllOrders: typeof batch }).cancelAllOrders = async (accountId, instrumentId) => {
        const ended = await batch(accountId, instrumentId);
        cancels += ended.length;
        lastCancel = process.hrtime.bigint();
        return ended;
      };
    const start = process.hrtime.bigint();
    await r.engine.killSwitch({ flatten: false }, 'bench');
    if (cancels < 500) throw new Error(`only ${cancels} cancels dispatched`);
    results.push(Number(lastCancel - start) / 1e6);
    await r.close();
  }
  results.sort((a, b) => a - b);
  return [
    {
      benchmark: `engine kill switch (${kind} venue)`,
      metric: '500 orders canceled at the venue (median of 5)',
      value: results[2] ?? Number.NaN,
      unit: 'ms',
      aim: '<= 10 ms',
    },
  ];
}

export const benchmarks: Benchmark[] = [
  { name: 'engine submit->dispatch', run: submitLatency },
  {
    name: 'engine sustained',
    async run() {
      const rate = await sustained('process', 30_000, 1_000);
      const notes =
        'batches of 1,000 concurrent submits (timed), each batch then canceled (untimed), journal synchronous=NORMAL';
      return [
        {
          benchmark: 'engine sustained',
          metric: 'accepted orders per wall second',
          value: Math.round(rate.wall),
          unit: 'orders/s',
          aim: '>= 30,000',
          notes,
        },
        {
          benchmark: 'engine sustained',
          metric: 'accepted orders per CPU second',
          value: Math.round(rate.cpu),
          unit: 'orders/s',
          aim: '>= 30,000',
          notes,
        },
      ];
    },
  },
  { name: 'engine fill->position', run: fillToPosition },
  { name: 'engine kill switch', run: () => killSwitch500('paper') },
  { name: 'engine kill switch scripted', run: () => killSwitch500('scripted') },
  {
    name: 'engine sustained scripted',
    async run() {
      const rate = await sustained('process', 30_000, 1_000, 'scripted');
      const notes = 'as above with a venue that answers at once: the engine path alone';
      return [
        {
          benchmark: 'engine sustained (scripted venue)',
          metric: 'accepted orders per wall second',
          value: Math.round(rate.wall),
          unit: 'orders/s',
          notes,
        },
        {
          benchmark: 'engine sustained (scripted venue)',
          metric: 'accepted orders per CPU second',
          value: Math.round(rate.cpu),
          unit: 'orders/s',
          notes,
        },
      ];
    },
  },
  {
    name: 'engine durable fsync',
    async run() {
      const rate = await sustained('power', 10_000, 1_000);
      return [
        {
          benchmark: 'engine durable fsync',
          metric: 'accepted orders per wall second',
          value: Math.round(rate.wall),
          unit: 'orders/s',
          notes: 'journal synchronous=FULL, one fsync per group commit (fsync waits are not CPU time)',
        },
      ];
    },
  },
];

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { join } from 'node:path';

import { Decimal, encodeExact, type JournalEntryInput } from '../src/core';
import { openSqliteStore, type CheckpointStrategy, type SqliteStore } from '../src/store';
import { openPostgresStore } from '../src/store/postgres';
import { percentiles, type Benchmark, type BenchResult } from './harness';

/**
 * The SQLite journal. A realistic record: a submit command as the engine journals it (~300 bytes).
 * Single-row latency is measured on appendSync (the engine's fast path) with each checkpoint strategy, so the
 * p99.9 shows what SQLite's auto-checkpoint costs the append path and what the background checkpointer saves.
 * Files live in the OS temp directory (a real disk here: ext4, so fsync costs what it costs).
 */
const SINGLE_ROWS = 100_000;
const BATCH_SIZE = 100;
const BATCHES = 2_000;
const POWER_WRITERS = 64;
const POWER_APPENDS_PER_WRITER = 100;

let counter = 0;
function record(): JournalEntryInput {
  counter += 1;
  return {
    type: 'CommandSubmitOrder',
    stream: 'acc-1',
    payload: encodeExact({
      clientOrderId: `O-20260105-${counter}`,
      accountId: 'acc-1',
      instrumentId: 'EUR_USD.OANDA',
      side: 'BUY',
      type: 'LIMIT',
      quantity: Decimal.parse('12500'),
      price: Decimal.parse('1.08345'),
      timeInForce: 'GTC',
      tag: 'mean-reversion-v2',
      postOnly: false,
      reduceOnly: false,
    }),
    recordedAt: 1_767_614_400_000 + counter,
  };
}

async function withStore<T>(
  options: {
    durability: 'process' | 'power';
    checkpoint: CheckpointStrategy;
    powerSync?: 'async-fsync' | 'full';
  },
  body: (store: SqliteStore) => Promise<T>,
): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), 'tmt-store-bench-'));
  const store = await openSqliteStore({ path: join(dir, 'journal.db'), ...options });
  try {
    return await body(store);
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * The three checkpoint strategies side by side, one append to each in turn, so that whatever else the
 * machine is doing (2 shared cores here) lands on all three alike and the difference left is the strategy's.
 */
async function singleRow(): Promise<BenchResult[]> {
  const strategies: readonly CheckpointStrategy[] = ['background', 'sqlite-auto', 'none'];
  const dir = mkdtempSync(join(tmpdir(), 'tmt-store-bench-'));
  const stores = await Promise.all(
    strategies.map((checkpoint) =>
      openSqliteStore({ path: join(dir, `${checkpoint}.db`), durability: 'process', checkpoint }),
    ),
  );
  try {
    const samples = strategies.map(() => new Float64Array(SINGLE_ROWS));
    const inputs = Array.from({ length: 1_000 }, () => [record()]);
    for (let i = 0; i < 2_000; i++)
      for (const store of stores) store.journal.appendSync(inputs[i % inputs.length] ?? []);
    const elapsed = strategies.map(() => 0);
    for (let i = 0; i < SINGLE_ROWS; i++) {
      const input = inputs[i % inputs.length] ?? [];
      stores.forEach((store, k) => {
        const before = process.hrtime.bigint();
        store.journal.appendSync(input);
        const took = Number(process.hrtime.bigint() - before);
        (samples[k] as Float64Array)[i] = took;
        elapsed[k] = (elapsed[k] ?? 0) + took;
      });
    }
    return strategies.flatMap((checkpoint, k) => {
      const taken = [...(samples[k] ?? [])];
      const p = percentiles(taken, [50, 99, 99.9, 100]);
      const name = `store.sqlite.single-row.${checkpoint}`;
      const notes = `durability process (synchronous=NORMAL), checkpoint ${checkpoint}, ${SINGLE_ROWS} appends interleaved with the other strategies`;
      return [
        {
          benchmark: name,
          metric: 'commits per second',
          value: Math.round(SINGLE_ROWS / ((elapsed[k] ?? 1) / 1e9)),
          unit: 'commits/s',
          notes,
        },
        { benchmark: name, metric: 'append p50', value: (p.p50 ?? 0) / 1000, unit: 'µs' },
        { benchmark: name, metric: 'append p99', value: (p.p99 ?? 0) / 1000, unit: 'µs' },
        {
          benchmark: name,
          metric: 'append p99.9',
          value: (p['p99.9'] ?? 0) / 1000,
          unit: 'µs',
          aim: 'checkpoint stall out of the append path',
        },
        { benchmark: name, metric: 'append max', value: (p.p100 ?? 0) / 1000, unit: 'µs' },
        {
          benchmark: name,
          metric: 'appends over 1 ms',
          value: taken.filter((ns) => ns > 1e6).length,
          unit: 'appends',
        },
      ];
    });
  } finally {
    for (const store of stores) await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function batched(): Promise<BenchResult[]> {
  return withStore({ durability: 'process', checkpoint: 'background' }, async (store) => {
    const batch = Array.from({ length: BATCH_SIZE }, () => record());
    store.journal.appendSync(batch);
    const start = process.hrtime.bigint();
    for (let i = 0; i < BATCHES; i++) store.journal.appendSync(batch);
    const seconds = Number(process.hrtime.bigint() - start) / 1e9;
    return [
      {
        benchmark: 'store.sqlite.batched',
        metric: 'rows per second',
        value: Math.round((BATCHES * BATCH_SIZE) / seconds),
        unit: 'rows/s',
        notes: `${BATCH_SIZE} rows per append, durability process`,
      },
    ];
  });
}

/** POWER_WRITERS callers each append one record at a time, awaiting each: group commit merges them. */
async function groupCommit(writers: number, powerSync: 'async-fsync' | 'full'): Promise<BenchResult[]> {
  return withStore({ durability: 'power', checkpoint: 'background', powerSync }, async (store) => {
    const latencies: number[] = [];
    const writer = async (): Promise<void> => {
      for (let i = 0; i < POWER_APPENDS_PER_WRITER; i++) {
        const before = process.hrtime.bigint();
        await store.journal.append([record()]);
        latencies.push(Number(process.hrtime.bigint() - before));
      }
    };
    const transactionsBefore = store.journal.transactionCount;
    const fsyncsBefore = store.journal.fsyncCount ?? transactionsBefore;
    // How long the event loop is held: with 'full' every group's fsync runs on it.
    const loopDelay = monitorEventLoopDelay({ resolution: 1 });
    loopDelay.enable();
    const start = process.hrtime.bigint();
    await Promise.all(Array.from({ length: writers }, writer));
    const seconds = Number(process.hrtime.bigint() - start) / 1e9;
    loopDelay.disable();
    const transactions = store.journal.transactionCount - transactionsBefore;
    const fsyncs = (store.journal.fsyncCount ?? store.journal.transactionCount) - fsyncsBefore;
    const total = writers * POWER_APPENDS_PER_WRITER;
    const p = percentiles(latencies, [50, 99]);
    const name = `store.sqlite.power-${powerSync}.${writers}-writers`;
    return [
      {
        benchmark: name,
        metric: 'appends per second',
        value: Math.round(total / seconds),
        unit: 'appends/s',
        notes: `durability power, ${powerSync === 'full' ? 'synchronous=FULL (fsync in COMMIT)' : 'WAL fsync on the thread pool'}, ${writers} concurrent writers`,
      },
      {
        benchmark: name,
        metric: 'transactions per second',
        value: Math.round(transactions / seconds),
        unit: 'tx/s',
      },
      // 'full' fsyncs once per transaction; async-fsync once per group of transactions.
      { benchmark: name, metric: 'fsyncs per second', value: Math.round(fsyncs / seconds), unit: 'fsync/s' },
      { benchmark: name, metric: 'appends per fsync', value: total / Math.max(1, fsyncs), unit: 'appends' },
      { benchmark: name, metric: 'append p50', value: (p.p50 ?? 0) / 1000, unit: 'µs' },
      { benchmark: name, metric: 'append p99', value: (p.p99 ?? 0) / 1000, unit: 'µs' },
      { benchmark: name, metric: 'event loop delay p99', value: loopDelay.percentile(99) / 1000, unit: 'µs' },
      { benchmark: name, metric: 'event loop delay max', value: loopDelay.max / 1000, unit: 'µs' },
    ];
  });
}

/** The same group-commit load on PostgreSQL (127.0.0.1, the test database), when it is running. */
async function postgresGroupCommit(durability: 'process' | 'power'): Promise<BenchResult[]> {
  const name = `store.postgres.${durability}.${POWER_WRITERS}-writers`;
  const schema = `tmt_bench_${process.pid}`;
  const connectionString = 'postgres://postgres@127.0.0.1:5432/test';
  let store;
  try {
    store = await openPostgresStore({ connectionString, schema, durability });
  } catch (error) {
    return [
      {
        benchmark: name,
        metric: 'skipped',
        value: 0,
        unit: '',
        notes: `PostgreSQL not reachable: ${String(error)}`,
      },
    ];
  }
  try {
    const journal = store.journal;
    const latencies: number[] = [];
    const writer = async (): Promise<void> => {
      for (let i = 0; i < POWER_APPENDS_PER_WRITER; i++) {
        const before = process.hrtime.bigint();
        await journal.append([record()]);
        latencies.push(Number(process.hrtime.bigint() - before));
      }
    };
    const start = process.hrtime.bigint();
    await Promise.all(Array.from({ length: POWER_WRITERS }, writer));
    const seconds = Number(process.hrtime.bigint() - start) / 1e9;
    const p = percentiles(latencies, [50, 99]);
    const notes = `synchronous_commit ${durability === 'power' ? 'on' : 'off'}, ${POWER_WRITERS} concurrent writers over loopback`;
    return [
      {
        benchmark: name,
        metric: 'appends per second',
        value: Math.round((POWER_WRITERS * POWER_APPENDS_PER_WRITER) / seconds),
        unit: 'appends/s',
        notes,
      },
      { benchmark: name, metric: 'append p50', value: (p.p50 ?? 0) / 1000, unit: 'µs' },
      { benchmark: name, metric: 'append p99', value: (p.p99 ?? 0) / 1000, unit: 'µs' },
    ];
  } finally {
    await store.close();
    const { default: pg } = await import('pg');
    const client = new pg.Client({ connectionString });
    await client.connect();
    await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await client.end();
  }
}

export const benchmarks: Benchmark[] = [
  // 'none' is the control: no checkpoint during the run, so what it shows at the p99.9 is the machine.
  { name: 'store.sqlite.single-row', run: singleRow },
  { name: 'store.sqlite.batched', run: batched },
  { name: 'store.sqlite.power-async-fsync.1-writer', run: () => groupCommit(1, 'async-fsync') },
  { name: 'store.sqlite.power-full.1-writer', run: () => groupCommit(1, 'full') },
  { name: 'store.sqlite.power-async-fsync.64-writers', run: () => groupCommit(POWER_WRITERS, 'async-fsync') },
  { name: 'store.sqlite.power-full.64-writers', run: () => groupCommit(POWER_WRITERS, 'full') },
  { name: 'store.postgres.power.64-writers', run: () => postgresGroupCommit('power') },
  { name: 'store.postgres.process.64-writers', run: () => postgresGroupCommit('process') },
];

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import Fastify from 'fastify';
import { Pool } from 'undici';

import { validate } from '../src/api/schemas/validate';
import { orderBodySchema, toOrderRequest } from '../src/api/schemas/order-schema';
import { startService } from '../src/app/start-service';
import { silentLogger } from '../src/shared/logger';
import { percentiles, type Benchmark, type BenchResult } from './harness';

const CONNECTIONS = 10;
const WARMUP_MS = 1_500;
const MEASURE_MS = 3_000;
const ROUNDS = 3;

interface LoadResult {
  readonly requests: number;
  readonly perSecond: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly errors: number;
}

/**
 * Keeps CONNECTIONS requests in flight (one per connection, no pipelining) for a fixed time and records
 * each request's latency. Body i is built by `body(i)` so every order has its own client order id.
 */
async function load(
  url: string,
  path: string,
  token: string,
  body: (i: number) => string,
  durationMs: number,
): Promise<LoadResult> {
  const pool = new Pool(url, { connections: CONNECTIONS, pipelining: 1 });
  const samples: bigint[] = [];
  let sent = 0;
  let errors = 0;
  const deadline = Date.now() + durationMs;
  const worker = async () => {
    while (Date.now() < deadline) {
      const i = sent++;
      const started = process.hrtime.bigint();
      const response = await pool.request({
        method: 'POST',
        path,
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: body(i),
      });
      await response.body.dump();
      samples.push(process.hrtime.bigint() - started);
      if (response.statusCode !== 201) errors++;
    }
  };
  const started = process.hrtime.bigint();
  await Promise.all(Array.from({ length: CONNECTIONS }, worker));
  const elapsedNs = Number(process.hrtime.bigint() - started);
  await pool.close();
  const p = percentiles(samples, [50, 99]);
  return {
    requests: samples.length,
    perSecond: (samples.length / elapsedNs) * 1e9,
    p50Ms: (p.p50 ?? 0) / 1e6,
    p99Ms: (p.p99 ?? 0) / 1e6,
    errors,
  };
}

/**
 * The same submissions straight into engine.submit, 10 at a time, for the same duration: what the engine
 * (risk, journal, paper venue) costs without HTTP, so the API's own share can be read off.
 */
async function inProcess(submit: (i: number) => Promise<unknown>, durationMs: number): Promise<LoadResult> {
  const samples: bigint[] = [];
  let sent = 0;
  const deadline = Date.now() + durationMs;
  const worker = async () => {
    while (Date.now() < deadline) {
      const i = sent++;
      const started = process.hrtime.bigint();
      await submit(i);
      samples.push(process.hrtime.bigint() - started);
      // Yield like a socket would, so venue work scheduled by the engine interleaves as it does over HTTP.
      await new Promise((resolve) => setImmediate(resolve));
    }
  };
  const started = process.hrtime.bigint();
  await Promise.all(Array.from({ length: CONNECTIONS }, worker));
  const elapsedNs = Number(process.hrtime.bigint() - started);
  const p = percentiles(samples, [50, 99]);
  return {
    requests: samples.length,
    perSecond: (samples.length / elapsedNs) * 1e9,
    p50Ms: (p.p50 ?? 0) / 1e6,
    p99Ms: (p.p99 ?? 0) / 1e6,
    errors: 0,
  };
}

/** The round with the median rate (its p99 goes with it). */
function median(results: readonly LoadResult[]): LoadResult {
  const sorted = [...results].sort((a, b) => a.perSecond - b.perSecond);
  return sorted[Math.floor(sorted.length / 2)] as LoadResult;
}

/** Market orders alternating buy and sell, so the position stays small however long the run. */
const orderBody = (prefix: string) => (i: number) =>
  JSON.stringify({
    clientOrderId: `${prefix}-${i}`,
    accountId: 'paper-fx',
    instrumentId: 'EUR_USD.PAPER',
    side: i % 2 === 0 ? 'buy' : 'sell',
    type: 'market',
    quantity: '1000',
  });

async function bareFastify(): Promise<{ url: string; close: () => Promise<void> }> {
  const app = Fastify({ logger: false, bodyLimit: 64 * 1024 });
  app.post('/api/v1/orders', async (request, reply) => {
    const order = toOrderRequest(validate(orderBodySchema, request.body, 'body'));
    return reply
      .status(201)
      .send({ status: 'accepted', order: { clientOrderId: order.clientOrderId, quantity: order.quantity } });
  });
  const url = await app.listen({ host: '127.0.0.1', port: 0 });
  return { url, close: () => app.close() };
}

async function tmtService(directory: string) {
  const path = join(directory, 'tmt.yaml');
  writeFileSync(
    path,
    `accounts:
  - {id: paper-fx, venue: paper, environment: paper, instruments: [EUR_USD], startingBalance: "100000000"}
risk:
  global: {submitRatePerSecond: 1000000, maxOpenOrders: null}
api: {port: 0, rateLimitPerSecond: 1000000, dashboard: false}
store: {dataDir: ./data}
logging: {level: silent}
`,
  );
  return startService({ path, env: {} }, { logger: silentLogger(), processMetrics: false });
}

export const benchmarks: Benchmark[] = [
  {
    name: 'http-order-submit',
    async run(): Promise<readonly BenchResult[]> {
      const directory = mkdtempSync(join(tmpdir(), 'tmt-bench-http-'));
      const bare = await bareFastify();
      const service = await tmtService(directory);
      const token = service.bootstrapAdminToken ?? '';
      try {
        await load(bare.url, '/api/v1/orders', token, orderBody('warm-bare'), WARMUP_MS);
        await load(service.url, '/api/v1/orders', token, orderBody('warm-tmt'), WARMUP_MS);
        const rounds: { bare: LoadResult; tmt: LoadResult; engine: LoadResult }[] = [];
        // Interleaved rounds, medians reported: the machine is shared, and a burst of someone else's work
        // should not land on one side of the comparison only.
        for (let round = 0; round < ROUNDS; round++) {
          rounds.push({
            bare: await load(bare.url, '/api/v1/orders', token, orderBody(`bare-${round}`), MEASURE_MS),
            tmt: await load(service.url, '/api/v1/orders', token, orderBody(`tmt-${round}`), MEASURE_MS),
            engine: await inProcess(
              (i) =>
                service.app.engine.submit(
                  toOrderRequest(
                    validate(orderBodySchema, JSON.parse(orderBody(`direct-${round}`)(i)), 'body'),
                  ),
                  'bench',
                ),
              MEASURE_MS,
            ),
          });
        }
        const bareResult = median(rounds.map((r) => r.bare));
        const tmtResult = median(rounds.map((r) => r.tmt));
        const engineResult = median(rounds.map((r) => r.engine));
        const notes = `10 connections (undici Pool), median of ${ROUNDS} interleaved rounds of ${MEASURE_MS / 1000}s; TMT: bearer auth, zod validation, risk, OMS, the journal commit (SQLite, durability process) with the order's audit entry in the same transaction, the paper venue's fill with its own store written inside the same group commit, the JSON answer`;
        return [
          {
            benchmark: 'http-order-submit',
            metric: 'bare fastify + same validation',
            value: Math.round(bareResult.perSecond),
            unit: 'req/s',
            notes: `p50 ${bareResult.p50Ms.toFixed(3)} ms, p99 ${bareResult.p99Ms.toFixed(3)} ms, errors ${bareResult.errors}`,
          },
          {
            benchmark: 'http-order-submit',
            metric: 'TMT validated order submissions',
            value: Math.round(tmtResult.perSecond),
            unit: 'req/s',
            notes: `p50 ${tmtResult.p50Ms.toFixed(3)} ms, p99 ${tmtResult.p99Ms.toFixed(3)} ms, errors ${tmtResult.errors}`,
          },
          {
            benchmark: 'http-order-submit',
            metric: 'TMT p99',
            value: Number(tmtResult.p99Ms.toFixed(3)),
            unit: 'ms',
            aim: '<= 5 ms',
          },
          {
            benchmark: 'http-order-submit',
            metric: 'engine.submit in-process (no HTTP), 10 concurrent',
            value: Math.round(engineResult.perSecond),
            unit: 'orders/s',
            notes: `p50 ${engineResult.p50Ms.toFixed(3)} ms, p99 ${engineResult.p99Ms.toFixed(3)} ms`,
          },
          {
            benchmark: 'http-order-submit',
            metric: 'ratio TMT over HTTP / engine in-process',
            value: Number((tmtResult.perSecond / engineResult.perSecond).toFixed(3)),
            unit: 'ratio',
            notes: 'the API layer share: 1.0 means HTTP, auth, validation and audit cost nothing',
          },
          {
            benchmark: 'http-order-submit',
            metric: 'ratio TMT / bare',
            value: Number((tmtResult.perSecond / bareResult.perSecond).toFixed(3)),
            unit: 'ratio',
            aim: '>= 0.5',
            notes,
          },
        ];
      } finally {
        await service.app.close();
        await bare.close();
        rmSync(directory, { recursive: true, force: true });
      }
    },
  },
];

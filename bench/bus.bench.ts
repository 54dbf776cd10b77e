/**
 * The event bus across processes (issue 10). Private brokers on loopback (a redis-server with AOF fsynced
 * every second, the common production setting; a nats-server -js with a file store), never the machine's
 * shared ones. Each figure has a peer measured in the same run, so that a loaded machine reads as a ratio:
 * - events published per second through TMT's channel (envelope encoding, XADD MINID / JetStream PubAck),
 *   against the raw client publishing the same bytes with the same batching;
 * - a signal over the bus to signed order bytes: an agent publishes a signal on `{prefix}:signals`, the
 *   engine's group consumer takes it and submits through the real engine (risk, OMS, SQLite journal) to the
 *   Binance adapter; the clock stops when the signed POST /api/v3/order path is built. The orchestrator's
 *   pipeline stages are not in this path (they are timed in orchestrator.bench.ts);
 * - a shared rate-limit check (the budget script) p99, against a plain PING round trip.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { jetstream } from '@nats-io/jetstream';

import { NatsBroker } from '../src/bus/nats/nats-broker';
import { RedisBroker } from '../src/bus/redis/redis-broker';
import { RedisRateBudget } from '../src/bus/redis/redis-rate-budget';
import { toFields, toJsonBytes } from '../src/bus/envelope';
import {
  AccountId,
  ClientOrderId,
  InstrumentId,
  Price,
  Quantity,
  type Broker,
  type BusEnvelope,
  type OrderRequest,
} from '../src/core';
import { ExecutionEngine, standardRiskAndPortfolio } from '../src/engine';
import { silentLogger } from '../src/shared/logger';
import { SystemClock } from '../src/shared/system-clock';
import { startBinanceSimulator } from '../src/simulators/binance/server';
import { openSqliteStore } from '../src/store';
import { createBinanceVenue } from '../src/venues/binance';
import { BinanceRestClient, type RestCall } from '../src/venues/binance/http/rest-client';
import { startNats, startRedis, uniquePrefix } from '../test/integration/bus/servers';
import { percentiles, type Benchmark, type BenchResult } from './harness';

const EVENTS = 100_000;
const BATCH = 1_000;
const BODY = JSON.stringify({
  type: 'OrderFilled',
  accountId: 'acc-1',
  clientOrderId: 'o-1',
  lastQuantity: { $d: '0.01000' },
  lastPrice: { $d: '60000.00' },
});

function envelopes(count: number, from: number): BusEnvelope[] {
  return Array.from({ length: count }, (_, i) => ({
    v: 1,
    origin: 'engine-1',
    seq: from + i,
    type: 'OrderFilled',
    stream: 'acc-1',
    at: 1_700_000_000_000,
    body: BODY,
  }));
}

async function rate(total: number, send: (from: number) => Promise<void>): Promise<number> {
  for (let from = 1; from <= 10 * BATCH; from += BATCH) await send(from); // warm-up
  const start = process.hrtime.bigint();
  for (let from = 1; from <= total; from += BATCH) await send(from);
  return (total / Number(process.hrtime.bigint() - start)) * 1e9;
}

async function redisEvents(): Promise<BenchResult[]> {
  const server = await startRedis({ appendfsync: 'everysec' });
  const broker = await RedisBroker.connect({ url: server.url, prefix: uniquePrefix() });
  try {
    const ours = await rate(EVENTS, (from) => broker.events.publish(envelopes(BATCH, from)));
    const raw = await rate(EVENTS, async (from) => {
      const pipeline = broker.redis.pipeline();
      for (const envelope of envelopes(BATCH, from)) pipeline.xadd('raw:events', '*', ...toFields(envelope));
      await pipeline.exec();
    });
    return [
      {
        benchmark: 'bus-events-redis',
        metric: 'events/s',
        value: Math.round(ours),
        unit: 'events/s',
        aim: '>= 50,000/s pipelined',
        notes: `batches of ${BATCH}, XADD MINID ~`,
      },
      {
        benchmark: 'bus-events-redis',
        metric: 'peer raw ioredis XADD pipeline',
        value: Math.round(raw),
        unit: 'events/s',
      },
      {
        benchmark: 'bus-events-redis',
        metric: 'ratio ours/peer',
        value: Number((ours / raw).toFixed(3)),
        unit: 'x',
      },
    ];
  } finally {
    await broker.close();
    await server.stop();
  }
}

async function natsEvents(): Promise<BenchResult[]> {
  const server = await startNats();
  const broker = await NatsBroker.connect({ url: server.url, prefix: uniquePrefix() });
  try {
    const ours = await rate(EVENTS, (from) => broker.events.publish(envelopes(BATCH, from)));
    const js = jetstream(broker.connection);
    const subject = `${broker.events.stream.toLowerCase().replace('_events', '')}.events.Raw`;
    const raw = await rate(EVENTS, async (from) => {
      await Promise.all(envelopes(BATCH, from).map((envelope) => js.publish(subject, toJsonBytes(envelope))));
    });
    return [
      {
        benchmark: 'bus-events-nats',
        metric: 'events/s',
        value: Math.round(ours),
        unit: 'events/s',
        aim: '>= 100,000/s',
        notes: `batches of ${BATCH} PubAcks in flight, Nats-Msg-Id dedup`,
      },
      {
        benchmark: 'bus-events-nats',
        metric: 'peer raw js.publish, same batching, no msgID',
        value: Math.round(raw),
        unit: 'events/s',
      },
      {
        benchmark: 'bus-events-nats',
        metric: 'ratio ours/peer',
        value: Number((ours / raw).toFixed(3)),
        unit: 'x',
      },
    ];
  } finally {
    await broker.close();
    await server.stop();
  }
}

async function rateLimitCheck(): Promise<BenchResult[]> {
  const server = await startRedis({ appendfsync: 'everysec' });
  const broker = await RedisBroker.connect({ url: server.url, prefix: uniquePrefix() });
  const budget = new RedisRateBudget(broker.redis, 'bench');
  const windows = [
    { intervalMs: 60_000, limit: 1_000_000_000, cost: 1, guardMs: 100 },
    { intervalMs: 10_000, limit: 1_000_000_000, cost: 1, guardMs: 100 },
  ];
  try {
    const checks: bigint[] = [];
    const pings: bigint[] = [];
    for (let i = 0; i < 12_000; i++) {
      const start = process.hrtime.bigint();
      await budget.reserve('binance:bench', windows, 1_700_000_030_000);
      const mid = process.hrtime.bigint();
      await broker.redis.ping();
      const end = process.hrtime.bigint();
      if (i >= 2_000) {
        checks.push(mid - start);
        pings.push(end - mid);
      }
    }
    const ours = percentiles(checks);
    const peer = percentiles(pings);
    const ms = (ns: number | undefined) => Number(((ns ?? Number.NaN) / 1e6).toFixed(3));
    return [
      { benchmark: 'bus-rate-limit-check', metric: 'p50', value: ms(ours.p50), unit: 'ms' },
      {
        benchmark: 'bus-rate-limit-check',
        metric: 'p99',
        value: ms(ours.p99),
        unit: 'ms',
        aim: '<= 1 ms',
        notes: 'two windows, one EVALSHA',
      },
      { benchmark: 'bus-rate-limit-check', metric: 'peer PING p99', value: ms(peer.p99), unit: 'ms' },
      {
        benchmark: 'bus-rate-limit-check',
        metric: 'ratio p99 ours/PING',
        value: Number(((ours.p99 ?? 0) / (peer.p99 ?? 1)).toFixed(3)),
        unit: 'x',
      },
    ];
  } finally {
    await broker.close();
    await server.stop();
  }
}

let signedAt = 0n;

function restingOrder(account: AccountId): OrderRequest {
  return {
    clientOrderId: ClientOrderId.parse('placeholder'),
    accountId: account,
    instrumentId: InstrumentId.of('BTCUSDT', 'BINANCE'),
    side: 'buy',
    type: 'limit',
    quantity: Quantity.parse('0.00100'),
    price: Price.parse('30000.00'),
    timeInForce: 'GTC',
    postOnly: false,
    reduceOnly: false,
  };
}
async function signalToSigned(kind: 'redis' | 'nats'): Promise<BenchResult[]> {
  const original = BinanceRestClient.prototype.buildPath;
  BinanceRestClient.prototype.buildPath = function (this: BinanceRestClient, call: RestCall): string {
    const path = original.call(this, call);
    if (call.method === 'POST' && call.path === '/api/v3/order') signedAt = process.hrtime.bigint();
    return path;
  };
  const clock = new SystemClock();
  const server = kind === 'redis' ? await startRedis({ appendfsync: 'everysec' }) : await startNats();
  const prefix = uniquePrefix();
  const connect = (): Promise<Broker> =>
    kind === 'redis'
      ? RedisBroker.connect({ url: server.url, prefix })
      : NatsBroker.connect({ url: server.url, prefix });
  const agentSide = await connect();
  const engineSide = await connect();
  const sim = await startBinanceSimulator({
    clock,
    seed: 11,
    rateLimits: [
      { rateLimitType: 'REQUEST_WEIGHT', interval: 'MINUTE', intervalNum: 1, limit: 100_000_000 },
      { rateLimitType: 'ORDERS', interval: 'SECOND', intervalNum: 10, limit: 100_000_000 },
      { rateLimitType: 'ORDERS', interval: 'DAY', intervalNum: 1, limit: 100_000_000 },
    ],
  });
  const directory = mkdtempSync(join(tmpdir(), 'tmt-bench-bus-'));
  const store = await openSqliteStore({
    path: join(directory, 'journal.db'),
    clock,
    checkpoint: 'background',
  });
  const account = AccountId.parse('binance-bench');
  const venue = createBinanceVenue({
    clock,
    logger: silentLogger(),
    account: {
      accountId: account,
      venue: 'binance',
      environment: 'custom',
      baseUrl: sim.url,
      streamUrl: sim.streamUrl,
      wsApiUrl: sim.wsApiUrl,
      keyType: 'hmac',
      apiKey: sim.apiKey,
      apiSecret: sim.apiSecret,
    },
  }).client;
  const engine = new ExecutionEngine({
    clock,
    journal: store.journal,
    venues: [venue],
    ...standardRiskAndPortfolio({
      global: { submitRatePerSecond: 100_000_000, modifyRatePerSecond: 100_000_000, maxOpenOrders: null },
    }),
    timings: { reconcileOpenOrdersEveryMs: 3_600_000, reconcilePositionsEveryMs: 3_600_000 },
  });
  await engine.start();
  const samples: bigint[] = [];
  let sentAt = 0n;
  let done: (() => void) | undefined;
  const consumption = await engineSide.signals.consumeGroup(
    { group: 'engine', consumer: 'engine-1' },
    async ({ envelope }) => {
      const signal = JSON.parse(envelope.body) as { clientSignalId: string; price: string; quantity: string };
      const request: OrderRequest = {
        ...restingOrder(account),
        clientOrderId: ClientOrderId.parse(`sg-${signal.clientSignalId}`),
        quantity: Quantity.parse(signal.quantity),
        price: Price.parse(signal.price),
      };
      await engine.submit(request, `agent:${envelope.origin}`);
      if (signedAt > sentAt) samples.push(signedAt - sentAt);
      done?.();
    },
  );
  try {
    for (let i = 0; i < 3_000; i++) {
      const handled = new Promise<void>((resolve) => (done = resolve));
      sentAt = process.hrtime.bigint();
      await agentSide.signals.publish([
        {
          v: 1,
          origin: 'agent-1',
          id: `b${i}`,
          type: 'Signal',
          stream: 'system',
          at: Date.now(),
          body: JSON.stringify({ clientSignalId: `b${i}`, price: '30000.00', quantity: '0.00100' }),
        },
      ]);
      await handled;
      if (i % 200 === 199) await engine.cancelAll({ accountId: account }, 'bench');
    }
    // The peer in the same run: the same order submitted in-process, no bus, timed to the same signed bytes.
    const direct: bigint[] = [];
    for (let i = 0; i < 3_000; i++) {
      const start = process.hrtime.bigint();
      await engine.submit(
        { ...restingOrder(account), clientOrderId: ClientOrderId.parse(`direct-${i}`) },
        'bench',
      );
      if (i >= 500 && signedAt > start) direct.push(signedAt - start);
      if (i % 200 === 199) await engine.cancelAll({ accountId: account }, 'bench');
    }
    const peer = percentiles(direct);
    const measured = percentiles(samples.slice(500));
    const ms = (ns: number | undefined) => Number(((ns ?? Number.NaN) / 1e6).toFixed(3));
    return [
      { benchmark: `bus-signal-to-signed-${kind}`, metric: 'p50', value: ms(measured.p50), unit: 'ms' },
      {
        benchmark: `bus-signal-to-signed-${kind}`,
        metric: 'p99',
        value: ms(measured.p99),
        unit: 'ms',
        aim: '<= 5 ms on loopback',
        notes: 'publish at the agent to signed POST /api/v3/order bytes; orchestrator stages not included',
      },
      {
        benchmark: `bus-signal-to-signed-${kind}`,
        metric: 'peer in-process submit p50',
        value: ms(peer.p50),
        unit: 'ms',
      },
      {
        benchmark: `bus-signal-to-signed-${kind}`,
        metric: 'peer in-process submit p99',
        value: ms(peer.p99),
        unit: 'ms',
      },
    ];
  } finally {
    BinanceRestClient.prototype.buildPath = original;
    await consumption.stop();
    await engine.stop();
    await store.close();
    await sim.close();
    await agentSide.close();
    await engineSide.close();
    await server.stop();
    rmSync(directory, { recursive: true, force: true });
  }
}

export const benchmarks: Benchmark[] = [
  { name: 'bus-events-redis', run: redisEvents },
  { name: 'bus-events-nats', run: natsEvents },
  { name: 'bus-signal-to-signed-redis', run: () => signalToSigned('redis') },
  { name: 'bus-signal-to-signed-nats', run: () => signalToSigned('nats') },
  { name: 'bus-rate-limit-check', run: rateLimitCheck },
];

/**
 * Submit to signed bytes, the real path: `engine.submit` with the RiskEngine (throttles raised so every order
 * passes), order management, the SQLite journal (durability 'process', WAL synchronous=NORMAL: the submit's
 * record is committed before the order leaves) and the Binance adapter's request encoding and HMAC signing.
 * The clock stops when BinanceRestClient.buildPath returns the signed path of POST /api/v3/order: the bytes
 * that go on the wire. The request then really goes to the Binance simulator over loopback (untimed), so
 * every timed order is a real accepted venue order. The peer, in the same run: ccxt 4.5.84 `createOrder`
 * with the network mocked (its `fetch` answers at once), timed to the moment its `fetch` is called (its signed
 * request) and to its return. "Tick to signed order": a QuoteTick published on the engine's bus (the path
 * a data client's tick takes) whose subscriber submits; timed from the publish to the signed bytes.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ccxt from 'ccxt';
import {
  AccountId,
  ClientOrderId,
  InstrumentId,
  Price,
  Quantity,
  type OrderRequest,
  type QuoteTick,
} from '../src/core';
import { ExecutionEngine, standardRiskAndPortfolio } from '../src/engine';
import { silentLogger } from '../src/shared/logger';
import { SystemClock } from '../src/shared/system-clock';
import { startBinanceSimulator, type BinanceSimulator } from '../src/simulators/binance/server';
import { openSqliteStore, type SqliteStore } from '../src/store';
import { createBinanceVenue } from '../src/venues/binance';
import { BinanceRestClient, type RestCall } from '../src/venues/binance/http/rest-client';
import { percentiles, type Benchmark, type BenchResult } from './harness';

const ACCOUNT = AccountId.parse('binance-bench');
const BTC = InstrumentId.of('BTCUSDT', 'BINANCE');
const SAMPLES = 5_000;
const WARMUP = 1_000;
/** The simulator's limits raised: the bench measures TMT's path, not Binance's order-count windows. */
const RATE_LIMITS = [
  { rateLimitType: 'REQUEST_WEIGHT', interval: 'MINUTE', intervalNum: 1, limit: 100_000_000 },
  { rateLimitType: 'ORDERS', interval: 'SECOND', intervalNum: 10, limit: 100_000_000 },
  { rateLimitType: 'ORDERS', interval: 'DAY', intervalNum: 1, limit: 100_000_000 },
] as const;

/** hrtime of the last signed POST /api/v3/order path built, set by the patched buildPath. */
let signedAt = 0n;
function watchSigning(): () => void {
  const original = BinanceRestClient.prototype.buildPath;
  BinanceRestClient.prototype.buildPath = function (this: BinanceRestClient, call: RestCall): string {
    const path = original.call(this, call);
    if (call.method === 'POST' && call.path === '/api/v3/order') signedAt = process.hrtime.bigint();
    return path;
  };
  return () => {
    BinanceRestClient.prototype.buildPath = original;
  };
}

interface Rig {
  sim: BinanceSimulator;
  engine: ExecutionEngine;
  store: SqliteStore;
  close(): Promise<void>;
}

async function rig(): Promise<Rig> {
  const clock = new SystemClock();
  const sim = await startBinanceSimulator({ clock, seed: 11, rateLimits: RATE_LIMITS });
  const directory = mkdtempSync(join(tmpdir(), 'tmt-bench-signed-'));
  const store = await openSqliteStore({ path: join(directory, 'journal.db'), clock, checkpoint: 'background' });
  const venue = createBinanceVenue({
    clock,
    logger: silentLogger(),
    account: {
      accountId: ACCOUNT,
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
    marketData: 'all',
    ...standardRiskAndPortfolio({
      global: { submitRatePerSecond: 100_000_000, modifyRatePerSecond: 100_000_000, maxOpenOrders: null },
    }),
    timings: { reconcileOpenOrdersEveryMs: 3_600_000, reconcilePositionsEveryMs: 3_600_000 },
  });
  await engine.start();
  const deadline = Date.now() + 30_000;
  while (!engine.quotes().some((q) => q.instrumentId === BTC)) {
    if (Date.now() > deadline) throw new Error('no BTCUSDT quote from the simulator');
    sim.state.market.movePrice('BTCUSDT', Price.parse('60000.00'));
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return {
    sim,
    engine,
    store,
    async close() {
      await engine.stop();
      await store.close();
      await sim.close();
      rmSync(directory, { recursive: true, force: true });
    },
  };
}

let counter = 0;
/** A small limit buy far below the market: it rests at the simulator, so each is a real accepted order. */
function restingBuy(): OrderRequest {
  counter++;
  return {
    clientOrderId: ClientOrderId.parse(`sb-${counter}`),
    accountId: ACCOUNT,
    instrumentId: BTC,
    side: 'buy',
    type: 'limit',
    quantity: Quantity.parse('0.00100'),
    price: Price.parse('30000.00'),
    timeInForce: 'GTC',
    postOnly: false,
    reduceOnly: false,
  };
}

async function ours(r: Rig, viaTick: boolean): Promise<bigint[]> {
  const samples: bigint[] = [];
  let tickHandled: Promise<unknown> = Promise.resolve();
  const off = viaTick
    ? r.engine.bus.subscribe('QuoteTick', (tick) => {
        if (tick.instrumentId === BTC && tick.bid.toString() === '1.00') tickHandled = r.engine.submit(restingBuy(), 'bench');
      })
    : () => undefined;
  const quote = r.engine.quotes().find((q) => q.instrumentId === BTC);
  for (let i = 0; i < SAMPLES + WARMUP; i++) {
    signedAt = 0n;
    const start = process.hrtime.bigint();
    let outcome;
    if (viaTick && quote !== undefined) {
      // A marker price the real market never has, so only this tick triggers the strategy's order.
      const tick: QuoteTick = { ...quote, type: 'QuoteTick', bid: Price.parse('1.00'), occurredAt: Date.now(), recordedAt: Date.now() };
      r.engine.bus.publish(tick);
      outcome = await tickHandled;
    } else outcome = await r.engine.submit(restingBuy(), 'bench');
    if ((outcome as { status?: string }).status !== 'accepted') throw new Error(`not accepted: ${JSON.stringify(outcome)}`);
    if (i >= WARMUP && signedAt > start) samples.push(signedAt - start);
    // Untimed: keep the simulator's book small, so the figure is the submit path, not a growing book.
    if (i % 200 === 199) await r.engine.cancelAll({ accountId: ACCOUNT }, 'bench');
  }
  off();
  return samples;
}

async function ccxtCreateOrder(r: Rig): Promise<{ toSigned: bigint[]; whole: bigint[] }> {
  const exchangeInfo = await (await fetch(`${r.sim.url}/api/v3/exchangeInfo`)).json();
  const exchange = new ccxt.binance({
    apiKey: 'k'.repeat(64),
    secret: 's'.repeat(64),
    enableRateLimit: false,
    options: { fetchMarkets: { types: ['spot'] }, fetchCurrencies: false, fetchMargins: false },
  });
  (exchange as unknown as { publicGetExchangeInfo: () => Promise<unknown> }).publicGetExchangeInfo = async () => exchangeInfo;
  await exchange.loadMarkets();
  let fetchedAt = 0n;
  const answer = { symbol: 'BTCUSDT', orderId: 28, orderListId: -1, clientOrderId: 'bench-1', transactTime: 1507725176595, price: '30000.00000000', origQty: '0.00100000', executedQty: '0.00000000', origQuoteOrderQty: '0.00000000', cummulativeQuoteQty: '0.00000000', status: 'NEW', timeInForce: 'GTC', type: 'LIMIT', side: 'BUY', workingTime: 1507725176595, selfTradePreventionMode: 'NONE', fills: [] };
  (exchange as unknown as { fetch: () => Promise<unknown> }).fetch = async () => {
    fetchedAt = process.hrtime.bigint();
    return answer;
  };
  const toSigned: bigint[] = [];
  const whole: bigint[] = [];
  for (let i = 0; i < SAMPLES + WARMUP; i++) {
    const start = process.hrtime.bigint();
    await exchange.createOrder('BTC/USDT', 'limit', 'buy', 0.001, 30000);
    const end = process.hrtime.bigint();
    if (i >= WARMUP) {
      toSigned.push(fetchedAt - start);
      whole.push(end - start);
    }
  }
  return { toSigned, whole };
}

const us = (ns: number | undefined): number => Number(((ns ?? Number.NaN) / 1000).toFixed(2));

async function signedBytes(): Promise<BenchResult[]> {
  const restore = watchSigning();
  const r = await rig();
  try {
    const submit = percentiles(await ours(r, false));
    const peer = await ccxtCreateOrder(r);
    const tick = percentiles(await ours(r, true));
    const peerSigned = percentiles(peer.toSigned);
    const peerWhole = percentiles(peer.whole);
    const name = 'engine submit->signed bytes (Binance)';
    const notes = `${SAMPLES} sequential submits after ${WARMUP} warm-up; risk + OMS + SQLite journal (process) + Binance encoding and HMAC; the order then goes to the Binance simulator over loopback (untimed)`;
    return [
      { benchmark: name, metric: 'p50', value: us(submit.p50), unit: 'us', aim: '<= 15 us' },
      { benchmark: name, metric: 'p99', value: us(submit.p99), unit: 'us', aim: '<= 50 us' },
      { benchmark: name, metric: 'p99.9', value: us(submit['p99.9']), unit: 'us', aim: '<= 500 us', notes },
      { benchmark: name, metric: 'ccxt createOrder to its signed fetch, p50', value: us(peerSigned.p50), unit: 'us', notes: 'ccxt 4.5.84, network mocked, same run' },
      { benchmark: name, metric: 'ccxt createOrder whole call, p50 / p99', value: us(peerWhole.p50), unit: 'us', notes: `p99 ${us(peerWhole.p99)} us` },
      { benchmark: name, metric: 'ratio ccxt createOrder p50 / TMT submit->signed p50', value: Number(((peerWhole.p50 ?? 0) / (submit.p50 ?? 1)).toFixed(2)), unit: 'x' },
      { benchmark: 'engine tick->signed order (Binance)', metric: 'p50', value: us(tick.p50), unit: 'us', notes: `p99 ${us(tick.p99)} us; QuoteTick published on the engine bus, its subscriber submits` },
      { benchmark: 'engine tick->signed order (Binance)', metric: 'ratio ccxt createOrder p50 / TMT tick->signed p50', value: Number(((peerWhole.p50 ?? 0) / (tick.p50 ?? 1)).toFixed(2)), unit: 'x', aim: '>= 3' },
    ];
  } finally {
    restore();
    await r.close();
  }
}

export const benchmarks: Benchmark[] = [{ name: 'engine submit->signed', run: signedBytes }];

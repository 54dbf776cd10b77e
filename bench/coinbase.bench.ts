/**
 * Coinbase Advanced Trade adapter benchmarks, side by side with ccxt in one run (ratios are what to read):
 * - jwt: a REST JWT (ES256) signed by node:crypto, vs ccxt coinbase's createAuthToken;
 * - level2: recorded l2_data frames parsed, sequence-checked and applied through the data client's own path,
 *   vs ccxt.pro coinbase's handleMessage;
 * - intent: an engine order to signed request bytes, vs ccxt createOrder with the network mocked.
 */
import ccxt from 'ccxt';
import WebSocket from 'ws';
import { AccountId, ClientOrderId, InstrumentId, ManualClock, Price, Quantity, type OrderRequest, type VenueClientOrderId } from '../src/core';
import { silentLogger } from '../src/shared/logger';
import { SystemClock } from '../src/shared/system-clock';
import { startCoinbaseSimulator, type CoinbaseSimulator } from '../src/simulators/coinbase/server';
import { CdpSigner, loadCdpKey } from '../src/venues/coinbase/credentials';
import { CoinbaseDataClient } from '../src/venues/coinbase/data-client';
import { CoinbaseRateLimiter } from '../src/venues/coinbase/http/rate-limiter';
import { CoinbaseRestClient } from '../src/venues/coinbase/http/rest-client';
import { createOrderBody, isRefusal } from '../src/venues/coinbase/parse/order-params';
import { ProductMap } from '../src/venues/coinbase/symbols';
import type { Benchmark, BenchResult } from './harness';
import { throughput } from './harness';
import { sideBySide, type SideRate } from './side-by-side';

const BTC_USD = InstrumentId.of('BTC-USD', 'COINBASE');

function ccxtAgainst<T extends typeof ccxt.coinbase | typeof ccxt.pro.coinbase>(Exchange: T, sim: CoinbaseSimulator): InstanceType<T> {
  const exchange = new Exchange({ apiKey: sim.apiKeyName, secret: sim.apiPrivateKey, enableRateLimit: false }) as InstanceType<T>;
  (exchange.urls as { api: Record<string, string> }).api['rest'] = sim.url;
  return exchange;
}

async function jwtBenchmarks(): Promise<BenchResult[]> {
  const sim = await startCoinbaseSimulator({ clock: new SystemClock() });
  try {
    const signer = new CdpSigner(loadCdpKey(sim.apiKeyName, sim.apiPrivateKey), () => Math.floor(Date.now() / 1000));
    const exchange = ccxtAgainst(ccxt.coinbase, sim);
    const theirs = exchange as unknown as { createAuthToken: (seconds: number, method: string, url: string) => string };
    let ourRate = 0;
    let ccxtRate = 0;
    for (let round = 0; round < 3; round++) {
      ourRate = Math.max(ourRate, throughput(20_000, () => signer.rest('GET', 'api.coinbase.com', '/api/v3/brokerage/accounts')));
      ccxtRate = Math.max(ccxtRate, throughput(500, () => theirs.createAuthToken(Math.floor(Date.now() / 1000), 'GET', 'https://api.coinbase.com/api/v3/brokerage/accounts')));
    }
    return [
      { benchmark: 'coinbase.jwt', metric: 'ES256 REST JWTs per second (tmt, node:crypto)', value: ourRate, unit: 'op/s', notes: `${(1e6 / ourRate).toFixed(1)} µs each` },
      { benchmark: 'coinbase.jwt', metric: 'ES256 REST JWTs per second (ccxt createAuthToken)', value: ccxtRate, unit: 'op/s', notes: `${(1e6 / ccxtRate).toFixed(1)} µs each` },
      { benchmark: 'coinbase.jwt', metric: 'ratio tmt / ccxt', value: ourRate / ccxtRate, unit: 'x', aim: '>= 3' },
    ];
  } finally {
    await sim.close();
  }
}

/** l2_data frames (snapshot first) exactly as the simulator's market WebSocket sends them. */
async function recordLevel2(sim: CoinbaseSimulator, updates: number): Promise<string[]> {
  const socket = new WebSocket(sim.wsUrl);
  const frames: string[] = [];
  await new Promise((resolve) => socket.once('open', resolve));
  socket.on('message', (data: Buffer) => frames.push(data.toString('utf8')));
  socket.send(JSON.stringify({ type: 'subscribe', channel: 'level2', product_ids: ['BTC-USD'] }));
  while (!frames.some((f) => f.includes('"snapshot"'))) await new Promise((resolve) => setTimeout(resolve, 5));
  for (let i = 0; i < updates; i++) sim.state.market.step();
  while (frames.filter((f) => f.includes('"l2_data"')).length < updates) await new Promise((resolve) => setTimeout(resolve, 5));
  socket.terminate();
  // Numbered as one connection would number them with only these frames on it (subscription acks left out).
  return frames.filter((f) => f.includes('"l2_data"')).map((f, i) => f.replace(/"sequence_num":\d+/, `"sequence_num":${i}`));
}

async function level2Benchmarks(): Promise<BenchResult[]> {
  const sim = await startCoinbaseSimulator({ clock: new SystemClock(), seed: 7 });
  try {
    const frames = await recordLevel2(sim, 3000);
    const products = new ProductMap();
    const clock = new ManualClock();
    let events = 0;
    const data = new CoinbaseDataClient({ url: 'ws://unused.invalid', clock, logger: silentLogger(), products, silenceTimeoutMs: 60_000, onUnrecognized: () => undefined });
    data.track(BTC_USD);
    data.subscribe([], () => events++);
    // Replays from frame 0 (the snapshot): the sequence check restarts with a fresh connection numbering.
    const replayOurs = (text: string, i: number): void => {
      if (i === 0) data.resetSequence();
      data.receive(text);
    };
    const pro = ccxtAgainst(ccxt.pro.coinbase, sim);
    await pro.loadMarkets();
    const client = { url: sim.wsUrl, resolve: () => undefined, reject: () => undefined, subscriptions: {} };
    const handler = pro as unknown as { handleMessage: (client: unknown, message: unknown) => void };
    const n = frames.length;
    // The two alternate over many rounds, each keeping its best (side-by-side.ts: wall clock and CPU time).
    const rates = sideBySide([
      { name: 'tmt', iterations: n, run: (i) => replayOurs(frames[i] as string, i) },
      { name: 'ccxt', iterations: n, run: (i) => handler.handleMessage(client, JSON.parse(frames[i] as string)) },
    ]);
    const ourRate = rates.get('tmt') as SideRate;
    const ccxtRate = rates.get('ccxt') as SideRate;
    const updatesPerFrame = frames.slice(1).reduce((sum, f) => sum + (f.match(/price_level/g)?.length ?? 0), 0) / (n - 1);
    return [
      { benchmark: 'coinbase.level2', metric: 'l2_data frames through CoinbaseDataClient.receive per second (scan to scaled integers, sequence check, integer book, one event each)', value: ourRate.wall, unit: 'msg/s', notes: `${updatesPerFrame.toFixed(1)} level updates per frame; ${data.stats.gaps} gaps; ${events} events; per CPU second ${Math.round(ourRate.cpu)}` },
      { benchmark: 'coinbase.level2', metric: 'l2_data frames applied per second (ccxt.pro handleMessage)', value: ccxtRate.wall, unit: 'msg/s', notes: `per CPU second ${Math.round(ccxtRate.cpu)}` },
      { benchmark: 'coinbase.level2', metric: 'ratio tmt / ccxt.pro (wall clock)', value: ourRate.wall / ccxtRate.wall, unit: 'x', aim: '>= 2' },
      { benchmark: 'coinbase.level2', metric: 'ratio tmt / ccxt.pro (CPU time)', value: ourRate.cpu / ccxtRate.cpu, unit: 'x', aim: '>= 2' },
    ];
  } finally {
    await sim.close();
  }
}

async function intentBenchmarks(): Promise<BenchResult[]> {
  const sim = await startCoinbaseSimulator({ clock: new SystemClock() });
  try {
    const clock = new ManualClock();
    const http = new CoinbaseRestClient({
      baseUrl: 'https://api.coinbase.com',
      signer: new CdpSigner(loadCdpKey(sim.apiKeyName, sim.apiPrivateKey), () => Math.floor(clock.now() / 1000)),
      clock,
      limiter: new CoinbaseRateLimiter(clock, 30),
      logger: silentLogger(),
      timeoutMs: 10_000,
    });
    const request: OrderRequest = {
      clientOrderId: ClientOrderId.parse('bench-1'),
      accountId: AccountId.parse('bench'),
      instrumentId: BTC_USD,
      side: 'buy',
      type: 'limit',
      quantity: Quantity.parse('0.01'),
      price: Price.parse('52000.00'),
      timeInForce: 'GTC',
      postOnly: false,
      reduceOnly: false,
    };
    const ourRate = throughput(20_000, () => {
      const body = createOrderBody('BTC-USD', request, 'bench-1' as VenueClientOrderId);
      if (isRefusal(body)) throw new Error('refused');
      const prepared = http.prepare('POST', '/api/v3/brokerage/orders', [], body, true);
      Buffer.from(prepared.body ?? '');
      Buffer.from(prepared.headers['authorization'] ?? '');
    });
    await http.close();
    const exchange = ccxtAgainst(ccxt.coinbase, sim);
    await exchange.loadMarkets();
    const answer = { success: true, success_response: { order_id: '11111111-1111-4111-8111-111111111111', product_id: 'BTC-USD', side: 'BUY', client_order_id: 'bench-1' }, order_configuration: { limit_limit_gtc: { base_size: '0.01', limit_price: '52000', post_only: false } } };
    (exchange as unknown as { fetch: () => Promise<unknown> }).fetch = async () => answer;
    const iterations = 500;
    for (let i = 0; i < 50; i++) await exchange.createOrder('BTC/USD', 'limit', 'buy', 0.01, 52000);
    const start = process.hrtime.bigint();
    for (let i = 0; i < iterations; i++) await exchange.createOrder('BTC/USD', 'limit', 'buy', 0.01, 52000);
    const ccxtRate = (iterations / Number(process.hrtime.bigint() - start)) * 1e9;
    return [
      { benchmark: 'coinbase.intent', metric: 'intents to signed request bytes per second (tmt)', value: ourRate, unit: 'op/s' },
      { benchmark: 'coinbase.intent', metric: 'createOrder per second (ccxt, network mocked)', value: ccxtRate, unit: 'op/s' },
      { benchmark: 'coinbase.intent', metric: 'ratio tmt / ccxt', value: ourRate / ccxtRate, unit: 'x', aim: '>= 3' },
    ];
  } finally {
    await sim.close();
  }
}

export const benchmarks: Benchmark[] = [
  { name: 'coinbase.jwt', run: jwtBenchmarks },
  { name: 'coinbase.level2', run: level2Benchmarks },
  { name: 'coinbase.intent', run: intentBenchmarks },
];

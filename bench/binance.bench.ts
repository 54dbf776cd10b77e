/**
 * Binance adapter benchmarks, side by side with ccxt in one run (ratios are what to read):
 * - depth: diff-depth messages through the real data client (parsed into scaled integers, sequence-checked,
 *   applied to the integer book, an OrderBookUpdate emitted per message), vs ccxt.pro's Binance handleMessage
 *   (JSON.parse, its order book, its futures); a second figure has the subscriber read every event's levels;
 * - signing: a signed REST payload, vs ccxt's `binance.sign`;
 * - intent to signed request bytes, vs ccxt `createOrder` with the network mocked;
 * - heap over a long depth stream.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import ccxt from 'ccxt';
import { AccountId, ClientOrderId, InstrumentId, ManualClock, Price, Quantity, type OrderRequest, type VenueClientOrderId } from '../src/core';
import { silentLogger } from '../src/shared/logger';
import { SystemClock } from '../src/shared/system-clock';
import { BinanceDataClient } from '../src/venues/binance/data-client';
import type { BinanceRestApi } from '../src/venues/binance/http/endpoints';
import { SymbolMap } from '../src/venues/binance/symbols';
import { startBinanceSimulator } from '../src/simulators/binance/server';
import { createSigner, restQueryString, signRestPayload } from '../src/venues/binance/credentials';
import { BinanceRateLimiter } from '../src/venues/binance/http/rate-limiter';
import { BinanceRestClient } from '../src/venues/binance/http/rest-client';
import { TimeSync } from '../src/venues/binance/http/time-sync';
import { newOrderParams } from '../src/venues/binance/parse/order-params';
import type { DepthDiff, DepthSynchronizer } from '../src/venues/binance/ws/depth-sync';
import type { Benchmark, BenchResult } from './harness';
import { throughput } from './harness';
import { sideBySide, type SideRate } from './side-by-side';

const BTCUSDT = InstrumentId.of('BTCUSDT', 'BINANCE');
const API_KEY = 'vmPUZE6mv9SD5VNHk4HlWFsOr6aKE2zvsw0MuIgwCIPy6utIco14y7Ju91duEh8A';
const SECRET = 'NhqPtmdSJYdKjVHjA7PZj4Mge3R5YNiP1e3UZjInClVN65XAbvqqM6A7H5fATj0j';

interface Recording {
  readonly exchangeInfo: unknown;
  readonly snapshot: { lastUpdateId: number; bids: [string, string][]; asks: [string, string][] };
  readonly messages: readonly string[];
}

/** Diff-depth messages with U/u recorded from the simulator's BTCUSDT stream (20 levels a side, as a real depth stream). */
async function record(count: number): Promise<Recording> {
  const sim = await startBinanceSimulator({ clock: new SystemClock(), seed: 7 });
  try {
    const messages: string[] = [];
    const stop = sim.state.depth.onStream((stream, data) => {
      if (stream === 'btcusdt@depth@100ms') messages.push(JSON.stringify({ stream, data }));
    });
    const snapshot = sim.state.depth.snapshot('BTCUSDT', 5000);
    while (messages.length < count) sim.state.market.step();
    stop();
    const response = await fetch(`${sim.url}/api/v3/exchangeInfo`);
    return { exchangeInfo: await response.json(), snapshot, messages };
  } finally {
    await sim.close();
  }
}

/**
 * The real data client (BinanceDataClient.onMessage: scan straight to scaled integers, sequence check, apply to
 * the integer book, one OrderBookUpdate per message to the subscriber), with no socket: its clock is manual, so
 * subscribe never opens one, and the recorded snapshot is applied to its own book.
 * `read` makes the subscriber read every event's levels as exact Decimals (what a consumer of the levels pays).
 */
function ours(recording: Recording, read: boolean): { book: DepthSynchronizer; apply: (text: string) => void; events: () => number; levelsRead: () => number } {
  const api = { depth: () => Promise.reject(new Error('the bench applies the snapshot itself')) } as unknown as BinanceRestApi;
  const symbols = new SymbolMap('BINANCE');
  const data = new BinanceDataClient({ streamUrl: 'ws://unused.invalid', api, symbols, clock: new ManualClock(), logger: silentLogger() });
  let events = 0;
  let sink = 0;
  data.subscribe([BTCUSDT], (event) => {
    events++;
    if (read && event.type === 'OrderBookUpdate') sink += event.bids.length + event.asks.length;
  });
  const book = data.book(BTCUSDT) as DepthSynchronizer;
  // Each pass starts from the recorded snapshot, applied to the client's own book before its first diff.
  if (book.applySnapshot(recording.snapshot).kind !== 'synced') throw new Error('the recorded snapshot did not sync');
  return { book, apply: (text) => data.onMessage(text), events: () => events, levelsRead: () => sink };
}

async function ccxtPro(recording: Recording) {
  const exchange = new ccxt.pro.binance({ options: { fetchMarkets: { types: ['spot'] }, fetchCurrencies: false, fetchMargins: false } });
  (exchange as unknown as { publicGetExchangeInfo: () => Promise<unknown> }).publicGetExchangeInfo = async () => recording.exchangeInfo;
  await exchange.loadMarkets();
  const client = { url: 'wss://stream.binance.com:9443/stream', resolve: () => undefined, reject: () => undefined, subscriptions: {} };
  const symbol = 'BTC/USDT';
  const reset = () => {
    const orderbook = exchange.orderBook({}, 1000);
    const parsed = exchange.parseOrderBook(recording.snapshot, symbol);
    parsed.nonce = recording.snapshot.lastUpdateId;
    orderbook.reset(parsed);
    (exchange.orderbooks as Record<string, unknown>)[symbol] = orderbook;
  };
  reset();
  const handler = exchange as unknown as { handleMessage: (client: unknown, message: unknown) => void };
  return { reset, apply: (text: string) => handler.handleMessage(client, JSON.parse(text)) };
}

function forceGc(): () => void {
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
}

async function depthBenchmarks(): Promise<BenchResult[]> {
  const recording = await record(4000);
  const n = recording.messages.length;
  const mine = ours(recording, false);
  const reading = ours(recording, true);
  const theirs = await ccxtPro(recording);
  // Each round replays the recording from the snapshot; the three alternate over many rounds (side-by-side.ts).
  const replay = (side: typeof mine) => (i: number) => {
    if (i === 0) {
      side.book.reset();
      side.book.applySnapshot(recording.snapshot);
    }
    side.apply(recording.messages[i] as string);
  };
  const rates = sideBySide([
    { name: 'tmt', iterations: n, run: replay(mine) },
    { name: 'tmt-read', iterations: n, run: replay(reading) },
    {
      name: 'ccxt',
      iterations: n,
      run: (i) => {
        if (i === 0) theirs.reset();
        theirs.apply(recording.messages[i] as string);
      },
    },
  ]);
  const ourRate = rates.get('tmt') as SideRate;
  const readRate = rates.get('tmt-read') as SideRate;
  const ccxtRate = rates.get('ccxt') as SideRate;
  const levels = JSON.parse(recording.messages[0] as string) as { data: DepthDiff };
  return [
    { benchmark: 'binance.depth', metric: 'messages through BinanceDataClient.onMessage per second (scan, sequence check, integer book, one event each)', value: ourRate.wall, unit: 'msg/s', notes: `${levels.data.b.length + levels.data.a.length} levels in the first message; ${mine.events()} events; per CPU second ${Math.round(ourRate.cpu)}` },
    { benchmark: 'binance.depth', metric: 'the same, the subscriber reading every event\'s levels as Decimals', value: readRate.wall, unit: 'msg/s', notes: `${reading.levelsRead()} levels read; per CPU second ${Math.round(readRate.cpu)}` },
    { benchmark: 'binance.depth', metric: 'messages applied per second (ccxt.pro handleMessage)', value: ccxtRate.wall, unit: 'msg/s', notes: `per CPU second ${Math.round(ccxtRate.cpu)}` },
    { benchmark: 'binance.depth', metric: 'ratio tmt data client / ccxt.pro (wall clock)', value: ourRate.wall / ccxtRate.wall, unit: 'x', aim: '>= 2' },
    { benchmark: 'binance.depth', metric: 'ratio tmt data client / ccxt.pro (CPU time)', value: ourRate.cpu / ccxtRate.cpu, unit: 'x', aim: '>= 2' },
    { benchmark: 'binance.depth', metric: 'ratio tmt data client, levels read as Decimals / ccxt.pro (CPU time)', value: readRate.cpu / ccxtRate.cpu, unit: 'x' },
  ];
}

async function heapBenchmark(): Promise<BenchResult[]> {
  const recording = await record(2000);
  const gc = forceGc();
  const mine = ours(recording, false);
  const total = 300_000;
  let first = 0;
  let last = 0;
  for (let i = 0; i < total; i++) {
    if (i % recording.messages.length === 0) {
      mine.book.reset();
      mine.book.applySnapshot(recording.snapshot);
    }
    mine.apply(recording.messages[i % recording.messages.length] as string);
    if (i === total / 10 || i === total - 1) {
      gc();
      const used = process.memoryUsage().heapUsed;
      if (i === total / 10) first = used;
      else last = used;
    }
  }
  return [{ benchmark: 'binance.depth.heap', metric: 'heap growth from 10% to 100% of a 300k-message stream', value: (last - first) / 1024, unit: 'KiB', aim: 'flat (~0)' }];
}

function signingBenchmarks(): BenchResult[] {
  const signer = createSigner({ apiKey: API_KEY, keyType: 'hmac', apiSecret: SECRET });
  const params = [['symbol', 'BTCUSDT'], ['side', 'BUY'], ['type', 'LIMIT'], ['timeInForce', 'GTC'], ['quantity', '0.01000000'], ['price', '52000.00'], ['newClientOrderId', 'bench-1'], ['recvWindow', 5000], ['timestamp', 1645423376532]] as const;
  const exchange = new ccxt.binance({ apiKey: API_KEY, secret: SECRET });
  const ccxtParams = { symbol: 'BTCUSDT', side: 'BUY', type: 'LIMIT', timeInForce: 'GTC', quantity: '0.01000000', price: '52000.00', newClientOrderId: 'bench-1' };
  const iterations = 100_000;
  let ourRate = 0;
  let ccxtRate = 0;
  for (let round = 0; round < 3; round++) {
    ourRate = Math.max(ourRate, throughput(iterations, () => signRestPayload(signer, restQueryString(params))));
    ccxtRate = Math.max(ccxtRate, throughput(iterations, () => exchange.sign('order', 'private', 'POST', { ...ccxtParams })));
  }
  return [
    { benchmark: 'binance.sign', metric: 'signed REST payloads per second (tmt)', value: ourRate, unit: 'op/s' },
    { benchmark: 'binance.sign', metric: 'signed requests per second (ccxt binance.sign)', value: ccxtRate, unit: 'op/s' },
    { benchmark: 'binance.sign', metric: 'ratio tmt / ccxt', value: ourRate / ccxtRate, unit: 'x', aim: '>= 6' },
  ];
}

async function intentBenchmarks(): Promise<BenchResult[]> {
  const clock = new ManualClock();
  const timeSync = new TimeSync(clock);
  const http = new BinanceRestClient({
    venue: 'BINANCE',
    baseUrl: 'https://api.binance.com',
    signer: createSigner({ apiKey: API_KEY, keyType: 'hmac', apiSecret: SECRET }),
    clock,
    timeSync,
    limiter: new BinanceRateLimiter(clock, () => timeSync.now()),
    log: () => undefined,
    recvWindow: 5000,
    timeoutMs: 10_000,
  });
  const request: OrderRequest = {
    clientOrderId: ClientOrderId.parse('bench-1'),
    accountId: AccountId.parse('bench'),
    instrumentId: InstrumentId.of('BTCUSDT', 'BINANCE'),
    side: 'buy',
    type: 'limit',
    quantity: Quantity.parse('0.01'),
    price: Price.parse('52000.00'),
    timeInForce: 'GTC',
    postOnly: false,
    reduceOnly: false,
  };
  const iterations = 50_000;
  const ourRate = throughput(iterations, () => {
    const params = newOrderParams('BTCUSDT', request, 'bench-1' as VenueClientOrderId);
    if (!Array.isArray(params)) throw new Error('refused');
    Buffer.from(http.buildPath({ method: 'POST', path: '/api/v3/order', params, security: 'SIGNED', weight: 1, orders: 1 }));
  });
  await http.close();
  const recording = await record(1);
  const exchange = new ccxt.binance({ apiKey: API_KEY, secret: SECRET, enableRateLimit: false, options: { fetchMarkets: { types: ['spot'] }, fetchCurrencies: false, fetchMargins: false } });
  (exchange as unknown as { publicGetExchangeInfo: () => Promise<unknown> }).publicGetExchangeInfo = async () => recording.exchangeInfo;
  await exchange.loadMarkets();
  const answer = { symbol: 'BTCUSDT', orderId: 28, orderListId: -1, clientOrderId: 'bench-1', transactTime: 1507725176595, price: '52000.00000000', origQty: '0.01000000', executedQty: '0.00000000', origQuoteOrderQty: '0.00000000', cummulativeQuoteQty: '0.00000000', status: 'NEW', timeInForce: 'GTC', type: 'LIMIT', side: 'BUY', workingTime: 1507725176595, selfTradePreventionMode: 'NONE', fills: [] };
  (exchange as unknown as { fetch: () => Promise<unknown> }).fetch = async () => answer;
  const ccxtIterations = 5_000;
  const warm = 500;
  for (let i = 0; i < warm; i++) await exchange.createOrder('BTC/USDT', 'limit', 'buy', 0.01, 52000);
  const start = process.hrtime.bigint();
  for (let i = 0; i < ccxtIterations; i++) await exchange.createOrder('BTC/USDT', 'limit', 'buy', 0.01, 52000);
  const ccxtRate = (ccxtIterations / Number(process.hrtime.bigint() - start)) * 1e9;
  return [
    { benchmark: 'binance.intent', metric: 'intents to signed request bytes per second (tmt)', value: ourRate, unit: 'op/s' },
    { benchmark: 'binance.intent', metric: 'createOrder per second (ccxt, network mocked)', value: ccxtRate, unit: 'op/s' },
    { benchmark: 'binance.intent', metric: 'ratio tmt / ccxt', value: ourRate / ccxtRate, unit: 'x', aim: '>= 5' },
  ];
}


export const benchmarks: Benchmark[] = [
  { name: 'binance.depth', run: depthBenchmarks },
  { name: 'binance.sign', run: async () => signingBenchmarks() },
  { name: 'binance.intent', run: intentBenchmarks },
  { name: 'binance.heap', run: heapBenchmark },
];

/**
 * OKX adapter benchmarks, side by side with ccxt in one run (ratios are what to read):
 * - books: `books` pushes through the data client's onMessage (hand scan to scaled integers, sequence check,
 *   CRC32 checksum computed from the integer book, events built for the engine), vs ccxt.pro's OKX
 *   handleMessage (JSON.parse, its book, its checksum);
 * - signing: the OK-ACCESS headers of a POST, vs ccxt's `okx.sign`;
 * - intent to signed request bytes, vs ccxt `createOrder` with the network mocked.
 */
import ccxt from 'ccxt';
import { AccountId, ClientOrderId, InstrumentId, ManualClock, Price, Quantity, type OrderRequest, type VenueClientOrderId } from '../src/core';
import { silentLogger } from '../src/shared/logger';
import { SystemClock } from '../src/shared/system-clock';
import { startOkxSimulator } from '../src/simulators/okx/server';
import { OkxSigner } from '../src/venues/okx/credentials';
import { OkxDataClient } from '../src/venues/okx/data-client';
import { OkxRateLimiter } from '../src/venues/okx/http/rate-limiter';
import { OkxRestClient } from '../src/venues/okx/http/rest-client';
import { TimeSync } from '../src/venues/okx/http/time-sync';
import { orderBody } from '../src/venues/okx/parse/order-params';
import { SymbolMap } from '../src/venues/okx/symbols';
import type { Benchmark, BenchResult } from './harness';
import { throughput } from './harness';
import { sideBySide, type SideRate } from './side-by-side';

const CREDENTIALS = { apiKey: 'b2a4c1e0-5f3d-4b7a-9c8e-0d1f2a3b4c5d', secretKey: 'SIMULATORSECRETKEY0000000000000000', passphrase: 'Simulator-Passphrase1' };
const BTC = InstrumentId.of('BTC-USDT', 'OKX');

interface Recording {
  readonly instruments: unknown;
  readonly snapshot: string;
  readonly messages: readonly string[];
  readonly sim: Awaited<ReturnType<typeof startOkxSimulator>>;
}

/** `books` pushes for BTC-USDT recorded from the simulator's feed: a snapshot, then updates with checksums. */
async function record(count: number): Promise<Recording> {
  const sim = await startOkxSimulator({ clock: new SystemClock(), seed: 7 });
  const messages: string[] = [];
  const stop = sim.state.feed.onPush((push) => {
    if (push.arg.channel === 'books' && push.arg.instId === 'BTC-USDT') messages.push(JSON.stringify(push));
  });
  const snapshot = JSON.stringify({ arg: { channel: 'books', instId: 'BTC-USDT' }, action: 'snapshot', data: [sim.state.feed.snapshot('BTC-USDT')] });
  while (messages.length < count) sim.state.market.step();
  stop();
  const instruments = await (await fetch(`${sim.url}/api/v5/public/instruments?instType=SPOT`)).json();
  return { instruments, snapshot, messages, sim };
}

async function ccxtPro(recording: Recording) {
  const exchange = new ccxt.pro.okx({ options: { fetchMarkets: { types: ['spot'] } } });
  (exchange as unknown as { publicGetPublicInstruments: () => Promise<unknown> }).publicGetPublicInstruments = async () => recording.instruments;
  await exchange.loadMarkets();
  const client = { url: 'wss://ws.okx.com:8443/ws/v5/public', resolve: () => undefined, reject: () => undefined, subscriptions: { 'books:BTC/USDT': true } };
  const handler = exchange as unknown as { handleMessage: (client: unknown, message: unknown) => void };
  return (text: string) => handler.handleMessage(client, JSON.parse(text));
}

async function bookBenchmarks(): Promise<BenchResult[]> {
  const recording = await record(4000);
  const symbols = new SymbolMap();
  const data = new OkxDataClient({ url: recording.sim.wsPublicUrl, symbols, clock: new SystemClock(), logger: silentLogger() });
  let events = 0;
  data.subscribe([BTC], () => events++);
  // Let the live subscription's own snapshot arrive first; each pass then starts from the recorded snapshot.
  await new Promise((resolve) => setTimeout(resolve, 300));
  const theirs = await ccxtPro(recording);
  const n = recording.messages.length;
  // Each round replays the recording from its snapshot; the two alternate over many rounds (side-by-side.ts).
  const rates = sideBySide([
    {
      name: 'tmt',
      iterations: n,
      run: (i) => {
        if (i === 0) data.onMessage(recording.snapshot);
        data.onMessage(recording.messages[i] as string);
      },
    },
    {
      name: 'ccxt',
      iterations: n,
      run: (i) => {
        if (i === 0) theirs(recording.snapshot);
        theirs(recording.messages[i] as string);
      },
    },
  ]);
  const ourRate = rates.get('tmt') as SideRate;
  const ccxtRate = rates.get('ccxt') as SideRate;
  const failures = data.failures.length;
  data.close();
  await recording.sim.close();
  const first = JSON.parse(recording.messages[0] as string) as { data: { bids: unknown[]; asks: unknown[] }[] };
  return [
    { benchmark: 'okx.books', metric: 'books pushes through OkxDataClient.onMessage per second (scan to scaled integers, sequence check, CRC32 from the integers, integer book, events)', value: ourRate.wall, unit: 'msg/s', notes: `${(first.data[0]?.bids.length ?? 0) + (first.data[0]?.asks.length ?? 0)} levels in the first update; ${failures} check failures; ${events} events; per CPU second ${Math.round(ourRate.cpu)}` },
    { benchmark: 'okx.books', metric: 'books updates per second (ccxt.pro okx handleMessage)', value: ccxtRate.wall, unit: 'msg/s', notes: `per CPU second ${Math.round(ccxtRate.cpu)}` },
    { benchmark: 'okx.books', metric: 'ratio tmt / ccxt.pro (wall clock)', value: ourRate.wall / ccxtRate.wall, unit: 'x', aim: '>= 2' },
    { benchmark: 'okx.books', metric: 'ratio tmt / ccxt.pro (CPU time)', value: ourRate.cpu / ccxtRate.cpu, unit: 'x', aim: '>= 2' },
  ];
}

function signingBenchmarks(): BenchResult[] {
  const signer = new OkxSigner(CREDENTIALS);
  const body = '{"instId":"BTC-USDT","tdMode":"cash","clOrdId":"bench1","side":"buy","ordType":"limit","sz":"0.01","px":"52000"}';
  const exchange = new ccxt.okx({ apiKey: CREDENTIALS.apiKey, secret: CREDENTIALS.secretKey, password: CREDENTIALS.passphrase });
  const params = { instId: 'BTC-USDT', tdMode: 'cash', clOrdId: 'bench1', side: 'buy', ordType: 'limit', sz: '0.01', px: '52000' };
  const iterations = 100_000;
  let ourRate = 0;
  let ccxtRate = 0;
  for (let round = 0; round < 3; round++) {
    ourRate = Math.max(ourRate, throughput(iterations, (i) => signer.headers(1_700_000_000_000 + i, 'POST', '/api/v5/trade/order', body)));
    ccxtRate = Math.max(ccxtRate, throughput(iterations, () => exchange.sign('trade/order', 'private', 'POST', { ...params })));
  }
  return [
    { benchmark: 'okx.sign', metric: 'signed POST headers per second (tmt)', value: ourRate, unit: 'op/s' },
    { benchmark: 'okx.sign', metric: 'signed requests per second (ccxt okx.sign)', value: ccxtRate, unit: 'op/s' },
    { benchmark: 'okx.sign', metric: 'ratio tmt / ccxt', value: ourRate / ccxtRate, unit: 'x', aim: '>= 6' },
  ];
}

async function intentBenchmarks(): Promise<BenchResult[]> {
  const clock = new ManualClock();
  const http = new OkxRestClient({ baseUrl: 'https://www.okx.com', signer: new OkxSigner(CREDENTIALS), clock, timeSync: new TimeSync(clock), limiter: new OkxRateLimiter(clock), logger: silentLogger(), demo: true, timeoutMs: 10_000 });
  const request: OrderRequest = {
    clientOrderId: ClientOrderId.parse('bench1'), accountId: AccountId.parse('bench'), instrumentId: BTC, side: 'buy', type: 'limit',
    quantity: Quantity.parse('0.01'), price: Price.parse('52000'), timeInForce: 'GTC', postOnly: false, reduceOnly: false,
  };
  const ourRate = throughput(50_000, () => {
    const body = orderBody('BTC-USDT', request, 'bench1' as VenueClientOrderId);
    if ('reason' in body) throw new Error('refused');
    const built = http.build({ method: 'POST', path: '/api/v5/trade/order', body, private: true });
    Buffer.from(built.body);
  });
  await http.close();
  const recording = await record(1);
  await recording.sim.close();
  const exchange = new ccxt.okx({ apiKey: CREDENTIALS.apiKey, secret: CREDENTIALS.secretKey, password: CREDENTIALS.passphrase, enableRateLimit: false, options: { fetchMarkets: { types: ['spot'] } } });
  (exchange as unknown as { publicGetPublicInstruments: () => Promise<unknown> }).publicGetPublicInstruments = async () => recording.instruments;
  (exchange as unknown as { privateGetAssetCurrencies: () => Promise<unknown> }).privateGetAssetCurrencies = async () => ({ code: '0', msg: '', data: [] });
  await exchange.loadMarkets();
  const answer = { code: '0', msg: '', data: [{ clOrdId: 'bench1', ordId: '312269865356374016', tag: '', ts: '1695190491421', sCode: '0', sMsg: 'Order placed' }] };
  (exchange as unknown as { fetch: () => Promise<unknown> }).fetch = async () => answer;
  for (let i = 0; i < 500; i++) await exchange.createOrder('BTC/USDT', 'limit', 'buy', 0.01, 52000);
  const iterations = 5_000;
  const start = process.hrtime.bigint();
  for (let i = 0; i < iterations; i++) await exchange.createOrder('BTC/USDT', 'limit', 'buy', 0.01, 52000);
  const ccxtRate = (iterations / Number(process.hrtime.bigint() - start)) * 1e9;
  return [
    { benchmark: 'okx.intent', metric: 'intents to signed request bytes per second (tmt)', value: ourRate, unit: 'op/s' },
    { benchmark: 'okx.intent', metric: 'createOrder per second (ccxt, network mocked)', value: ccxtRate, unit: 'op/s' },
    { benchmark: 'okx.intent', metric: 'ratio tmt / ccxt', value: ourRate / ccxtRate, unit: 'x', aim: '>= 3' },
  ];
}

export const benchmarks: Benchmark[] = [
  { name: 'okx.books', run: bookBenchmarks },
  { name: 'okx.sign', run: async () => signingBenchmarks() },
  { name: 'okx.intent', run: intentBenchmarks },
];

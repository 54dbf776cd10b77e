import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AccountId, ClientOrderId, ManualClock, Price, Quantity, type OrderBookUpdate, type VenueClientOrderId } from '../src/core';
import { createPaperVenue } from '../src/simulators/paper';
import { OrderBook } from '../src/simulators/matching/book';
import { createMatchingEngine } from '../src/simulators/matching';
import { createRandom } from '../src/simulators/matching/random';
import { InstrumentScale } from '../src/simulators/matching/scale';
import { createSyntheticSource } from '../src/simulators/matching/synthetic-source';
import { defaultAccounts, EUR_USD, FX_ACCOUNT, d } from '../src/simulators/matching/test-kit';
import { paperInstruments } from '../src/simulators/paper/instruments';
import { percentiles, throughput, type Benchmark, type BenchResult } from './harness';

const eurusd = () => paperInstruments().find((i) => i.instrument.id === EUR_USD)!;
const NAME = 'matching';

/** Level updates as a venue's depth stream sends them: mostly size changes near the touch, some new and removed levels. */
function levelUpdates(count: number): { isBid: boolean; price: number; size: number }[] {
  const random = createRandom(1);
  const mid = 108_500;
  return Array.from({ length: count }, () => {
    const isBid = random.next() < 0.5;
    const distance = Math.floor(Math.abs(random.nextNormal()) * 15);
    const price = isBid ? mid - 1 - distance : mid + distance;
    const size = random.next() < 0.1 ? 0 : 1 + random.nextInt(5_000_000);
    return { isBid, price, size };
  });
}

function fullBook(depth: number): OrderBook {
  const book = new OrderBook(EUR_USD, new InstrumentScale(eurusd().instrument));
  for (let i = 0; i < depth; i++) {
    book.bids.set(108_499 - i, 1_000_000 + i);
    book.asks.set(108_500 + i, 1_000_000 + i);
  }
  return book;
}

function bookUpdates(): BenchResult[] {
  const updates = levelUpdates(1_000_000);
  const book = fullBook(50);
  const raw = throughput(updates.length, (i) => {
    const u = updates[i % updates.length]!;
    book.side(u.isBid).set(u.price, u.size);
  });
  // The same through the engine: exact Decimal deltas converted to ticks and lots, queues and triggers checked.
  const clock = new ManualClock();
  const engine = createMatchingEngine({ clock, seed: 1, instruments: [eurusd()], accounts: defaultAccounts().slice(0, 1) });
  const scale = new InstrumentScale(eurusd().instrument);
  const deltas: OrderBookUpdate[] = updates.slice(0, 200_000).map((u) => {
    const level = [{ price: scale.price(u.price), quantity: scale.quantity(u.size) }];
    return { type: 'OrderBookUpdate', instrumentId: EUR_USD, kind: 'delta', bids: u.isBid ? level : [], asks: u.isBid ? [] : level, valid: true, occurredAt: clock.now(), recordedAt: clock.now() };
  });
  const viaEngine = throughput(deltas.length, (i) => engine.applyMarketData(deltas[i % deltas.length]!));
  return [
    { benchmark: NAME, metric: 'book level updates applied (depth 50, raw ticks)', value: Math.round(raw), unit: 'updates/s', aim: '>= 500000' },
    { benchmark: NAME, metric: 'book deltas applied through the engine (Decimal input)', value: Math.round(viaEngine), unit: 'updates/s', aim: '>= 500000' },
  ];
}

function ordersMatched(): BenchResult[] {
  const clock = new ManualClock();
  const accounts = [{ ...defaultAccounts()[0]!, balances: [{ currency: 'USD', amount: d('1000000000000') }], closeoutFraction: undefined as never }];
  const engine = createMatchingEngine({ clock, seed: 1, instruments: [eurusd()], accounts });
  const source = createSyntheticSource({ seed: 1, startAt: clock.now(), instruments: [eurusd()] });
  const refill = () => engine.applyMarketData(source.take()!);
  refill();
  let n = 0;
  const market = throughput(100_000, () => {
    if (n % 20 === 0) refill();
    engine.submit({ accountId: FX_ACCOUNT, instrumentId: EUR_USD, clientOrderId: `m${n}`, side: n++ % 2 === 0 ? 'buy' : 'sell', type: 'market', quantity: Quantity.parse('100000'), timeInForce: 'IOC' });
  });
  const bid = engine.book(EUR_USD)!.bestBid()!;
  const restingPrice = Price.of(bid.sub(d('0.00100')));
  const restThenCancel = throughput(50_000, () => {
    const ticket = engine.submit({ accountId: FX_ACCOUNT, instrumentId: EUR_USD, clientOrderId: `l${n++}`, side: 'buy', type: 'limit', quantity: Quantity.parse('1000'), price: restingPrice, timeInForce: 'GTC' });
    const outcome = ticket.outcome;
    if (outcome?.status === 'accepted') engine.cancel({ orderId: outcome.order.orderId });
  });
  return [
    { benchmark: NAME, metric: 'market orders matched (walking a synthetic depth-10 book)', value: Math.round(market), unit: 'orders/s' },
    { benchmark: NAME, metric: 'limit orders placed and canceled', value: Math.round(restThenCancel), unit: 'order pairs/s' },
  ];
}

/** The paper venue's submit as the engine calls it: write-ahead log row committed, engine matched, reports mapped. */
async function paperSubmit(): Promise<BenchResult[]> {
  const dir = mkdtempSync(join(tmpdir(), 'tmt-bench-paper-'));
  try {
    const clock = new ManualClock();
    const venue = createPaperVenue({ clock, seed: 1, storePath: join(dir, 'paper.sqlite') });
    await venue.connect();
    const accountId = AccountId.parse('paper-fx');
    const samples: bigint[] = [];
    for (let i = 0; i < 6_000; i++) {
      const id = `b${i}`;
      const request = { clientOrderId: ClientOrderId.parse(id), accountId, instrumentId: EUR_USD, side: i % 2 === 0 ? ('buy' as const) : ('sell' as const), type: 'market' as const, quantity: Quantity.parse('1000'), timeInForce: 'IOC' as const, postOnly: false, reduceOnly: false };
      const start = process.hrtime.bigint();
      await venue.submit({ request, venueClientOrderId: id as VenueClientOrderId });
      if (i >= 1_000) samples.push(process.hrtime.bigint() - start);
      // Venue time moves on between orders (outside the timing): its market, snapshots and checkpoints run.
      clock.advance(2);
    }
    await venue.close();
    const p = percentiles(samples);
    return [
      { benchmark: NAME, metric: 'paper venue submit to ack p50 (market order, store on)', value: Math.round((p.p50 ?? 0) / 1000), unit: 'us' },
      { benchmark: NAME, metric: 'paper venue submit to ack p99', value: Math.round((p.p99 ?? 0) / 1000), unit: 'us' },
      { benchmark: NAME, metric: 'paper venue submit to ack p99.9', value: Math.round((p['p99.9'] ?? 0) / 1000), unit: 'us' },
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function memoryPerBook(): BenchResult[] {
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  const count = 2_000;
  gc();
  const before = process.memoryUsage().heapUsed;
  const books = Array.from({ length: count }, () => fullBook(50));
  gc();
  const after = process.memoryUsage().heapUsed;
  if (books.length !== count) throw new Error('unreachable');
  return [{ benchmark: NAME, metric: 'memory per instrument book at depth 50 (both sides)', value: Math.round((after - before) / count), unit: 'bytes' }];
}

export const benchmarks: Benchmark[] = [
  {
    name: NAME,
    async run() {
      return [...bookUpdates(), ...ordersMatched(), ...(await paperSubmit()), ...memoryPerBook()];
    },
  },
];

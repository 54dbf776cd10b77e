import { setTimeout as sleep } from 'node:timers/promises';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

import { AccountId, ClientOrderId, deriveVenueClientOrderId, InstrumentId, ManualClock, Quantity, type OrderRequest, type VenueClientOrderId } from '../src/core';
import { silentLogger } from '../src/shared/logger';
import { createOandaSimulator } from '../src/simulators/oanda';
import { createOandaVenue } from '../src/venues/oanda';
import { OandaDataClient } from '../src/venues/oanda/data-client';
import { encodeOrderRequest } from '../src/venues/oanda/encode';
import { parseInstrument } from '../src/venues/oanda/parse/instruments';
import { reportFromCreateResponse } from '../src/venues/oanda/parse/orders';
import { LineSplitter } from '../src/venues/oanda/stream/line-splitter';
import { oandaCredentials } from '../src/venues/oanda/credentials';
import { percentiles, throughput, type Benchmark } from './harness';

const EUR_USD = InstrumentId.parse('EUR_USD.OANDA');

function priceLine(i: number): string {
  const bid = (108_400 + (i % 200)).toString();
  const ask = (108_414 + (i % 200)).toString();
  const p = (digits: string) => `${digits.slice(0, 1)}.${digits.slice(1)}`;
  return `{"type":"PRICE","time":"2026-01-05T12:00:00.${String(i % 1_000_000_000).padStart(9, '0')}Z","bids":[{"price":"${p(bid)}","liquidity":10000000}],"asks":[{"price":"${p(ask)}","liquidity":10000000}],"closeoutBid":"${p(bid)}","closeoutAsk":"${p(ask)}","status":"tradeable","tradeable":true,"instrument":"EUR_USD"}`;
}

/** A data client whose subscriptions dispatch lines but which opens no connection (the benchmark feeds it). */
function dataClient(): OandaDataClient {
  const client = new OandaDataClient({
    accountId: 'bench', streamOrigin: 'http://127.0.0.1:1', credentials: oandaCredentials('bench-token-0000'), clock: new ManualClock(), logger: silentLogger(),
    silenceMs: 15_000, initialDelayMs: 100, maxDelayMs: 5000, onState: () => undefined, onUnrecognized: () => undefined,
  });
  return client;
}

function gc(): () => void {
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
}

export const benchmarks: Benchmark[] = [
  {
    name: 'oanda-order-roundtrip',
    async run() {
      const sim = await createOandaSimulator({ prices: 'scripted' });
      const accountId = AccountId.parse(sim.accounts[2] ?? '');
      const client = createOandaVenue({ config: { environment: 'simulator', baseUrl: sim.url, accountIds: [accountId] }, token: sim.token, logger: silentLogger() });
      await client.connect();
      const samples: bigint[] = [];
      for (let i = 0; i < 220; i++) {
        const request: OrderRequest = {
          clientOrderId: ClientOrderId.parse(`bench-${i}`), accountId, instrumentId: EUR_USD, side: i % 2 === 0 ? 'buy' : 'sell', type: 'market',
          quantity: Quantity.parse('1000'), timeInForce: 'FOK', postOnly: false, reduceOnly: false,
        };
        const venueClientOrderId = deriveVenueClientOrderId(request.clientOrderId, client.capabilities.clientOrderId);
        const started = process.hrtime.bigint();
        await client.submit({ request, venueClientOrderId });
        if (i >= 20) samples.push(process.hrtime.bigint() - started);
        // Spaced out so that the rate limiter (100/s) never holds a measured order.
        await sleep(12);
      }
      await client.disconnect();
      await sim.close();
      const p = percentiles(samples, [50, 99]);
      return [
        { benchmark: 'oanda-order-roundtrip', metric: 'submit p50 (encode, HTTP on loopback, simulator, parse)', value: (p['p50'] ?? 0) / 1e3, unit: 'µs' },
        { benchmark: 'oanda-order-roundtrip', metric: 'submit p99', value: (p['p99'] ?? 0) / 1e3, unit: 'µs' },
      ];
    },
  },
  {
    name: 'oanda-adapter-overhead',
    async run() {
      const instrument = parseInstrument({ name: 'EUR_USD', type: 'CURRENCY', pipLocation: -4, displayPrecision: 5, tradeUnitsPrecision: 0, minimumTradeSize: '1', maximumTrailingStopDistance: '1.00000', minimumTrailingStopDistance: '0.00050', maximumPositionSize: '0', maximumOrderUnits: '100000000', marginRate: '0.02' });
      const request: OrderRequest = { clientOrderId: ClientOrderId.parse('c-1'), accountId: AccountId.parse('a-1'), instrumentId: EUR_USD, side: 'buy', type: 'market', quantity: Quantity.parse('1000'), timeInForce: 'FOK', postOnly: false, reduceOnly: false };
      const answer = { orderCreateTransaction: { id: '3', time: '2026-01-05T12:00:00.000000000Z', type: 'MARKET_ORDER', instrument: 'EUR_USD', units: '1000', timeInForce: 'FOK', positionFill: 'DEFAULT', clientExtensions: { id: 'c-1' }, reason: 'CLIENT_ORDER' }, orderFillTransaction: { id: '4', time: '2026-01-05T12:00:00.000000000Z', type: 'ORDER_FILL', orderID: '3', instrument: 'EUR_USD', units: '1000', price: '1.08507', pl: '0.0000', commission: '0.0000', financing: '0.0000' }, relatedTransactionIDs: ['3', '4'], lastTransactionID: '4' };
      const text = JSON.stringify(answer);
      const perSecond = throughput(50_000, () => {
        JSON.stringify({ order: encodeOrderRequest(request, { instrument, venueClientOrderId: 'c-1' as VenueClientOrderId }) });
        reportFromCreateResponse(request.accountId, 'USD', JSON.parse(text), 0);
      });
      return [{ benchmark: 'oanda-adapter-overhead', metric: 'encode + serialize + parse + map of one order (no I/O)', value: 1e6 / perSecond, unit: 'µs/order' }];
    },
  },
  {
    name: 'oanda-pricing-stream',
    async run() {
      const data = dataClient();
      let applied = 0;
      data.subscribe([EUR_USD], () => applied++);
      await data.stop();
      const lines = Array.from({ length: 1000 }, (_, i) => priceLine(i));
      const perSecond = throughput(300_000, (i) => data.applyLine(lines[i % lines.length] ?? ''));
      // The whole path from bytes: chunks of a TCP segment's size, split into lines, parsed, applied.
      const bytes = Buffer.from(lines.map((l) => `${l}\n`).join(''));
      const splitter = new LineSplitter();
      const chunks: Buffer[] = [];
      for (let offset = 0; offset < bytes.length; offset += 1400) chunks.push(bytes.subarray(offset, offset + 1400));
      const onLine = (line: string) => data.applyLine(line);
      const chunkRounds = 200;
      const started = process.hrtime.bigint();
      for (let round = 0; round < chunkRounds; round++) for (const chunk of chunks) splitter.push(chunk, onLine);
      const fromBytes = (chunkRounds * lines.length) / (Number(process.hrtime.bigint() - started) / 1e9);
      return [
        { benchmark: 'oanda-pricing-stream', metric: 'PRICE lines parsed and applied', value: Math.round(perSecond), unit: 'lines/s', notes: `${applied} applied` },
        { benchmark: 'oanda-pricing-stream', metric: 'PRICE lines from 1400-byte chunks: split, parsed, applied', value: Math.round(fromBytes), unit: 'lines/s' },
      ];
    },
  },
  {
    name: 'oanda-stream-heap',
    async run() {
      const collect = gc();
      const data = dataClient();
      let last = '';
      data.subscribe([EUR_USD], (event) => {
        if (event.type === 'QuoteTick') last = event.bid.toString();
      });
      await data.stop();
      const splitter = new LineSplitter();
      const feed = (from: number, count: number) => {
        for (let i = from; i < from + count; i += 50) {
          const chunk = Buffer.from(Array.from({ length: 50 }, (_, k) => `${priceLine(i + k)}\n`).join(''));
          splitter.push(chunk.subarray(0, 700), (line) => data.applyLine(line));
          splitter.push(chunk.subarray(700), (line) => data.applyLine(line));
        }
      };
      feed(0, 200_000);
      collect();
      const before = process.memoryUsage().heapUsed;
      feed(200_000, 2_000_000);
      collect();
      const after = process.memoryUsage().heapUsed;
      return [{ benchmark: 'oanda-stream-heap', metric: 'heap growth over 2,000,000 pricing lines (after GC)', value: Math.round((after - before) / 1024), unit: 'KiB', aim: 'flat', notes: `last bid ${last}` }];
    },
  },
];

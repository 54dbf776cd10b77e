/**
 * DXtrade: encoding a Single Order Request (exact JSON numbers), parsing an order update and a quote from the
 * push API into exact decimals, and the round trip of a limit order over loopback through the adapter and the
 * simulator. The peer in the same run is the platform's own JSON.parse of the same text (numbers as binary
 * floats, no validation): the ratio says what exactness and validation cost.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import type { Decimal} from '../src/core';
import { AccountId, ClientOrderId, InstrumentId, Price, Quantity, type OrderRequest, type VenueClientOrderId } from '../src/core';
import { silentLogger } from '../src/shared/logger';
import { createDxtradeSimulator } from '../src/simulators/dxtrade';
import { createDxtradeVenue } from '../src/venues/dxtrade';
import { exactJson, singleOrderRequest } from '../src/venues/dxtrade/encode';
import { fillsOf, orderReportOf } from '../src/venues/dxtrade/parse/reports';
import { OrderSchema, parseJson, PushMessageSchema, QuoteSchema } from '../src/venues/dxtrade/parse/wire';
import { percentiles, throughput, type Benchmark } from './harness';

const FIXTURES = join(import.meta.dirname, '..', 'src', 'venues', 'dxtrade', 'fixtures');
const PORTFOLIO = readFileSync(join(FIXTURES, 'push-account-portfolios.json'), 'utf8');
const QUOTE = readFileSync(join(FIXTURES, 'push-market-data.json'), 'utf8');

const ORDER: OrderRequest = {
  clientOrderId: ClientOrderId.parse('bench-1'), accountId: AccountId.parse('default:1001'), instrumentId: InstrumentId.parse('EUR/USD.DXTRADE'), side: 'buy', type: 'limit',
  quantity: Quantity.parse('10000'), price: Price.parse('1.07415'), timeInForce: 'GTC', postOnly: false, reduceOnly: false,
};

function parseOrderUpdate(text: string): number {
  const message = PushMessageSchema.parse(parseJson(text));
  const portfolio = (message.payload as { portfolios: { orders: unknown[] }[] }).portfolios[0];
  const order = OrderSchema.parse(portfolio?.orders[0]);
  return orderReportOf(order, 0).filledQuantity.scale + fillsOf(order, 'USD').length;
}

function parseQuote(text: string): Decimal {
  const message = PushMessageSchema.parse(parseJson(text));
  const quote = QuoteSchema.parse((message.payload as { events: unknown[] }).events[0]);
  return quote.ask.sub(quote.bid);
}

export const benchmarks: Benchmark[] = [
  {
    name: 'dxtrade-codec',
    async run() {
      const encode = throughput(100_000, () => exactJson(singleOrderRequest('default:1001', 'bench-1', ORDER)));
      const encodePeer = throughput(100_000, () => JSON.stringify({ account: 'default:1001', orderCode: 'bench-1', type: 'LIMIT', instrument: 'EUR/USD', quantity: 10000, positionEffect: 'OPEN', side: 'BUY', tif: 'GTC', limitPrice: 1.07415 }));
      const order = throughput(20_000, () => parseOrderUpdate(PORTFOLIO));
      const orderPeer = throughput(20_000, () => JSON.parse(PORTFOLIO) as unknown);
      const quote = throughput(100_000, () => parseQuote(QUOTE));
      const quotePeer = throughput(100_000, () => JSON.parse(QUOTE) as unknown);
      const ratio = (a: number, b: number) => `${(b / a).toFixed(1)}x slower than the JSON peer`;
      return [
        { benchmark: 'dxtrade-codec', metric: 'encode Single Order Request (exact JSON)', value: Math.round(encode), unit: 'msg/s', notes: ratio(encode, encodePeer) },
        { benchmark: 'dxtrade-codec', metric: 'peer: JSON.stringify of the same request', value: Math.round(encodePeer), unit: 'msg/s' },
        { benchmark: 'dxtrade-codec', metric: 'parse AccountPortfolios order update (validated, exact, report + fills)', value: Math.round(order), unit: 'msg/s', notes: ratio(order, orderPeer) },
        { benchmark: 'dxtrade-codec', metric: 'peer: JSON.parse of the same update', value: Math.round(orderPeer), unit: 'msg/s' },
        { benchmark: 'dxtrade-codec', metric: 'parse MarketData quote (validated, exact)', value: Math.round(quote), unit: 'msg/s', notes: ratio(quote, quotePeer) },
        { benchmark: 'dxtrade-codec', metric: 'peer: JSON.parse of the same quote', value: Math.round(quotePeer), unit: 'msg/s' },
      ];
    },
  },
  {
    name: 'dxtrade-round-trip',
    async run() {
      const unlimited = { loginPerSecond: 1000, dataPerSecond: 10_000, tradingPerSecond: 10_000 };
      const sim = await createDxtradeSimulator({ prices: 'scripted', rateLimits: { loginPerSecond: Infinity, dataPerSecond: Infinity, tradingPerSecond: Infinity } });
      const client = createDxtradeVenue({
        config: { environment: 'simulator', restUrl: sim.url, pushUrl: sim.pushUrl, accountIds: ['default:1001'], rateLimits: unlimited },
        username: sim.user.username, domain: sim.user.domain, password: sim.user.password, logger: silentLogger(),
      });
      await client.connect();
      const samples: bigint[] = [];
      try {
        for (let i = 0; i < 400; i++) {
          const request = { ...ORDER, clientOrderId: ClientOrderId.parse(`rt-${i}`), price: Price.parse('1.06000') };
          const started = process.hrtime.bigint();
          const result = await client.submit({ request, venueClientOrderId: `rt-${i}` as VenueClientOrderId });
          if (i >= 40) samples.push(process.hrtime.bigint() - started);
          if (result.status !== 'accepted') throw new Error(`bench order refused: ${JSON.stringify(result)}`);
        }
      } finally {
        await client.disconnect();
        await sim.close();
      }
      const p = percentiles(samples);
      return [
        { benchmark: 'dxtrade-round-trip', metric: 'submit limit → accepted, loopback REST (p50)', value: Math.round((p['p50'] ?? 0) / 1000), unit: 'µs' },
        { benchmark: 'dxtrade-round-trip', metric: 'submit limit → accepted, loopback REST (p99)', value: Math.round((p['p99'] ?? 0) / 1000), unit: 'µs' },
      ];
    },
  },
];

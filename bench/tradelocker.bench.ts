/**
 * TradeLocker adapter: request encoding (POST /orders bodies with exact number tokens), parsing of order
 * updates (column-ordered rows read exactly) and quotes, each beside its peer measured in the same run
 * (OANDA's encoder; plain JSON.parse, which loses exactness), and an order round trip against the simulator.
 */
import { AccountId, ClientOrderId, Decimal, deriveVenueClientOrderId, InstrumentId, Price, Quantity, type OrderRequest, type VenueClientOrderId } from '../src/core';
import { silentLogger } from '../src/shared/logger';
import { engineInstrument, OANDA_INSTRUMENTS } from '../src/simulators/oanda/instruments';
import { createTradeLockerSimulator } from '../src/simulators/tradelocker';
import { encodeOrderRequest } from '../src/venues/oanda/encode';
import { createTradeLockerVenue } from '../src/venues/tradelocker';
import { encodePlaceOrder } from '../src/venues/tradelocker/encode';
import { parseExactJson, stringifyExactJson } from '../src/venues/tradelocker/http/json';
import { instrumentOf } from '../src/venues/tradelocker/parse/instruments';
import { readOrder } from '../src/venues/tradelocker/parse/orders';
import { rowsOf } from '../src/venues/tradelocker/parse/wire';
import { InstrumentTable } from '../src/venues/tradelocker/symbols';
import { percentiles, throughput, type Benchmark } from './harness';

const COLUMNS = ['id', 'tradableInstrumentId', 'routeId', 'qty', 'side', 'type', 'status', 'filledQty', 'avgPrice', 'price', 'stopPrice', 'validity', 'expireDate', 'createdDate', 'lastModified', 'isOpen', 'positionId', 'stopLoss', 'stopLossType', 'takeProfit', 'takeProfitType', 'strategyId'];
const entry = instrumentOf(
  { tradableInstrumentId: '278', name: 'EURUSD', tradeRouteId: '902', infoRouteId: '903' },
  { lotSize: '100000', lotStep: '0.01', minLot: '0.01', maxLot: '100', leverage: '100', tickSize: [{ leftEdgePrice: '0', tickSize: '0.00001' }], baseCurrency: 'EUR', quotingCurrency: 'USD' },
  undefined,
);
const table = new InstrumentTable([entry]);

function ordersAnswer(rows: number): string {
  const row = (i: number) => `["72778169978474${String(i).padStart(5, '0')}","278","902","0.1","buy","limit","New","0","0","1.0${7000 + (i % 900)}","0","GTC","0","1706000000000","1706000000${String(i % 1000).padStart(3, '0')}","true","0",null,null,null,null,"tmt-${i}"]`;
  return `{"s":"ok","d":{"orders":[${Array.from({ length: rows }, (_, i) => row(i)).join(',')}]}}`;
}

function limit(i: number, instrumentId: InstrumentId): OrderRequest {
  return {
    clientOrderId: ClientOrderId.parse(`bench-${i}`), accountId: AccountId.parse('1001001'), instrumentId, side: i % 2 === 0 ? 'buy' : 'sell', type: 'limit',
    timeInForce: 'GTC', quantity: Quantity.parse('10000'), price: Price.parse(`1.0${7000 + (i % 900)}`), postOnly: false, reduceOnly: false,
    attached: { stopLoss: { triggerPrice: Price.parse('1.06000') }, takeProfit: { price: Price.parse('1.09000') } },
  };
}

export const benchmarks: Benchmark[] = [
  {
    name: 'tradelocker-encode',
    async run() {
      const eurusd = InstrumentId.parse('EURUSD.TRADELOCKER');
      const requests = Array.from({ length: 1000 }, (_, i) => limit(i, eurusd));
      const ours = throughput(200_000, (i) => stringifyExactJson(encodePlaceOrder(requests[i % 1000] as OrderRequest, entry, `bench-${i % 1000}` as VenueClientOrderId)));
      const oanda = engineInstrument(OANDA_INSTRUMENTS[0] as (typeof OANDA_INSTRUMENTS)[number]);
      const peers = Array.from({ length: 1000 }, (_, i) => ({ ...limit(i, oanda.id), timeInForce: 'GTC' as const }));
      const peer = throughput(200_000, (i) => JSON.stringify(encodeOrderRequest(peers[i % 1000] as OrderRequest, { instrument: oanda, venueClientOrderId: `bench-${i % 1000}` as VenueClientOrderId })));
      return [
        { benchmark: 'tradelocker-encode', metric: 'place-order bodies', value: Math.round(ours), unit: 'ops/s', notes: 'encodePlaceOrder + lossless stringify, limit with SL/TP' },
        { benchmark: 'tradelocker-encode', metric: 'peer: OANDA encodeOrderRequest + JSON.stringify', value: Math.round(peer), unit: 'ops/s' },
        { benchmark: 'tradelocker-encode', metric: 'ratio ours / peer', value: Number((ours / peer).toFixed(3)), unit: 'x' },
      ];
    },
  },
  {
    name: 'tradelocker-parse',
    async run() {
      const text = ordersAnswer(50);
      const ours = throughput(4_000, () => {
        const rows = rowsOf((parseExactJson(text) as { d: unknown }).d, 'orders', COLUMNS);
        for (const row of rows) readOrder(row, table);
      });
      const peer = throughput(4_000, () => JSON.parse(text));
      const quote = '{"s":"ok","d":{"ap":1.08512,"bp":1.08500,"as":500,"bs":500}}';
      const quotes = throughput(200_000, () => {
        const d = (parseExactJson(quote) as { d: Record<string, string> }).d;
        Decimal.parse(d['bp'] ?? '0');
        Decimal.parse(d['ap'] ?? '0');
      });
      const quotesPeer = throughput(200_000, () => JSON.parse(quote));
      return [
        { benchmark: 'tradelocker-parse', metric: 'order updates (50-row GET /orders answers, rows read into orders)', value: Math.round(ours * 50), unit: 'rows/s' },
        { benchmark: 'tradelocker-parse', metric: 'peer: JSON.parse alone (inexact numbers)', value: Math.round(peer * 50), unit: 'rows/s' },
        { benchmark: 'tradelocker-parse', metric: 'ratio ours / peer (orders)', value: Number((ours / peer).toFixed(3)), unit: 'x' },
        { benchmark: 'tradelocker-parse', metric: 'quotes read exactly', value: Math.round(quotes), unit: 'ops/s' },
        { benchmark: 'tradelocker-parse', metric: 'peer: JSON.parse of the quote', value: Math.round(quotesPeer), unit: 'ops/s' },
        { benchmark: 'tradelocker-parse', metric: 'ratio ours / peer (quotes)', value: Number((quotes / quotesPeer).toFixed(3)), unit: 'x' },
      ];
    },
  },
  {
    name: 'tradelocker-order-roundtrip',
    async run() {
      const sim = await createTradeLockerSimulator({ prices: 'scripted' });
      const account = sim.accounts[0]?.id ?? '';
      const client = createTradeLockerVenue({ config: { environment: 'simulator', baseUrl: sim.url, accountIds: [account], pollIntervalMs: 5_000 }, login: sim.login, logger: silentLogger() });
      await client.connect();
      const samples: bigint[] = [];
      const eurusd = InstrumentId.parse('EURUSD.TRADELOCKER');
      for (let i = 0; i < 120; i++) {
        const request: OrderRequest = { clientOrderId: ClientOrderId.parse(`rt-${i}`), accountId: AccountId.parse(account), instrumentId: eurusd, side: i % 2 === 0 ? 'buy' : 'sell', type: 'market', timeInForce: 'IOC', quantity: Quantity.parse('1000'), postOnly: false, reduceOnly: false };
        const started = process.hrtime.bigint();
        await client.submit({ request, venueClientOrderId: deriveVenueClientOrderId(request.clientOrderId, client.capabilities.clientOrderId) });
        if (i >= 20) samples.push(process.hrtime.bigint() - started);
      }
      await client.disconnect();
      await sim.close();
      const p = percentiles(samples);
      return [
        { benchmark: 'tradelocker-order-roundtrip', metric: 'market order submit p50', value: Number(((p['p50'] ?? 0) / 1e6).toFixed(3)), unit: 'ms' },
        { benchmark: 'tradelocker-order-roundtrip', metric: 'market order submit p99', value: Number(((p['p99'] ?? 0) / 1e6).toFixed(3)), unit: 'ms' },
      ];
    },
  },
];

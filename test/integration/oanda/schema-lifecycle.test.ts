import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { Decimal } from '../../../src/core';
import { LineSplitter } from '../../../src/venues/oanda/stream/line-splitter';
import { createOandaSimulator, type OandaSimulator } from '../../../src/simulators/oanda';
import { eventually } from './harness';
import { definitionErrors, responseErrors, templateOf, transactionDefinition } from './schema';

/** A full lifecycle on the simulator's wire; every REST answer and every stream line must validate against the schema. */
describe('OANDA simulator answers validate against the official schema', () => {
  let sim: OandaSimulator;
  let account = '';
  const replies: { method: string; path: string; status: number; body: Record<string, unknown> }[] = [];
  const streamLines: { stream: 'transactions' | 'pricing'; value: Record<string, unknown> }[] = [];
  const aborts: AbortController[] = [];

  const call = async (method: string, path: string, body?: unknown) => {
    const response = await fetch(`${sim.url}/v3/accounts/${account}${path}`, {
      method, headers: { authorization: `Bearer ${sim.token}`, 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const json = (await response.json()) as Record<string, unknown>;
    expect(response.status, `${method} ${path}: ${JSON.stringify(json)}`).toBeLessThan(300);
    return json;
  };
  const openStream = (stream: 'transactions' | 'pricing', path: string) => {
    const abort = new AbortController();
    aborts.push(abort);
    void fetch(`${sim.url}/v3/accounts/${account}${path}`, { headers: { authorization: `Bearer ${sim.token}` }, signal: abort.signal }).then(async (response) => {
      const splitter = new LineSplitter();
      for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
        splitter.push(Buffer.from(chunk), (line) => streamLines.push({ stream, value: JSON.parse(line) as Record<string, unknown> }));
      }
    }).catch(() => undefined);
  };

  beforeAll(async () => {
    sim = await createOandaSimulator({ prices: 'scripted', heartbeatMs: 200, onReply: (reply) => replies.push(reply) });
    account = sim.accounts[0] ?? '';
    openStream('transactions', '/transactions/stream');
    openStream('pricing', '/pricing/stream?instruments=EUR_USD,USD_JPY');
    await eventually('both streams', () => (streamLines.some((l) => l.stream === 'pricing') && streamLines.some((l) => l.stream === 'transactions') ? true : undefined));

    await call('GET', '');
    await call('GET', '/summary');
    await call('GET', '/instruments');
    await call('GET', '/pricing?instruments=EUR_USD,USD_JPY&includeHomeConversions=true');
    const market = await call('POST', '/orders', { order: {
      type: 'MARKET', instrument: 'EUR_USD', units: '10000', clientExtensions: { id: 'entry-1', tag: 'lifecycle' }, tradeClientExtensions: { id: 'trade-1' },
      takeProfitOnFill: { price: '1.09000' }, stopLossOnFill: { distance: '0.00500' }, trailingStopLossOnFill: { distance: '0.00800' },
    } });
    const tradeId = String((market['orderFillTransaction'] as { tradeOpened: { tradeID: string } }).tradeOpened.tradeID);
    await call('POST', '/orders', { order: { type: 'LIMIT', instrument: 'EUR_USD', units: '-5000', price: '1.09500', timeInForce: 'GTD', gtdTime: new Date(sim.clock.now() + 3_600_000).toISOString(), clientExtensions: { id: 'limit-1' } } });
    await call('POST', '/orders', { order: { type: 'STOP', instrument: 'EUR_USD', units: '1000', price: '1.09900', priceBound: '1.10000' } });
    await call('POST', '/orders', { order: { type: 'MARKET_IF_TOUCHED', instrument: 'EUR_USD', units: '1000', price: '1.07000', timeInForce: 'GFD' } });
    await call('PUT', '/orders/@limit-1', { order: { type: 'LIMIT', instrument: 'EUR_USD', units: '-5000', price: '1.09600', clientExtensions: { id: 'limit-1' } } });
    await call('PUT', '/orders/@limit-1/cancel');
    await call('GET', '/orders?state=ALL&count=100');
    await call('GET', '/pendingOrders');
    await call('GET', '/orders/@entry-1');
    await call('GET', '/trades?state=ALL');
    await call('GET', '/openTrades');
    await call('GET', `/trades/${tradeId}`);
    await call('GET', '/trades/@trade-1');
    await call('PUT', `/trades/${tradeId}/orders`, { takeProfit: { price: '1.08800' }, stopLoss: null });
    await call('PUT', `/trades/${tradeId}/close`, { units: '4000' });
    sim.market.movePrice('EUR_USD', Decimal.parse('1.08900'));
    await call('POST', '/orders', { order: { type: 'MARKET', instrument: 'USD_JPY', units: '-20000' } });
    await call('POST', '/orders', { order: { type: 'MARKET', instrument: 'EUR_USD', units: '3000' } });
    await call('GET', '/positions');
    await call('GET', '/openPositions');
    await call('GET', '/positions/EUR_USD');
    await call('PUT', '/positions/EUR_USD/close', { longUnits: 'ALL' });
    sim.market.advanceTime(86_400_000);
    await call('GET', `/transactions?from=${encodeURIComponent(new Date(0).toISOString())}&pageSize=10`);
    await call('GET', '/transactions/idrange?from=1&to=10');
    await call('GET', '/transactions/sinceid?id=5');
    await call('GET', '/transactions/3');
    await call('GET', '/changes?sinceTransactionID=3');
    const summary = await call('GET', '/summary');
    const last = String((summary['account'] as { lastTransactionID: string }).lastTransactionID);
    await eventually('the transaction stream to catch up', () => (streamLines.some((l) => l.value['id'] === last) ? true : undefined));
  });
  afterAll(async () => {
    for (const abort of aborts) abort.abort();
    await sim.close();
  });

  it('validates every REST answer of the lifecycle', () => {
    const errors = replies.flatMap((r) => responseErrors(r.method, templateOf(r.path), r.status, r.body).map((e) => `${r.method} ${r.path} ${r.status}: ${e}`));
    expect(errors).toEqual([]);
    expect(replies.length).toBeGreaterThan(30);
  });

  it('validates every transaction-stream and pricing-stream line', () => {
    const errors = streamLines.flatMap(({ stream, value }) => {
      const type = String(value['type']);
      const definition = stream === 'pricing' ? (type === 'PRICE' ? 'ClientPrice' : 'PricingHeartbeat') : type === 'HEARTBEAT' ? 'TransactionHeartbeat' : transactionDefinition(type);
      return definitionErrors(definition, value).map((e) => `${stream} ${type}: ${e}`);
    });
    expect(errors).toEqual([]);
    const types = new Set(streamLines.map((l) => l.value['type']));
    for (const type of ['HEARTBEAT', 'PRICE', 'MARKET_ORDER', 'ORDER_FILL', 'TAKE_PROFIT_ORDER', 'STOP_LOSS_ORDER', 'TRAILING_STOP_LOSS_ORDER', 'LIMIT_ORDER', 'ORDER_CANCEL', 'STOP_ORDER', 'MARKET_IF_TOUCHED_ORDER', 'DAILY_FINANCING']) {
      expect(types, type).toContain(type);
    }
  });

  it('keeps the balance equal to deposits plus booked P&L and financing', async () => {
    const { transactions } = (await call('GET', '/transactions/sinceid?id=0')) as { transactions: Record<string, string>[] };
    const booked = transactions.reduce((sum, t) => {
      if (t['type'] === 'TRANSFER_FUNDS') return sum.add(Decimal.parse(t['amount'] ?? '0'));
      if (t['type'] === 'ORDER_FILL') return sum.add(Decimal.parse(t['pl'] ?? '0')).add(Decimal.parse(t['financing'] ?? '0'));
      if (t['type'] === 'DAILY_FINANCING') return sum.add(Decimal.parse(t['financing'] ?? '0'));
      return sum;
    }, Decimal.ZERO);
    const balance = Decimal.parse(String(((await call('GET', '/summary'))['account'] as { balance: string }).balance));
    // Amounts are written at 4 decimals per transaction; the engine keeps more, so the sums may differ by rounding only.
    expect(balance.sub(booked).abs().lte(Decimal.parse('0.0010')), `${balance.toString()} vs ${booked.toString()}`).toBe(true);
  });
});

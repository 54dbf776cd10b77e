/* eslint-disable @typescript-eslint/no-explicit-any -- @oanda/v20 ships untyped JavaScript; its answers are read field by field as the wire has them. */
import { createRequire } from 'node:module';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { Decimal } from '../../../src/core';
import { createOandaSimulator, type OandaSimulator } from '../../../src/simulators/oanda';
import { eventually } from './harness';

/**
 * OANDA's own JavaScript client (@oanda/v20, unmodified) drives the simulator through a lifecycle: if the
 * simulator's wire differs from OANDA's, the official client is the first to notice. (Its pricing stream is
 * broken upstream, "Price is not defined", so prices are read over REST here.)
 */
interface V20Response {
  statusCode: string;
  body: Record<string, any> | null;
  rawBody: string;
}
type Callback = (response: V20Response) => void;

const require = createRequire(import.meta.url);
const { Context } = require('@oanda/v20/context') as { Context: new (host: string, port: number, ssl: boolean, application: string) => any };

describe('the official @oanda/v20 client against the simulator', () => {
  let sim: OandaSimulator;
  let ctx: any;
  let account = '';
  const call = (invoke: (callback: Callback) => void): Promise<V20Response> => new Promise((resolve) => invoke(resolve));

  beforeAll(async () => {
    sim = await createOandaSimulator({ prices: 'scripted', heartbeatMs: 200 });
    account = sim.accounts[0] ?? '';
    ctx = new Context('127.0.0.1', Number(new URL(sim.url).port), false, 'tmt-test');
    ctx.setToken(sim.token);
  });
  afterAll(async () => sim.close());

  it('runs summary, instruments, orders with SL/TP, limit, replace, cancel, trades, position close, transactions and the transaction stream', async () => {
    const streamed: any[] = [];
    ctx.transaction.stream(account, (message: any) => streamed.push(message), () => undefined);

    const summary = await call((cb) => ctx.account.summary(account, cb));
    expect(summary.statusCode).toBe('200');
    expect(summary.body?.['account'].balance).toBe('100000.0000');
    const firstId = String(summary.body?.['lastTransactionID']);

    const instruments = await call((cb) => ctx.account.instruments(account, {}, cb));
    expect(instruments.statusCode).toBe('200');
    const names = (instruments.body?.['instruments'] as any[]).map((i) => i.name);
    for (const name of ['EUR_USD', 'GBP_USD', 'USD_JPY', 'AUD_USD', 'EUR_GBP']) expect(names).toContain(name);

    const market = await call((cb) =>
      ctx.order.market(account, { instrument: 'EUR_USD', units: '10000', stopLossOnFill: { price: '1.07000' }, takeProfitOnFill: { price: '1.10000' } }, cb),
    );
    expect(market.statusCode, market.rawBody).toBe('201');
    const fill = market.body?.['orderFillTransaction'];
    expect(fill.units).toBe('10000');
    const tradeId = String(fill.tradeOpened.tradeID);

    const limit = await call((cb) => ctx.order.limit(account, { instrument: 'EUR_USD', units: '-5000', price: '1.09500', clientExtensions: { id: 'official-limit' } }, cb));
    expect(limit.statusCode, limit.rawBody).toBe('201');
    const limitId = String(limit.body?.['orderCreateTransaction'].id);

    const replaced = await call((cb) => ctx.order.replace(account, limitId, { order: { type: 'LIMIT', instrument: 'EUR_USD', units: '-5000', price: '1.09600' } }, cb));
    expect(replaced.statusCode, replaced.rawBody).toBe('201');
    const replacementId = String(replaced.body?.['orderCreateTransaction'].id);
    expect(replaced.body?.['orderCancelTransaction'].reason).toBe('CLIENT_REQUEST_REPLACED');

    const canceled = await call((cb) => ctx.order.cancel(account, replacementId, cb));
    expect(canceled.statusCode, canceled.rawBody).toBe('200');

    const trades = await call((cb) => ctx.trade.listOpen(account, cb));
    expect(trades.statusCode).toBe('200');
    const trade = (trades.body?.['trades'] as any[]).find((t) => t.id === tradeId);
    expect(trade.stopLossOrder.price).toBe('1.07000');
    expect(trade.takeProfitOrder.price).toBe('1.10000');

    const closedPart = await call((cb) => ctx.trade.close(account, tradeId, { units: '4000' }, cb));
    expect(closedPart.statusCode, closedPart.rawBody).toBe('200');
    expect(closedPart.body?.['orderFillTransaction'].tradeReduced.units).toBe('-4000');

    const position = await call((cb) => ctx.position.close(account, 'EUR_USD', { longUnits: 'ALL' }, cb));
    expect(position.statusCode, position.rawBody).toBe('200');
    expect(position.body?.['longOrderFillTransaction'].units).toBe('-6000');

    const since = await call((cb) => ctx.transaction.since(account, { id: firstId }, cb));
    expect(since.statusCode).toBe('200');
    const types = (since.body?.['transactions'] as any[]).map((t) => t.type);
    for (const type of ['MARKET_ORDER', 'ORDER_FILL', 'STOP_LOSS_ORDER', 'TAKE_PROFIT_ORDER', 'LIMIT_ORDER', 'ORDER_CANCEL']) expect(types).toContain(type);

    const last = String(since.body?.['lastTransactionID']);
    await eventually('the transaction stream to deliver everything', () => (streamed.some((m) => m.id === last) ? true : undefined));
    await eventually('a heartbeat on the stream', () => (streamed.some((m) => m.type === 'HEARTBEAT') ? true : undefined));
    const after = await call((cb) => ctx.account.summary(account, cb));
    expect(Decimal.parse(after.body?.['account'].balance).eq(Decimal.parse(summary.body?.['account'].balance).add(Decimal.parse(closedPart.body?.['orderFillTransaction'].pl)).add(Decimal.parse(position.body?.['longOrderFillTransaction'].pl)))).toBe(true);
    sim.server.dropStreams();
  });
});

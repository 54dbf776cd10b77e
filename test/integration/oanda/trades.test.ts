import { afterEach, describe, expect, it } from 'vitest';

import { ClientOrderId, Decimal, deriveVenueClientOrderId, InstrumentId, Price, Quantity, type OrderRequest, type VenueReport } from '../../../src/core';
import { eventually, startPair, type OandaPair } from './harness';
import { transactionErrors } from './schema';

const EUR_USD = InstrumentId.parse('EUR_USD.OANDA');
let counter = 0;

async function buy(pair: OandaPair, units: string, instrumentId = EUR_USD, extra: Partial<OrderRequest> = {}) {
  const request: OrderRequest = {
    clientOrderId: ClientOrderId.parse(`t-${++counter}`), accountId: pair.accountId, instrumentId, side: 'buy', type: 'market',
    quantity: Quantity.parse(units), timeInForce: 'FOK', postOnly: false, reduceOnly: false, ...extra,
  };
  const result = await pair.client.submit({ request, venueClientOrderId: deriveVenueClientOrderId(request.clientOrderId, pair.client.capabilities.clientOrderId) });
  expect(result.status, JSON.stringify(result)).toBe('accepted');
  return result;
}

describe('OANDA trades, positions and account figures through the adapter', () => {
  let pair: OandaPair;
  afterEach(async () => pair.close());

  it('attaches SL/TP/trailing on fill, changes them, closes part of the trade, then the take-profit closes the rest', async () => {
    pair = await startPair();
    const reports: VenueReport[] = [];
    pair.client.onReport((report) => reports.push(report));
    await buy(pair, '10000', EUR_USD, {
      attached: { takeProfit: { price: Price.parse('1.09000') }, stopLoss: { triggerPrice: Price.parse('1.07000') }, trailingStop: { offset: { kind: 'price', value: Decimal.parse('0.00800') } } },
    });
    const [trade] = await pair.client.trades.openTrades(pair.accountId);
    expect(trade?.currentUnits.toString()).toBe('10000');
    expect(trade?.takeProfit?.price.toString()).toBe('1.09000');
    expect(trade?.stopLoss?.price.toString()).toBe('1.07000');
    expect(trade?.trailingStopDistance?.toString()).toBe('0.00800');
    if (trade === undefined) return;

    await pair.client.trades.setTradeOrders(pair.accountId, trade.tradeId, { takeProfit: Price.parse('1.08800'), stopLoss: null });
    const [changed] = await pair.client.trades.openTrades(pair.accountId);
    expect(changed?.takeProfit?.price.toString()).toBe('1.08800');
    expect(changed?.stopLoss).toBeUndefined();

    const partial = await pair.client.trades.closeTrade(pair.accountId, trade.tradeId, Decimal.parse('4000'));
    expect(partial.fills.map((f) => `${f.side} ${f.quantity.toString()}`)).toEqual(['sell 4000']);
    expect((await pair.client.trades.openTrades(pair.accountId))[0]?.currentUnits.toString()).toBe('6000');

    const takeProfitId = changed?.takeProfit?.orderId;
    pair.sim.market.movePrice('EUR_USD', Decimal.parse('1.08900'));
    const tpFill = await eventually('the take-profit fill on the stream', () =>
      reports.find((r) => r.kind === 'fill' && r.report.venueOrderId === takeProfitId),
    );
    if (tpFill.kind === 'fill') expect(tpFill.report.quantity.toString()).toBe('6000');
    expect(await pair.client.trades.openTrades(pair.accountId)).toEqual([]);
    expect((await pair.client.positions(pair.accountId)).length).toBe(0);
  });

  it('closes a position, books daily financing as a cash report, and reports account figures equal to the venue', async () => {
    pair = await startPair();
    const reports: VenueReport[] = [];
    pair.client.onReport((report) => reports.push(report));
    await buy(pair, '3000');
    await buy(pair, '2000');
    const closed = await pair.client.trades.closePosition(pair.accountId, EUR_USD, { long: 'ALL' });
    expect(closed.fills.reduce((sum, f) => sum.add(f.quantity), Decimal.ZERO).toString()).toBe('5000');

    await buy(pair, '20000', InstrumentId.parse('USD_JPY.OANDA'));
    pair.sim.market.advanceTime(86_400_000);
    const financing = await eventually('a financing cash report', () => reports.find((r) => r.kind === 'cash' && r.report.kind === 'financing'));
    const booked = pair.sim.venue.accounts.get(pair.accountId)?.transactions.find((t) => t['type'] === 'DAILY_FINANCING');
    if (financing.kind === 'cash') expect(financing.report.amount.amount.toString()).toBe(String(booked?.['financing']));

    const account = await pair.client.account(pair.accountId);
    const summary = (await (await fetch(`${pair.sim.url}/v3/accounts/${pair.accountId}/summary`, { headers: { authorization: `Bearer ${pair.sim.token}` } })).json()) as { account: Record<string, string> };
    expect(account.balances[0]?.total.toString()).toBe(summary.account['balance']);
    expect(account.marginUsed?.amount.toString()).toBe(summary.account['marginUsed']);
    expect(account.financing?.amount.toString()).toBe(summary.account['financing']);
    expect(account.realizedPnl?.amount.toString()).toBe(summary.account['pl']);
  });

  it('refuses to close a newer trade before an older one on a US (FIFO) account', async () => {
    pair = await startPair({ account: 1 });
    await buy(pair, '1000');
    await buy(pair, '1000');
    const trades = await pair.client.trades.openTrades(pair.accountId);
    // A non-hedging account nets the second buy into... a second trade: OANDA keeps one trade per fill.
    expect(trades).toHaveLength(2);
    const newest = trades.reduce((a, b) => (BigInt(a.tradeId) > BigInt(b.tradeId) ? a : b));
    const outcome = await pair.client.trades.closeTrade(pair.accountId, newest.tradeId);
    expect(outcome).toEqual({ fills: [], canceledReason: 'FIFO_VIOLATION' });
    expect(await pair.client.trades.openTrades(pair.accountId)).toHaveLength(2);
  });

  it('closes out a margin account whose equity falls below half its margin, and the adapter reports the closeout fill', async () => {
    pair = await startPair({ sim: { accounts: [{ id: '101-001-2000001-001', balance: '1000', hedgingEnabled: false }] } });
    const reports: VenueReport[] = [];
    pair.client.onReport((report) => reports.push(report));
    await buy(pair, '40000');
    pair.sim.market.movePrice('EUR_USD', Decimal.parse('1.06500'));
    pair.sim.market.advanceTime(1000);
    const closeout = await eventually('the closeout fill', () => reports.find((r) => r.kind === 'fill' && r.report.side === 'sell'));
    if (closeout.kind === 'fill') expect(closeout.report.quantity.toString()).toBe('40000');
    const transactions = pair.sim.venue.accounts.get(pair.accountId)?.transactions ?? [];
    expect(transactions.some((t) => t['type'] === 'MARKET_ORDER' && t['reason'] === 'MARGIN_CLOSEOUT')).toBe(true);
    expect(transactionErrors(transactions)).toEqual([]);
    expect(await pair.client.positions(pair.accountId)).toEqual([]);
    const account = await pair.client.account(pair.accountId);
    expect(account.balances[0]?.total.lt(Decimal.parse('1000'))).toBe(true);
  });
});

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AccountId, InstrumentId, Price, Quantity, ClientOrderId, type OrderRequest } from '../../../core';
import { ERROR_CATALOGUE } from '../../../core/errors/catalogue';
import { instrumentFromSymbol, type UnrecognizedRule } from '../symbols';
import { engineCodeFor } from './errors';
import { exchangeInfoSchema } from './exchange-info';
import { checkFilters } from './order-params';
import { accountReport, fillFromTrade, fillsFromResponse, orderReport, UnknownEnumError } from './reports';
import { accountPositionToReport, balanceUpdateToReport, executionReportToReports, type ExecutionReportEvent } from './user-events';
import type { WireAccount, WireOrder, WireTrade } from './wire';

const fixture = <T>(name: string): T => JSON.parse(readFileSync(join(import.meta.dirname, '..', 'fixtures', name), 'utf8')) as T;
const accountId = AccountId.parse('acc');
const context = { accountId, instrumentId: InstrumentId.of('BTCUSDT', 'BINANCE'), now: 1 };

describe('exchangeInfo (documented payload) to engine trading rules', () => {
  const info = exchangeInfoSchema.parse(fixture('exchange-info.json'));
  const unrecognized: UnrecognizedRule[] = [];
  const symbol = info.symbols[0];
  if (symbol === undefined) throw new Error('fixture has no symbol');
  const instrument = instrumentFromSymbol(symbol, 'BINANCE', unrecognized);

  it('reads PRICE_FILTER, LOT_SIZE, MARKET_LOT_SIZE, NOTIONAL, MAX_NUM_ORDERS, TRAILING_DELTA and PERCENT_PRICE', () => {
    expect(instrument).toBeDefined();
    if (instrument === undefined) return;
    expect(instrument.id).toBe('ETHBTC.BINANCE');
    expect(instrument.priceIncrement.toString()).toBe('0.00000100');
    expect(instrument.sizeIncrement.toString()).toBe('0.00100000');
    expect(instrument.minQuantity.toString()).toBe('0.00100000');
    expect(instrument.maxQuantity?.toString()).toBe('100000.00000000');
    expect(instrument.marketMaxQuantity?.toString()).toBe('100000.00000000');
    expect(instrument.minNotional?.toString()).toBe('10.00000000');
    expect(instrument.maxNotional?.toString()).toBe('10000.00000000');
    expect(instrument.minNotionalAppliesToMarket).toBe(false);
    expect(instrument.maxOpenOrders).toBe(25);
    expect(instrument.trailingDeltaBasisPoints).toEqual({ min: 10, max: 2000 });
    expect(instrument.priceBand?.multiplierUp.toString()).toBe('1.3000');
    expect(instrument.status).toBe('trading');
    expect(unrecognized).toEqual([]);
  });

  it('maps CANCEL_ONLY, and reports an unknown status or filter instead of guessing', () => {
    const found: UnrecognizedRule[] = [];
    expect(instrumentFromSymbol({ ...symbol, status: 'CANCEL_ONLY' }, 'BINANCE', found)?.status).toBe('cancel-only');
    expect(instrumentFromSymbol({ ...symbol, status: 'SOMETHING_NEW' }, 'BINANCE', found)).toBeUndefined();
    instrumentFromSymbol({ ...symbol, filters: [...symbol.filters, { filterType: 'NEW_FILTER_2027' }] }, 'BINANCE', found);
    expect(found.map((f) => f.description)).toEqual(['unknown symbol status SOMETHING_NEW', 'unknown filter NEW_FILTER_2027']);
  });

  it('refuses before sending what a filter would refuse, with the filter name', () => {
    if (instrument === undefined) return;
    const order: OrderRequest = {
      clientOrderId: ClientOrderId.parse('x'),
      accountId,
      instrumentId: instrument.id,
      side: 'buy',
      type: 'limit',
      quantity: Quantity.parse('1.000'),
      price: Price.parse('0.050000'),
      timeInForce: 'GTC',
      postOnly: false,
      reduceOnly: false,
    };
    expect(checkFilters(instrument, order)).toEqual({ code: 'VENUE_FILTER_FAILURE', reason: 'Filter failure: NOTIONAL' });
    expect(checkFilters(instrument, { ...order, quantity: Quantity.parse('300.0005') })?.reason).toBe('Filter failure: LOT_SIZE');
    expect(checkFilters(instrument, { ...order, price: Price.parse('0.0500005') })?.reason).toBe('Filter failure: PRICE_FILTER');
    expect(checkFilters(instrument, { ...order, quantity: Quantity.parse('300') })).toBeUndefined();
  });
});

describe('order payloads (documented) to reports', () => {
  it('reads a FULL response: status, exact average price and one fill per documented fill', () => {
    const order = fixture<WireOrder>('order-full.json');
    const report = orderReport(order, context);
    expect(report).toMatchObject({ venueOrderId: '28', venueClientOrderId: '6gCrw2kRUAF9CvJDGP16IP', side: 'sell', type: 'market', status: 'filled' });
    expect(report.filledQuantity.toString()).toBe('10.00000000');
    const fills = fillsFromResponse(order, order.fills ?? [], context);
    expect(fills.map((f) => f.tradeId)).toEqual(['56', '57', '58', '59', '60']);
    expect(fills[1]?.commission.amount.toString()).toBe('19.99500000');
    expect(fills[1]?.commission.currency).toBe('USDT');
  });

  it('reads a query and a cancel answer', () => {
    expect(orderReport(fixture<WireOrder>('order-query.json'), context)).toMatchObject({ status: 'accepted', type: 'limit', venueClientOrderId: 'myOrder1' });
    const canceled = orderReport(fixture<WireOrder>('order-cancel.json'), context);
    // The cancel's own id is in clientOrderId; the order's id is origClientOrderId.
    expect(canceled).toMatchObject({ status: 'canceled', venueClientOrderId: 'myOrder1' });
  });

  it('reads EXPIRED_IN_MATCH (self-trade prevention) as expired, keeping the venue reason', () => {
    const report = orderReport({ ...fixture<WireOrder>('order-query.json'), status: 'EXPIRED_IN_MATCH' }, context);
    expect(report).toMatchObject({ status: 'expired', venueReason: 'EXPIRED_IN_MATCH' });
  });

  it('throws UnknownEnumError on an order status it does not know', () => {
    expect(() => orderReport({ ...fixture<WireOrder>('order-query.json'), status: 'PENDING_SOMETHING' }, context)).toThrow(UnknownEnumError);
  });

  it('reads myTrades and the account', () => {
    const [trade] = fixture<WireTrade[]>('my-trades.json');
    if (trade === undefined) throw new Error('no trade');
    expect(fillFromTrade(trade, context)).toMatchObject({ tradeId: '28457', side: 'buy', liquidity: 'taker' });
    const account = accountReport(fixture<WireAccount>('account.json'), accountId, 'USDT', 1);
    expect(account.balances.map((b) => [b.currency, b.total.toString()])).toEqual([['BTC', '4723846.89208129'], ['LTC', '4763368.68006011']]);
  });
});

describe('user data events (documented) to reports', () => {
  const user = { accountId, instrumentId: (s: string) => InstrumentId.of(s, 'BINANCE') };

  it('maps an executionReport to an order report', () => {
    const { event } = fixture<{ event: ExecutionReportEvent }>('execution-report.json');
    const reports = executionReportToReports(event, user);
    expect(reports).toHaveLength(1);
    expect(reports[0]).toMatchObject({ kind: 'order', report: { venueOrderId: '4293153', status: 'accepted', instrumentId: 'ETHBTC.BINANCE' } });
  });

  it('maps a TRADE executionReport to an order report and a fill', () => {
    const { event } = fixture<{ event: ExecutionReportEvent }>('execution-report.json');
    const reports = executionReportToReports({ ...event, x: 'TRADE', X: 'PARTIALLY_FILLED', l: '0.5', z: '0.5', L: '0.1', Z: '0.05', n: '0.0001', N: 'BNB', t: 77 }, user);
    expect(reports.map((r) => r.kind)).toEqual(['order', 'fill']);
    expect(reports[1]).toMatchObject({ kind: 'fill', report: { tradeId: '77', liquidity: 'taker' } });
  });

  it('refuses an unknown execution type rather than guess', () => {
    const { event } = fixture<{ event: ExecutionReportEvent }>('execution-report.json');
    expect(() => executionReportToReports({ ...event, x: 'SOMETHING_NEW' }, user)).toThrow(UnknownEnumError);
  });

  it('maps outboundAccountPosition and balanceUpdate', () => {
    const position = fixture<{ event: never }>('outbound-account-position.json').event;
    expect(accountPositionToReport(position, accountId, 'USDT')).toMatchObject({ kind: 'account' });
    const balance = fixture<{ event: never }>('balance-update.json').event;
    expect(balanceUpdateToReport(balance, accountId)).toMatchObject({ kind: 'cash', report: { kind: 'deposit' } });
  });
});

describe('binance error catalogue', () => {
  it('maps the documented codes to engine codes that exist in the catalogue', () => {
    const cases: [number, string, string][] = [
      [-1013, 'Filter failure: LOT_SIZE', 'VENUE_FILTER_FAILURE'],
      [-2010, 'Account has insufficient balance for requested action.', 'VENUE_INSUFFICIENT_BALANCE'],
      [-2010, 'Duplicate order sent.', 'VENUE_DUPLICATE_ORDER'],
      [-2010, 'Market is closed.', 'VENUE_MARKET_CLOSED'],
      [-2010, 'Order would immediately match and take.', 'VENUE_REJECTED'],
      [-2011, 'Unknown order sent.', 'VENUE_UNKNOWN_ORDER'],
      [-2013, 'Order does not exist.', 'VENUE_UNKNOWN_ORDER'],
      [-1021, 'Timestamp for this request is outside of the recvWindow.', 'VENUE_TIMESTAMP'],
      [-1022, 'Signature for this request is not valid.', 'VENUE_AUTHENTICATION'],
      [-2015, 'Invalid API-key, IP, or permissions for action.', 'VENUE_AUTHENTICATION'],
      [-2021, 'Order cancel-replace partially failed.', 'VENUE_REJECTED'],
      [-2022, 'Order cancel-replace failed.', 'VENUE_REJECTED'],
      [-1007, 'Timeout waiting for response from backend server. Send status unknown; execution status unknown.', 'VENUE_OUTCOME_UNKNOWN'],
      [-1003, 'Too much request weight used', 'VENUE_RATE_LIMITED'],
      [-1121, 'Invalid symbol.', 'VENUE_REJECTED'],
    ];
    for (const [code, msg, expected] of cases) {
      expect(engineCodeFor({ code, msg }), `${code} ${msg}`).toBe(expected);
      expect(Object.hasOwn(ERROR_CATALOGUE, expected)).toBe(true);
    }
  });
});

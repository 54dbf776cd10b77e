import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

import { Decimal } from '../../../core/money/decimal';
import { engineCodeOf } from '../errors';
import { instrumentOf } from '../instruments';
import { accountReportOf, fillsOf, orderReportOf, positionReportOf } from './reports';
import {
  CandleSchema, ErrorSchema, InstrumentDetailsSchema, InstrumentSchema, MetricsSchema, OrderResponsesSchema, OrderSchema, parseEach, parseJson, PositionSchema,
  PushMessageSchema, QuoteSchema, SessionTokenSchema, timeoutMsOf, UserDetailsSchema,
} from './wire';

const fixture = (name: string): unknown => parseJson(readFileSync(join(__dirname, '..', 'fixtures', name), 'utf8'));
const list = (name: string, key: string): unknown => (fixture(name) as Record<string, unknown>)[key];

describe('DXtrade fixtures through the adapter parsers', () => {
  it('reads the session token and its "HH:MM:SS" timeout', () => {
    const token = SessionTokenSchema.parse(fixture('login.json'));
    expect(timeoutMsOf(token.timeout)).toBe(30 * 60_000);
    expect(SessionTokenSchema.parse(fixture('ping.json')).sessionToken).toBe(token.sessionToken);
  });

  it('maps every error fixture to an engine code', () => {
    const cases: [string, number, string][] = [['error-login.json', 401, 'VENUE_AUTHENTICATION'], ['error-duplicate.json', 409, 'VENUE_DUPLICATE_ORDER'], ['error-not-found.json', 404, 'VENUE_UNKNOWN_ORDER'], ['error-bad-request.json', 400, 'VENUE_REJECTED']];
    for (const [name, status, code] of cases) {
      const error = ErrorSchema.parse(fixture(name));
      expect(engineCodeOf({ status, ...(error.errorCode === undefined ? {} : { errorCode: error.errorCode.toString() }) })).toBe(code);
    }
  });

  it('builds the trading rules of EUR/USD from the instrument and its account details, exactly', () => {
    const wire = parseEach(InstrumentSchema, list('instruments.json', 'instruments')).values[0];
    const details = parseEach(InstrumentDetailsSchema, list('instrument-details.json', 'instrumentDetails')).values[0];
    if (wire === undefined || details === undefined) throw new Error('fixtures unreadable');
    const instrument = instrumentOf(wire, details);
    expect(instrument.priceIncrement.toString()).toBe('0.00001');
    expect(instrument.minQuantity.toString()).toBe('1000');
    expect(instrument.pipLocation).toBe(-4);
    expect(instrument.marginRate.toString()).toBe('0.02');
    expect(UserDetailsSchema.parse((fixture('user-details.json') as { userDetails: unknown[] }).userDetails[0]).accounts[0]?.account).toBe('default:1001');
  });

  it('reads orders, their executions as fills (exact prices), positions and metrics', () => {
    const open = parseEach(OrderSchema, list('orders-open.json', 'orders'));
    expect(open.problems).toEqual([]);
    const working = orderReportOf(open.values[0] as never, 0);
    expect(working).toMatchObject({ status: 'accepted', type: 'limit', side: 'buy', timeInForce: 'GTC', venueClientOrderId: 'tmt-7f3a91c2', venueOrderId: '487100015' });
    expect(working.price?.toString()).toBe('1.07415');
    const filled = parseEach(OrderSchema, list('order-history-filled.json', 'orders')).values[0];
    if (filled === undefined) throw new Error('unreadable');
    const report = orderReportOf(filled, 0);
    expect(report.status).toBe('filled');
    expect(report.averageFillPrice?.toString()).toBe('1.085022');
    const fills = fillsOf(filled, 'USD');
    expect(fills.map((f) => [f.tradeId, f.quantity.toString(), f.price.toString()])).toEqual([['487100018-7', '20000', '1.08503'], ['487100018-8', '5000', '1.08499']]);
    const position = parseEach(PositionSchema, list('positions.json', 'positions')).values[0];
    if (position === undefined) throw new Error('unreadable');
    expect(positionReportOf(position, 0, false).signedQuantity.toString()).toBe('-25000');
    const metrics = parseEach(MetricsSchema, list('metrics.json', 'metrics')).values[0];
    if (metrics === undefined) throw new Error('unreadable');
    const account = accountReportOf(metrics, 'USD', 0, false);
    expect(account.equity?.amount.toString()).toBe('99987.31');
    expect(account.balances[0]?.locked.eq(Decimal.parse('542.51'))).toBe(true);
    expect(OrderResponsesSchema.parse(fixture('order-response.json'))).toMatchObject({ orderId: '487100015' });
    expect(OrderResponsesSchema.parse(fixture('order-group-response.json'))).toMatchObject({ orderResponses: [{ orderId: '487100016' }, { orderId: '487100017' }] });
  });

  it('reads quotes and candles, and the push envelopes', () => {
    const quote = parseEach(QuoteSchema, list('marketdata-quote.json', 'events')).values[0];
    expect(quote?.bid.toString()).toBe('1.08497');
    const candle = parseEach(CandleSchema, list('marketdata-candles.json', 'events')).values[0];
    expect(candle?.high.toString()).toBe('1.08521');
    for (const name of ['push-account-portfolios.json', 'push-market-data.json', 'push-ping-request.json']) expect(PushMessageSchema.safeParse(fixture(name)).success).toBe(true);
    const portfolio = (PushMessageSchema.parse(fixture('push-account-portfolios.json')).payload as { portfolios: { orders: unknown }[] }).portfolios[0];
    expect(parseEach(OrderSchema, portfolio?.orders).problems).toEqual([]);
  });

  it('refuses a price written as a string (DXtrade numbers are JSON numbers) and an unknown status', () => {
    const order = structuredClone((fixture('orders-open.json') as { orders: Record<string, unknown>[] }).orders[0]) as Record<string, unknown>;
    expect(parseEach(OrderSchema, [{ ...order, limitPrice: '1.07415' }]).problems[0]).toContain('limitPrice');
    expect(parseEach(OrderSchema, [{ ...order, status: 'PENDING_REPLACE' }]).problems[0]).toContain('status');
  });
});

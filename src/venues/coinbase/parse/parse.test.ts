import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AccountId, InstrumentId, Quantity } from '../../../core';
import { accountsPageSchema, cancelResponseSchema, createOrderResponseSchema, fillsPageSchema, orderResponseSchema, productsSchema } from './wire';
import { accountReport, failureCode, fillReport, orderReport, UnknownEnumError } from './reports';
import { userOrderReport, type WireUserOrder } from './user-events';
import { instrumentFromProduct } from '../symbols';
import { scanLevel2, fastDecimal } from '../ws/l2-scan';
import { createOrderBody } from './order-params';

const fixture = (name: string): unknown => JSON.parse(readFileSync(join(__dirname, '..', 'fixtures', name), 'utf8'));
const context = { accountId: AccountId.parse('acc'), instrumentId: InstrumentId.of('LTC-BTC', 'COINBASE'), now: 1 };

describe('coinbase payloads (documented examples) through the adapter parsers', () => {
  it('maps a product to trading rules', () => {
    const product = productsSchema.parse(fixture('product.json')).products[0];
    const instrument = product === undefined ? undefined : instrumentFromProduct(product);
    expect(instrument?.priceIncrement.toString()).toBe('0.01');
    expect(instrument?.minNotional?.toString()).toBe('1');
    expect(instrument?.status).toBe('trading');
  });

  it('maps an order, a fill, accounts, a create answer, a create failure and a cancel answer', () => {
    const order = orderReport(orderResponseSchema.parse(fixture('get-order.json')).order, context);
    expect(order).toMatchObject({ side: 'sell', type: 'limit', timeInForce: 'GTC', status: 'accepted' });
    expect(order.price?.toString()).toBe('0.006');
    expect(order.quantity.toString()).toBe('0.2');
    const fill = fillsPageSchema.parse(fixture('fills.json')).fills[0];
    if (fill === undefined) throw new Error('no fill');
    const report = fillReport(fill, context, undefined, 'USDT');
    expect(report.quantity.toString()).toBe('0.0046830664333996');
    expect(report.commission.amount.toString()).toBe('0.0000280983986004');
    expect(report.occurredAt).toBe(Date.parse('2023-01-18T01:37:38.091Z'));
    const accounts = accountReport(accountsPageSchema.parse(fixture('accounts.json')).accounts, context.accountId, 'USD', 1);
    expect(accounts.balances[0]?.currency).toBe('USDC');
    expect(createOrderResponseSchema.parse(fixture('create-order.json')).success_response?.order_id).toBe('52cfe5e2-0b29-4c19-a245-a6a773de5030');
    const failure = createOrderResponseSchema.parse(fixture('create-order-failure.json')).error_response;
    expect(failureCode([failure?.preview_failure_reason, failure?.error])).toBe('VENUE_REJECTED');
    expect(cancelResponseSchema.parse(fixture('batch-cancel.json')).results[0]?.success).toBe(true);
  });

  it('maps a user channel order, with the known quantity and time in force when the message lacks them', () => {
    const message = fixture('user.json') as { events: { orders: WireUserOrder[] }[] };
    const wire = message.events[0]?.orders[0];
    if (wire === undefined) throw new Error('no order');
    const report = userOrderReport(wire, context, { quantity: Quantity.parse('0.000994'), type: 'limit', timeInForce: 'GTC' });
    expect(report).toMatchObject({ status: 'accepted', side: 'buy', type: 'limit', timeInForce: 'GTC' });
    expect(() => userOrderReport({ ...wire, status: 'SOMETHING_NEW' }, context)).toThrow(UnknownEnumError);
  });

  it('scans an l2_data frame to the same updates JSON.parse gives, and parses decimals exactly', () => {
    const text = JSON.stringify(fixture('l2-data.json'));
    const scanned = scanLevel2(text);
    const updates = (scanned?.events[0] as { updates: { side: string; price_level: string; new_quantity: string }[] }).updates;
    expect(updates).toEqual([
      { side: 'bid', price_level: '21921.74', new_quantity: '0.06317902' },
      { side: 'bid', price_level: '21921.3', new_quantity: '0.02' },
    ]);
    expect(scanned?.sequence_num).toBe(0);
    expect(scanLevel2(JSON.stringify(fixture('ticker.json')))).toBeUndefined();
    for (const text of ['0', '21921.74', '0.00000001', '123456789012345', '1234567890123456.5', '1e-8']) expect(fastDecimal(text).toString()).toBe(text === '1e-8' ? '0.00000001' : text);
  });

  it('builds every order configuration Coinbase offers for the engine order types', () => {
    const base = { clientOrderId: 'c1', accountId: context.accountId, instrumentId: context.instrumentId, quantity: Quantity.parse('1'), postOnly: false, reduceOnly: false } as const;
    const price = Quantity.parse('10') as never;
    const body = (partial: object) => createOrderBody('LTC-BTC', { ...base, side: 'buy', type: 'limit', timeInForce: 'GTC', ...partial } as never, 'c1' as never) as { order_configuration?: Record<string, unknown>; code?: string };
    expect(Object.keys(body({ type: 'market', timeInForce: 'IOC' }).order_configuration ?? {})).toEqual(['market_market_ioc']);
    expect(Object.keys(body({ price }).order_configuration ?? {})).toEqual(['limit_limit_gtc']);
    expect(Object.keys(body({ price, timeInForce: 'GTD', expireAt: 2_000_000_000_000 }).order_configuration ?? {})).toEqual(['limit_limit_gtd']);
    expect(Object.keys(body({ price, timeInForce: 'FOK' }).order_configuration ?? {})).toEqual(['limit_limit_fok']);
    expect(Object.keys(body({ price, timeInForce: 'IOC' }).order_configuration ?? {})).toEqual(['sor_limit_ioc']);
    expect(body({ type: 'stop-limit', price, triggerPrice: price }).order_configuration?.['stop_limit_stop_limit_gtc']).toMatchObject({ stop_direction: 'STOP_DIRECTION_STOP_UP' });
    expect(body({ type: 'limit-if-touched', price, triggerPrice: price }).order_configuration?.['stop_limit_stop_limit_gtc']).toMatchObject({ stop_direction: 'STOP_DIRECTION_STOP_DOWN' });
    expect(body({ type: 'trailing-stop', timeInForce: 'GTC' }).code).toBe('VENUE_UNSUPPORTED');
  });
});

import { describe, expect, it } from 'vitest';
import { Decimal, Price, Quantity, type BookLevel } from '../../../src/core';
import { routeOrder, type RouteBook } from '../../../src/engine/algos';

const d = (text: string) => Decimal.parse(text);
const levels = (rows: [string, string][]): BookLevel[] => rows.map(([price, quantity]) => ({ price: Price.parse(price), quantity: Quantity.parse(quantity) }));
const book = (leg: number, rows: [string, string][], extra: Partial<RouteBook> = {}): RouteBook => ({
  leg,
  levels: levels(rows),
  quoteRate: d('1'),
  feeRate: d('0'),
  sizeIncrement: d('0.001'),
  minQuantity: d('0.001'),
  budget: d('10000000'),
  ...extra,
});
const routes = (decision: ReturnType<typeof routeOrder>) => decision.allocations.map((a) => [a.leg, a.quantity.toString(), a.price.toString()]);

describe('smart order routing decision', () => {
  it('ranks each level by its price after fees in the reference currency and takes the best first across venues', () => {
    // Binance BTCUSDT (USDT at 0.999 USD, 10 bp), Coinbase BTC-USD (60 bp), OKX BTC-USDT (8 bp).
    const binance = book(0, [['60000', '0.5'], ['60010', '1']], { quoteRate: d('0.999'), feeRate: d('0.001') });
    const coinbase = book(1, [['59950', '0.3'], ['60100', '1']], { feeRate: d('0.006') });
    const okx = book(2, [['60020', '0.4']], { quoteRate: d('0.999'), feeRate: d('0.0008') });
    // After fees in USD: binance 59999.94 / 60009.93..., coinbase 60309.70 / 60460.6, okx 60007.95.
    const decision = routeOrder('buy', d('1.2'), [binance, coinbase, okx]);
    expect(routes(decision)).toEqual([
      [0, '0.8', '60010'],
      [2, '0.4', '60020'],
    ]);
    expect(decision.unrouted.toString()).toBe('0');
  });

  it('sells to the best bid after fees; stops at the limit (reference currency) and reports what is unrouted', () => {
    const a = book(0, [['100', '1'], ['99', '1']], { feeRate: d('0.01') });
    const b = book(1, [['99.5', '1'], ['98', '5']]);
    // After fees: a 99, 98.01; b 99.5, 98. Limit 98.5: a's second and b's second are beyond it.
    const decision = routeOrder('sell', d('5'), [a, b], d('98.5'));
    expect(routes(decision)).toEqual([
      [0, '1', '100'],
      [1, '1', '99.5'],
    ]);
    expect(decision.unrouted.toString()).toBe('3');
  });

  it('keeps each venue within its budget, lot and minimums; a take below the venue minimum is left unrouted', () => {
    // Budget of 30000 quote at 60000 with a 10 bp fee buys 0.49950 (lot 0.0001): 0.4995.
    const poor = book(0, [['60000', '5']], { feeRate: d('0.001'), budget: d('30000'), sizeIncrement: d('0.0001') });
    const rich = book(1, [['60100', '0.0004'], ['60200', '5']], { minQuantity: d('0.001') });
    const decision = routeOrder('buy', d('1'), [poor, rich]);
    expect(routes(decision)).toEqual([
      [0, '0.4995', '60000'],
      // The 0.0004 level is below the lot (0.001): skipped; the next takes 0.5005 rounded down to the lot.
      [1, '0.5', '60200'],
    ]);
    expect(decision.unrouted.toString()).toBe('0.0005');
    const tiny = routeOrder('buy', d('0.0005'), [book(0, [['60000', '1']], { minNotional: d('100') })]);
    expect(tiny.allocations).toEqual([]);
    expect(tiny.unrouted.toString()).toBe('0.0005');
  });
});

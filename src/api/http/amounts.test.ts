import { describe, expect, it } from 'vitest';

import { Decimal, Money, Price } from '../../core';
import { toJson } from './amounts';

describe('amounts on the wire', () => {
  it('drops trailing zeros past the currency precision, never a significant digit', () => {
    const body = JSON.parse(
      toJson({
        pnl: Money.of(Decimal.parse('-1.3215538830557000000'), 'USD'),
        cash: Money.of(Decimal.parse('100.000000'), 'USD'),
        whole: Money.of(Decimal.parse('100'), 'USD'),
        yen: Money.of(Decimal.parse('1500.000'), 'JPY'),
        btc: Money.of(Decimal.parse('0.100000000000'), 'BTC'),
        nested: [{ price: Price.parse('1.10000'), ratio: Decimal.parse('0.50000000000000') }],
      }),
    ) as Record<string, unknown>;
    expect(body).toEqual({
      pnl: { amount: '-1.3215538830557', currency: 'USD' },
      cash: { amount: '100.00', currency: 'USD' },
      whole: { amount: '100', currency: 'USD' },
      yen: { amount: '1500', currency: 'JPY' },
      btc: { amount: '0.10000000', currency: 'BTC' },
      // A price keeps its instrument scale; a long plain decimal loses zeros past 8 places only.
      nested: [{ price: '1.10000', ratio: '0.50000000' }],
    });
  });
});

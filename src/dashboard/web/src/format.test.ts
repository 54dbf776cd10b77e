import { describe, expect, it } from 'vitest';

import {
  formatAmount,
  formatExact,
  formatMoney,
  formatPrice,
  groupDigits,
  spread,
  sumAmounts,
} from './format';

describe('dashboard formatting keeps decimals exact', () => {
  it('rounds amounts half-even on the decimal string, never through a float', () => {
    expect(formatAmount('0.125')).toBe('0.12');
    expect(formatAmount('0.135')).toBe('0.14');
    // 2^53 + 1 cannot be held by a float: the string path keeps the last digit.
    expect(formatAmount('9007199254740993.005')).toBe('9,007,199,254,740,993.00');
    expect(formatAmount('-1234567.891')).toBe('-1,234,567.89');
  });

  it('pads a price to its tick without cutting digits the venue sent', () => {
    expect(formatPrice('67213', '0.01')).toBe('67,213.00');
    expect(formatPrice('1.084125', '0.00001')).toBe('1.084125');
    expect(formatPrice('1.10000', '0.00001')).toBe('1.10000');
  });

  it('shows quantities as sent, trailing zeros trimmed, and computes spreads and sums exactly', () => {
    expect(formatExact('1000.000')).toBe('1,000');
    expect(spread('0.1', '0.3')).toBe('0.2');
    expect(sumAmounts(['0.1', '0.2'])).toBe('0.3');
    expect(groupDigits('-1000000.5')).toBe('-1,000,000.5');
  });

  it("shows money at its currency's precision: USD 2, JPY 0, crypto 8, half-even and exact", () => {
    expect(formatMoney({ amount: '-1.3215538830557', currency: 'USD' })).toBe('-1.32 USD');
    expect(formatMoney({ amount: '1234.5', currency: 'JPY' })).toBe('1,234 JPY');
    expect(formatMoney({ amount: '0.000123456789', currency: 'BTC' })).toBe('0.00012346 BTC');
    expect(formatMoney({ amount: '5', currency: 'USDT' })).toBe('5.00000000 USDT');
    expect(formatMoney({ amount: '1.005', currency: 'USD' }, 3)).toBe('1.005 USD');
  });
});

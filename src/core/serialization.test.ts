import { describe, expect, it } from 'vitest';
import { Decimal } from './money/decimal';
import { Money } from './money/money';
import { decodeExact, encodeExact } from './serialization';

describe('exact serialization', () => {
  it('round-trips decimals, money, sets and maps without losing a digit', () => {
    const value = {
      price: Decimal.parse('1.08345000'),
      fee: Money.parse('-0.000012345678901234567', 'BTC'),
      trades: new Set(['t1', 't2']),
      byCurrency: new Map([['USD', Decimal.parse('10.50')]]),
      nested: [{ qty: Decimal.parse('0.1') }],
      skipped: undefined,
    };
    const decoded = decodeExact<typeof value>(encodeExact(value));
    expect(decoded.price.toString()).toBe('1.08345000');
    expect(decoded.fee.equals(value.fee)).toBe(true);
    expect([...decoded.trades]).toEqual(['t1', 't2']);
    expect(decoded.byCurrency.get('USD')?.toString()).toBe('10.50');
    expect(decoded.nested[0]?.qty.toString()).toBe('0.1');
    expect('skipped' in decoded).toBe(false);
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { Decimal } from './money/decimal';
import { Money } from './money/money';
import { Price } from './money/price';
import { decodeExact, encodeExact } from './serialization';
import { encodeExactDirect } from './serialization-direct';

const decimal = fc
  .tuple(fc.bigInt({ min: -(10n ** 30n), max: 10n ** 30n }), fc.integer({ min: 0, max: 18 }))
  .map(([mantissa, scale]) => Decimal.of(mantissa, scale));
const money = fc
  .tuple(decimal, fc.constantFrom('USD', 'EUR', 'USDT', 'JPY'))
  .map(([amount, currency]) => Money.of(amount, currency));
const leaf = fc.oneof(
  fc.string(),
  fc.string({ unit: 'binary' }),
  fc.double(),
  fc.integer(),
  fc.boolean(),
  fc.constant(null),
  fc.constant(undefined),
  fc.constant(() => 1),
  decimal,
  money,
);
const value = fc.letrec((tie) => ({
  node: fc.oneof({ depthSize: 'small' }, leaf, tie('array'), tie('object'), tie('set'), tie('map')),
  array: fc.array(tie('node'), { maxLength: 5 }),
  object: fc.dictionary(fc.string({ unit: 'binary' }), tie('node'), { maxKeys: 5 }),
  set: fc.array(tie('node'), { maxLength: 4 }).map((items) => new Set(items)),
  map: fc.array(fc.tuple(tie('node'), tie('node')), { maxLength: 4 }).map((pairs) => new Map(pairs)),
})).node;

describe('encodeExactDirect', () => {
  it('writes exactly the text encodeExact writes, for any nesting of decimals, money, sets, maps and JSON values', () => {
    fc.assert(
      fc.property(value, (input) => {
        expect(encodeExactDirect(input)).toBe(encodeExact(input));
      }),
      // Seeded so CI is repeatable; the "__proto__" key it once found is pinned in the case below.
      { numRuns: 2_000, seed: 1656730163 },
    );
  });

  it('encodes a key named "__proto__" as a field, as encodeExactDirect does', () => {
    const input = JSON.parse('{"__proto__":{"a":1},"b":2}') as Record<string, unknown>;
    expect(encodeExact(input)).toBe('{"__proto__":{"a":1},"b":2}');
    expect(encodeExactDirect(input)).toBe(encodeExact(input));
  });

  it('round-trips an order-shaped payload through decodeExact with exact amounts', () => {
    const payload = { price: Price.parse('1.10005'), fee: Money.parse('0.10', 'USD'), tags: new Set(['a']), note: undefined };
    const decoded = decodeExact<{ price: Decimal; fee: Money; tags: Set<string> }>(encodeExactDirect(payload));
    expect(decoded.price.toString()).toBe('1.10005');
    expect(decoded.fee.amount.toString()).toBe('0.10');
    expect([...decoded.tags]).toEqual(['a']);
  });

  it('refuses a bigint as JSON.stringify does', () => {
    expect(() => encodeExactDirect({ n: 1n })).toThrow(TypeError);
    expect(() => encodeExact({ n: 1n })).toThrow(TypeError);
  });
});

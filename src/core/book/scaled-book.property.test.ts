import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Decimal } from '../money/decimal';
import { decodeExact, encodeExact } from '../serialization';
import { InstrumentId } from '../identifiers';
import { ScaledBook } from './scaled-book';
import { parseScaled, readQuotedScaled, scaledToDecimal, scaledToText } from './scaled-number';
import { scaledBookUpdate, toBookLevels } from './scaled-levels';

/** Plain decimals as venues write them: up to 6 integer digits, 0-8 fractional digits, trailing zeros kept. */
const wireDecimal = fc
  .tuple(fc.nat(999_999), fc.integer({ min: 0, max: 8 }), fc.nat(99_999_999))
  .map(([whole, digits, fraction]) => (digits === 0 ? String(whole) : `${whole}.${String(fraction % 10 ** digits).padStart(digits, '0')}`));
const wireSize = fc.oneof(wireDecimal, fc.constantFrom('0', '0.0', '0.00000000'));
const update = fc.record({ bid: fc.boolean(), price: wireDecimal, size: wireSize });

/** The reference: a map keyed by the exact value (Decimal, normalised), levels as the venue last wrote them. */
class DecimalBook {
  readonly bids = new Map<string, { price: string; size: string }>();
  readonly asks = new Map<string, { price: string; size: string }>();

  set(bid: boolean, price: string, size: string): void {
    const side = bid ? this.bids : this.asks;
    const key = Decimal.parse(price).normalize().toString();
    if (Decimal.parse(size).isZero()) side.delete(key);
    else side.set(key, { price, size });
  }

  levels(bid: boolean): string[] {
    const side = [...(bid ? this.bids : this.asks).values()];
    side.sort((a, b) => (bid ? -1 : 1) * Decimal.parse(a.price).compare(Decimal.parse(b.price)));
    return side.map((l) => `${l.price}x${l.size}`);
  }
}

describe('the scaled-integer book equals the Decimal book', () => {
  it('for random snapshots and updates, level for level, value and written digits', () => {
    fc.assert(
      fc.property(fc.array(update, { maxLength: 200 }), (updates) => {
        const book = new ScaledBook();
        const reference = new DecimalBook();
        for (const u of updates) {
          const price = parseScaled(u.price);
          const size = parseScaled(u.size);
          if (price === undefined || size === undefined) throw new Error('generator made a non-decimal');
          expect(book.set(u.bid, price, size)).toBe(true);
          reference.set(u.bid, u.price, u.size);
        }
        const levels = book.levels();
        expect(levels.bids.map((l) => `${l.price.toString()}x${l.quantity.toString()}`)).toEqual(reference.levels(true));
        expect(levels.asks.map((l) => `${l.price.toString()}x${l.quantity.toString()}`)).toEqual(reference.levels(false));
        // The lazy event form converts to the same Decimals.
        expect(toBookLevels(book.scaledLevels(true)).map((l) => l.price.toString())).toEqual(levels.bids.map((l) => l.price.toString()));
      }),
      { numRuns: 300 },
    );
  });

  it('refuses a value it cannot hold exactly instead of rounding it', () => {
    const book = new ScaledBook();
    expect(book.set(true, parseScaled('1.12345678') as never, parseScaled('1') as never)).toBe(true);
    // Fits alone (mantissa 123456789125, 1 digit), but at the book's price scale of 8 it is past 2^53: refused.
    expect(book.set(true, parseScaled('12345678912.5') as never, parseScaled('1') as never)).toBe(false);
    // A new value with more digits than the present levels allow: the scale does not grow, the value is refused.
    const wide = new ScaledBook();
    expect(wide.set(false, parseScaled('90000000000') as never, parseScaled('1') as never)).toBe(true);
    expect(wide.set(false, parseScaled('1.000001') as never, parseScaled('1') as never)).toBe(false);
    expect(wide.set(false, parseScaled('1.000000') as never, parseScaled('2') as never)).toBe(true);
    expect(wide.levels().asks.map((l) => l.price.toString())).toEqual(['1', '90000000000']);
    expect(book.levels().bids.map((l) => l.price.toString())).toEqual(['1.12345678']);
    expect(parseScaled('12345678901234567')).toBeUndefined();
    // Trailing zeros carry no value: a long text that fits without them is read.
    expect(parseScaled('1.50000000000000000000')).toEqual({ mantissa: 15, digits: 1 });
  });
});

describe('scaled numbers', () => {
  it('read plain decimals exactly as Decimal.parse does and write them back as written', () => {
    fc.assert(
      fc.property(wireDecimal, (text) => {
        const value = parseScaled(text);
        expect(value).toBeDefined();
        if (value === undefined) return;
        const decimal = scaledToDecimal(value.mantissa, value.digits);
        expect(decimal.toString()).toBe(Decimal.parse(text).toString());
        expect(scaledToText(value.mantissa, value.digits)).toBe(text);
        const quoted = `x"${text}"y`;
        const out = { mantissa: -1, digits: -1 };
        expect(readQuotedScaled(quoted, 1, out)).toBe(quoted.length - 1);
        expect(out).toEqual(value);
      }),
    );
    for (const bad of ['', '.5', '5.', '-1', '1e5', '1.2.3', ' 1', '0x10']) expect(parseScaled(bad)).toBeUndefined();
    expect(readQuotedScaled('"1.5', 0, { mantissa: 0, digits: 0 })).toBe(-1);
  });
});

describe('a book update over scaled levels', () => {
  it('reads, serialises and encodes exactly like a plain OrderBookUpdate', () => {
    const id = InstrumentId.of('BTCUSDT', 'BINANCE');
    const event = scaledBookUpdate(id, 'delta', 7, 1, 2, [6000001, 2, 15, 1], [6000100, 2, 0, 0]);
    const plain = {
      type: 'OrderBookUpdate',
      instrumentId: id,
      kind: 'delta',
      bids: [{ price: Decimal.parse('60000.01'), quantity: Decimal.parse('1.5') }],
      asks: [{ price: Decimal.parse('60001.00'), quantity: Decimal.parse('0') }],
      valid: true,
      occurredAt: 1,
      recordedAt: 2,
      sequence: 7,
    };
    expect(event.bids[0]?.price.toString()).toBe('60000.01');
    expect(event.bids).toBe(event.bids); // converted once, then kept
    expect(JSON.parse(JSON.stringify(event))).toEqual(JSON.parse(JSON.stringify(plain)));
    expect(decodeExact(encodeExact(event))).toEqual(decodeExact(encodeExact(plain)));
  });
});

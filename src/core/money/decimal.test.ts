import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Decimal } from './decimal';

describe('Decimal', () => {
  it('parses venue strings keeping their scale', () => {
    expect(Decimal.parse('0.00010000').scale).toBe(8);
    expect(Decimal.parse('1.10').toString()).toBe('1.10');
    expect(Decimal.parse('-12').toString()).toBe('-12');
    expect(Decimal.parse('1e-8').toString()).toBe('0.00000001');
    expect(Decimal.parse('1.5E3').toString()).toBe('1500');
    expect(Decimal.parse('.5').toString()).toBe('0.5');
  });

  it.each(['', 'abc', '1.2.3', ' 1', 'NaN', 'Infinity', '1,5', '--1'])('refuses %j', (text) => {
    expect(() => Decimal.parse(text)).toThrow(/expected a decimal number/);
  });

  it('adds 0.1 and 0.2 exactly', () => {
    expect(Decimal.parse('0.1').add(Decimal.parse('0.2')).eq(Decimal.parse('0.3'))).toBe(true);
  });

  it('divides with an explicit scale and rounding', () => {
    const one = Decimal.parse('1');
    const three = Decimal.parse('3');
    expect(one.div(three, 4, 'half-even').toString()).toBe('0.3333');
    expect(Decimal.parse('2').div(three, 4, 'half-even').toString()).toBe('0.6667');
    expect(Decimal.parse('-2').div(three, 4, 'down').toString()).toBe('-0.6666');
    expect(Decimal.parse('0.125').rescale(2, 'half-even').toString()).toBe('0.12');
    expect(Decimal.parse('0.135').rescale(2, 'half-even').toString()).toBe('0.14');
    expect(Decimal.parse('-0.125').rescale(2, 'half-up').toString()).toBe('-0.13');
    expect(Decimal.parse('-0.121').rescale(2, 'floor').toString()).toBe('-0.13');
    expect(Decimal.parse('-0.129').rescale(2, 'ceil').toString()).toBe('-0.12');
  });

  it('rounds to tick and lot; lots round toward zero', () => {
    const tick = Decimal.parse('0.00005');
    expect(Decimal.parse('1.23457').roundToIncrement(tick, 'half-even').toString()).toBe('1.23455');
    expect(Decimal.parse('1.23458').roundToIncrement(tick, 'half-even').toString()).toBe('1.23460');
    expect(Decimal.parse('0.0019999').roundToIncrement(Decimal.parse('0.001'), 'down').toString()).toBe('0.001');
    expect(Decimal.parse('1.23455').isMultipleOf(tick)).toBe(true);
    expect(Decimal.parse('1.23456').isMultipleOf(tick)).toBe(false);
  });

  it('arithmetic matches bigint rationals for random values (property)', () => {
    const arbitraryDecimal = fc
      .tuple(fc.bigInt({ min: -(10n ** 20n), max: 10n ** 20n }), fc.integer({ min: 0, max: 12 }))
      .map(([mantissa, scale]) => Decimal.of(mantissa, scale));
    fc.assert(
      fc.property(arbitraryDecimal, arbitraryDecimal, (a, b) => {
        const sum = a.add(b);
        expect(sum.sub(b).eq(a)).toBe(true);
        expect(Decimal.parse(sum.toString()).eq(sum)).toBe(true);
        expect(a.mul(b).compare(Decimal.ZERO)).toBe(a.sign() * b.sign() + 0);
        if (!b.isZero()) {
          const quotient = a.div(b, 20, 'down');
          // |a - q*b| < |b| * 10^-20
          const error = a.sub(quotient.mul(b)).abs();
          expect(error.lt(b.abs().mul(Decimal.of(1n, 20)))).toBe(true);
        }
      }),
      { numRuns: 2000 },
    );
  });
});

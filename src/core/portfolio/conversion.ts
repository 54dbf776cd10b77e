import type { Currency } from '../money/currency';
import { Decimal } from '../money/decimal';
import type { Money } from '../money/money';
import type { ConversionRateSource } from './types';

/** Scale of a rate derived by inversion (1 / EURUSD): well past any venue's quoting precision. */
export const INVERSE_RATE_SCALE = 16;

/** Rates set by hand (tests, config, a venue's published home-conversion factors). */
export class StaticConversionRates implements ConversionRateSource {
  private readonly rates = new Map<string, Decimal>();

  constructor(entries: Iterable<readonly [string, string, Decimal]> = []) {
    for (const [from, to, rate] of entries) this.set(from, to, rate);
  }

  set(from: string, to: string, rate: Decimal): void {
    if (!rate.isPositive())
      throw new RangeError(`conversion rate ${from}->${to} must be positive, found ${rate.toString()}`);
    this.rates.set(`${from}/${to}`, rate);
  }

  rate(from: Currency, to: Currency): Decimal | undefined {
    if (from === to) return Decimal.ONE;
    const direct = this.rates.get(`${from}/${to}`);
    if (direct !== undefined) return direct;
    const inverse = this.rates.get(`${to}/${from}`);
    return inverse === undefined ? undefined : Decimal.ONE.div(inverse, INVERSE_RATE_SCALE, 'half-even');
  }
}

/** Converts an amount, or returns undefined when the source has no rate. Identity needs no rate. */
export function convertMoney(amount: Money, to: Currency, rates: ConversionRateSource): Money | undefined {
  if (amount.currency === to) return amount;
  const rate = rates.rate(amount.currency, to);
  return rate === undefined ? undefined : amount.convert(rate, to);
}

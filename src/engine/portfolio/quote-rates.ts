import type { ConversionRateSource, Currency, Instrument, QuoteTick } from '../../core';
import { Decimal, INVERSE_RATE_SCALE } from '../../core';

/** Currencies tried as the middle leg of a cross rate (EUR -> USD -> JPY) when no pair links two directly. */
const CROSS_CURRENCIES = ['USD', 'USDT', 'EUR'] as const;

/**
 * Conversion rates from the latest quotes: the mid of BASE/QUOTE gives BASE -> QUOTE, its inverse the other
 * way, and one intermediate currency gives crosses. Quote-driven, so P&L in the account currency moves with
 * the market exactly as the venue's home-currency figures do; fixed rates (config, tests) can override.
 */
export class QuoteConversionRates implements ConversionRateSource {
  private readonly mids = new Map<string, Decimal>();
  private readonly overrides = new Map<string, Decimal>();

  onQuote(instrument: Instrument, quote: QuoteTick): void {
    if (!quote.bid.isPositive() || !quote.ask.isPositive()) return;
    const sum = quote.bid.add(quote.ask);
    // Halving is exact one digit further out.
    const mid = sum.div(Decimal.fromInteger(2), sum.scale + 1, 'half-even').normalize();
    this.mids.set(`${instrument.baseCurrency}/${instrument.quoteCurrency}`, mid);
  }

  /** A fixed rate that wins over quotes (units of `to` per unit of `from`). */
  setRate(from: string, to: string, rate: Decimal): void {
    this.overrides.set(`${from}/${to}`, rate);
  }

  rate(from: Currency, to: Currency): Decimal | undefined {
    if (from === to) return Decimal.ONE;
    const direct = this.oneStep(from, to);
    if (direct !== undefined) return direct;
    for (const middle of CROSS_CURRENCIES) {
      if (middle === from || middle === to) continue;
      const first = this.oneStep(from, middle);
      if (first === undefined) continue;
      const second = this.oneStep(middle, to);
      if (second !== undefined) return first.mul(second);
    }
    return undefined;
  }

  private oneStep(from: string, to: string): Decimal | undefined {
    const key = `${from}/${to}`;
    const fixed = this.overrides.get(key) ?? this.mids.get(key);
    if (fixed !== undefined) return fixed;
    const reverseKey = `${to}/${from}`;
    const reverse = this.overrides.get(reverseKey) ?? this.mids.get(reverseKey);
    return reverse === undefined ? undefined : Decimal.ONE.div(reverse, INVERSE_RATE_SCALE, 'half-even');
  }
}

import type { ConversionRateSource, Currency, Instrument, Position, QuoteHomeConversion, QuoteTick } from '../../core';
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
  /** Venue-published quote -> home factors (OANDA): by `instrument>home`, and by `QUOTE/HOME` for rates. */
  private readonly homeFactors = new Map<string, QuoteHomeConversion>();

  onQuote(instrument: Instrument, quote: QuoteTick): void {
    if (quote.homeConversions !== undefined) {
      for (const factors of quote.homeConversions) {
        this.homeFactors.set(`${instrument.id}>${factors.currency}`, factors);
        this.homeFactors.set(`${instrument.quoteCurrency}/${factors.currency}`, factors);
      }
    }
    if (!quote.bid.isPositive() || !quote.ask.isPositive()) return;
    const sum = quote.bid.add(quote.ask);
    // Halving is exact one digit further out.
    const mid = sum.div(Decimal.fromInteger(2), sum.scale + 1, 'half-even').normalize();
    this.mids.set(`${instrument.baseCurrency}/${instrument.quoteCurrency}`, mid);
  }

  /** The venue's factors converting the instrument's quote currency into `home`, from its latest quote. */
  homeConversion(instrumentId: string, home: string): QuoteHomeConversion | undefined {
    return this.homeFactors.get(`${instrumentId}>${home}`);
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
    if (reverse !== undefined) return Decimal.ONE.div(reverse, INVERSE_RATE_SCALE, 'half-even');
    // No quote links the two, but a venue published factors into this home currency: their mid is the rate.
    const factors = this.homeFactors.get(key);
    if (factors === undefined) return undefined;
    const sum = factors.positiveUnits.add(factors.negativeUnits);
    return sum.div(Decimal.fromInteger(2), sum.scale + 1, 'half-even').normalize();
  }
}

/**
 * A position's unrealized P&L in its account currency. When its quotes carry the venue's home-conversion
 * factors (OANDA), each open trade's quote-currency P&L converts as the venue converts it: a gain by
 * positiveUnits, a loss by negativeUnits; so the figure equals the venue's trade unrealizedPL. Otherwise it is
 * the quote-derived rate's (Position.unrealizedAccount).
 */
export function unrealizedInAccount(position: Position): Decimal | undefined {
  const { rates, instrumentId, quoteCurrency, accountCurrency } = position.settings;
  const factors =
    quoteCurrency === accountCurrency || !(rates instanceof QuoteConversionRates)
      ? undefined
      : rates.homeConversion(instrumentId, accountCurrency);
  if (factors === undefined || position.mark === undefined) return position.unrealizedAccount();
  const mark = position.mark;
  const convert = (pnl: Decimal): Decimal =>
    pnl.mul(pnl.isNegative() ? factors.negativeUnits : factors.positiveUnits);
  // One factor for both signs (or one lot, average cost): the total converts at once (no per-trade allocation).
  if (factors.positiveUnits.eq(factors.negativeUnits) || position.settings.costBasis === 'average-cost')
    return convert(position.unrealizedQuote(mark));
  let total = Decimal.ZERO;
  for (const trade of position.openTrades())
    total = total.add(convert(trade.openQuantity.mul(mark.sub(trade.entryPrice))));
  return total;
}

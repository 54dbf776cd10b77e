import { Decimal, type MarketDataEvent } from '../../core';
import type { WireError } from './auth';
import type { SimSymbol } from './symbols';

export type { SimPercentPrice, SimPercentPriceBySide } from './symbols';

interface Print {
  readonly price: Decimal;
  readonly quantity: Decimal;
  readonly at: number;
}

const MINUTE_MS = 60_000;

/** errors.md -1013 with the filter's name (validation.ts builds the others the same way). */
const filterFailure = (filter: string): WireError => ({ status: 400, code: -1013, msg: `Filter failure: ${filter}` });

/**
 * The weighted average price per symbol over the last `avgPriceMins` minutes of public trades, the reference
 * the percent-price filters and GET /api/v3/avgPrice use (filters.md: "0 means the last price is used").
 * With no trade in the window the last trade price stands in; with none at all, the symbol's opening mid.
 */
export class AveragePrices {
  private readonly prints = new Map<string, Print[]>();

  constructor(
    private readonly symbolOf: (instrumentId: string) => string | undefined,
    private readonly opening: (symbol: string) => Decimal | undefined,
    private readonly now: () => number,
  ) {}

  onMarketData(event: MarketDataEvent): void {
    if (event.type !== 'TradeTick') return;
    const symbol = this.symbolOf(event.instrumentId);
    if (symbol === undefined) return;
    const list = this.prints.get(symbol) ?? [];
    list.push({ price: event.price, quantity: event.quantity, at: event.occurredAt });
    // Keep a bounded history: the longest window any filter asks for is minutes, not hours.
    const horizon = event.occurredAt - 60 * MINUTE_MS;
    while (list.length > 1 && (list[0] as Print).at < horizon) list.shift();
    this.prints.set(symbol, list);
  }

  /** The average and the time of the last trade in the window (GET /api/v3/avgPrice `closeTime`). */
  average(symbol: string, mins: number): { price: Decimal; closeTime: number } | undefined {
    const list = this.prints.get(symbol) ?? [];
    const last = list.at(-1);
    if (last === undefined) {
      const open = this.opening(symbol);
      return open === undefined ? undefined : { price: open, closeTime: this.now() };
    }
    if (mins === 0) return { price: last.price, closeTime: last.at };
    const from = this.now() - mins * MINUTE_MS;
    let notional = Decimal.ZERO;
    let quantity = Decimal.ZERO;
    for (const print of list) {
      if (print.at < from) continue;
      notional = notional.add(print.price.mul(print.quantity));
      quantity = quantity.add(print.quantity);
    }
    if (quantity.isZero()) return { price: last.price, closeTime: last.at };
    return { price: notional.div(quantity, 8, 'half-even'), closeTime: last.at };
  }
}

/**
 * PERCENT_PRICE and PERCENT_PRICE_BY_SIDE (filters.md) on an order's `price`, against the weighted average:
 * BUY passes when avg × bidMultiplierDown <= price <= avg × bidMultiplierUp, SELL likewise with the ask
 * multipliers. Orders without a price (MARKET, STOP_LOSS, TAKE_PROFIT) are not subject to them.
 */
export function checkPercentPrice(symbol: SimSymbol, side: 'buy' | 'sell', price: Decimal | undefined, averages: AveragePrices): WireError | undefined {
  if (price === undefined) return undefined;
  if (symbol.percentPrice !== undefined) {
    const band = symbol.percentPrice;
    const avg = averages.average(symbol.symbol, band.avgPriceMins)?.price;
    if (avg !== undefined && outside(price, avg, band.multiplierDown, band.multiplierUp)) return filterFailure('PERCENT_PRICE');
  }
  if (symbol.percentPriceBySide !== undefined) {
    const band = symbol.percentPriceBySide;
    const avg = averages.average(symbol.symbol, band.avgPriceMins)?.price;
    const [down, up] = side === 'buy' ? [band.bidMultiplierDown, band.bidMultiplierUp] : [band.askMultiplierDown, band.askMultiplierUp];
    if (avg !== undefined && outside(price, avg, down, up)) return filterFailure('PERCENT_PRICE_BY_SIDE');
  }
  return undefined;
}

function outside(price: Decimal, avg: Decimal, down: string, up: string): boolean {
  return price.gt(avg.mul(Decimal.parse(up))) || price.lt(avg.mul(Decimal.parse(down)));
}

/** GET /api/v3/avgPrice (rest-api.md): over the window of the symbol's percent-price filter, else 5 minutes. */
export function avgPriceAnswer(
  name: string | undefined,
  symbols: ReadonlyMap<string, SimSymbol>,
  averages: AveragePrices,
  now: number,
): { status: number; body: unknown } | WireError {
  if (name === undefined) return { status: 400, code: -1102, msg: "Mandatory parameter 'symbol' was not sent, was empty/null, or malformed." };
  const symbol = symbols.get(name);
  if (symbol === undefined) return { status: 400, code: -1121, msg: 'Invalid symbol.' };
  const mins = symbol.percentPriceBySide?.avgPriceMins ?? symbol.percentPrice?.avgPriceMins ?? 5;
  const average = averages.average(name, mins);
  return { status: 200, body: { mins, price: (average?.price ?? Decimal.ZERO).toFixedScale(8, 'half-even'), closeTime: average?.closeTime ?? now } };
}

import type { Clock } from '../../core/clock';
import { Decimal } from '../../core/money/decimal';
import type { OrderRequest } from '../../core/orders/types';
import type { FilterInfo, SymbolInfo } from './parse/exchange-info';
import type { LocalRefusal } from './parse/order-params';

/** A symbol's percent-price bands (filters.md PERCENT_PRICE and PERCENT_PRICE_BY_SIDE), as multipliers. */
export interface PriceBands {
  readonly filter: 'PERCENT_PRICE' | 'PERCENT_PRICE_BY_SIDE';
  readonly buy: { readonly up: Decimal; readonly down: Decimal };
  readonly sell: { readonly up: Decimal; readonly down: Decimal };
  readonly avgPriceMins: number;
}

function multiplier(filter: FilterInfo, field: string): Decimal | undefined {
  const value = filter[field];
  return typeof value === 'string' ? Decimal.tryParse(value) : undefined;
}

/**
 * The bands of one exchangeInfo symbol. Binance spot publishes PERCENT_PRICE_BY_SIDE; a symbol with both is held
 * to both, so both are returned (in the order the venue checks them is not documented: either failing refuses).
 */
export function priceBandsFromSymbol(info: SymbolInfo): PriceBands[] {
  const out: PriceBands[] = [];
  for (const filter of info.filters) {
    const mins = typeof filter.avgPriceMins === 'number' ? filter.avgPriceMins : 0;
    if (filter.filterType === 'PERCENT_PRICE') {
      const up = multiplier(filter, 'multiplierUp');
      const down = multiplier(filter, 'multiplierDown');
      if (up !== undefined && down !== undefined) out.push({ filter: 'PERCENT_PRICE', buy: { up, down }, sell: { up, down }, avgPriceMins: mins });
    } else if (filter.filterType === 'PERCENT_PRICE_BY_SIDE') {
      const bidUp = multiplier(filter, 'bidMultiplierUp');
      const bidDown = multiplier(filter, 'bidMultiplierDown');
      const askUp = multiplier(filter, 'askMultiplierUp');
      const askDown = multiplier(filter, 'askMultiplierDown');
      if (bidUp !== undefined && bidDown !== undefined && askUp !== undefined && askDown !== undefined) {
        out.push({ filter: 'PERCENT_PRICE_BY_SIDE', buy: { up: bidUp, down: bidDown }, sell: { up: askUp, down: askDown }, avgPriceMins: mins });
      }
    }
  }
  return out;
}

/**
 * The rule on the order's `price` field: BUY needs avg × bidMultiplierDown <= price <= avg × bidMultiplierUp,
 * SELL the same with the ask multipliers. Orders without a limit price are not subject to it.
 */
export function checkPriceBands(bands: readonly PriceBands[], request: OrderRequest, average: Decimal): LocalRefusal | undefined {
  const price = request.price;
  if (price === undefined) return undefined;
  for (const band of bands) {
    const { up, down } = request.side === 'buy' ? band.buy : band.sell;
    const side = request.side === 'buy' ? 'BUY' : 'SELL';
    const high = average.mul(up);
    const low = average.mul(down);
    if (price.gt(high)) {
      return { code: 'VENUE_FILTER_FAILURE', reason: `Filter failure: ${band.filter} (field price: ${side} ${price.toString()} is above the average price ${average.toString()} × ${up.toString()} = ${high.toString()})` };
    }
    if (price.lt(low)) {
      return { code: 'VENUE_FILTER_FAILURE', reason: `Filter failure: ${band.filter} (field price: ${side} ${price.toString()} is below the average price ${average.toString()} × ${down.toString()} = ${low.toString()})` };
    }
  }
  return undefined;
}

/**
 * The venue's weighted average price per symbol from GET /api/v3/avgPrice, cached for `ttlMs`: the average is over
 * minutes, so a few seconds' staleness moves the band edge negligibly, and the venue still has the last word.
 */
export class AveragePriceCache {
  private readonly cache = new Map<string, { price: Decimal; at: number }>();

  constructor(
    private readonly fetch: (symbol: string) => Promise<{ price: string }>,
    private readonly clock: Clock,
    private readonly ttlMs = 5_000,
  ) {}

  async get(symbol: string): Promise<Decimal | undefined> {
    const cached = this.cache.get(symbol);
    const now = this.clock.now();
    if (cached !== undefined && now - cached.at < this.ttlMs) return cached.price;
    const answer = await this.fetch(symbol);
    const price = Decimal.tryParse(answer.price);
    // A zero average (a symbol that never traded) gives no band to check against.
    if (price === undefined || price.isZero()) return undefined;
    this.cache.set(symbol, { price, at: now });
    return price;
  }
}

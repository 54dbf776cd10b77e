import { Currency } from '../../core/money/currency';
import { Decimal } from '../../core/money/decimal';
import type { CryptoSpot } from '../../core/instruments';
import { InstrumentId, type VenueName } from '../../core/identifiers';
import { lookup, SYMBOL_STATUS } from './enums';
import type { FilterInfo, SymbolInfo } from './parse/exchange-info';

/** A filter or status the adapter does not know, to be reported (never guessed). */
export interface UnrecognizedRule {
  readonly symbol: string;
  readonly description: string;
}

/** Filters the adapter reads into trading rules; any other filterType is reported once per symbol. */
const KNOWN_FILTERS = new Set([
  'PRICE_FILTER',
  'PERCENT_PRICE',
  'PERCENT_PRICE_BY_SIDE',
  'LOT_SIZE',
  'MIN_NOTIONAL',
  'NOTIONAL',
  'ICEBERG_PARTS',
  'MARKET_LOT_SIZE',
  'MAX_NUM_ORDERS',
  'MAX_NUM_ALGO_ORDERS',
  'MAX_NUM_ICEBERG_ORDERS',
  'MAX_POSITION',
  'TRAILING_DELTA',
  'MAX_NUM_ORDER_AMENDS',
  'MAX_NUM_ORDER_LISTS',
]);

function decimalField(filter: FilterInfo | undefined, field: string): Decimal | undefined {
  const value = filter?.[field];
  return typeof value === 'string' ? Decimal.parse(value) : undefined;
}

/** Zero in a max field means "no limit" in Binance filters (filters.md: "maxPrice ... can be disabled with 0"). */
function positive(value: Decimal | undefined): Decimal | undefined {
  return value === undefined || value.isZero() ? undefined : value;
}

/** One symbol of exchangeInfo as an engine instrument; the filters become the engine's trading rules. */
export function instrumentFromSymbol(info: SymbolInfo, venue: VenueName, unrecognized: UnrecognizedRule[]): CryptoSpot | undefined {
  const status = lookup(SYMBOL_STATUS, info.status);
  if (status === undefined) {
    unrecognized.push({ symbol: info.symbol, description: `unknown symbol status ${info.status}` });
    return undefined;
  }
  const byType = new Map<string, FilterInfo>();
  for (const filter of info.filters) {
    if (!KNOWN_FILTERS.has(filter.filterType)) {
      unrecognized.push({ symbol: info.symbol, description: `unknown filter ${filter.filterType}` });
    }
    byType.set(filter.filterType, filter);
  }
  const price = byType.get('PRICE_FILTER');
  const lot = byType.get('LOT_SIZE');
  const marketLot = byType.get('MARKET_LOT_SIZE');
  const notional = byType.get('NOTIONAL');
  const minNotional = byType.get('MIN_NOTIONAL');
  const maxOrders = byType.get('MAX_NUM_ORDERS');
  const trailing = byType.get('TRAILING_DELTA');
  const band = byType.get('PERCENT_PRICE');
  const tick = positive(decimalField(price, 'tickSize')) ?? Decimal.of(1n, Math.min(info.quoteAssetPrecision ?? 8, 18));
  const step = positive(decimalField(lot, 'stepSize')) ?? Decimal.of(1n, Math.min(info.baseAssetPrecision, 18));
  const maxNotional = positive(decimalField(notional, 'maxNotional'));
  const minimumNotional = positive(decimalField(notional, 'minNotional') ?? decimalField(minNotional, 'minNotional'));
  const appliesToMarket = notional !== undefined ? notional.applyMinToMarket === true : minNotional?.applyToMarket === true;
  const instrument: CryptoSpot = {
    kind: 'crypto-spot',
    id: InstrumentId.of(info.symbol, venue),
    venue,
    venueSymbol: info.symbol,
    baseCurrency: Currency.parse(info.baseAsset),
    quoteCurrency: Currency.parse(info.quoteAsset),
    priceIncrement: tick,
    sizeIncrement: step,
    minQuantity: decimalField(lot, 'minQty') ?? step,
    status,
    minNotionalAppliesToMarket: appliesToMarket,
    ...optional('maxQuantity', positive(decimalField(lot, 'maxQty'))),
    ...optional('minNotional', minimumNotional),
    ...optional('maxNotional', maxNotional),
    ...optional('marketMinQuantity', decimalField(marketLot, 'minQty')),
    ...optional('marketMaxQuantity', positive(decimalField(marketLot, 'maxQty'))),
    ...optional('maxOpenOrders', typeof maxOrders?.maxNumOrders === 'number' ? maxOrders.maxNumOrders : undefined),
    ...optional(
      'trailingDeltaBasisPoints',
      typeof trailing?.minTrailingAboveDelta === 'number' && typeof trailing.maxTrailingAboveDelta === 'number'
        ? { min: trailing.minTrailingAboveDelta, max: trailing.maxTrailingAboveDelta }
        : undefined,
    ),
    ...optional(
      'priceBand',
      band !== undefined && typeof band.multiplierUp === 'string' && typeof band.multiplierDown === 'string'
        ? { multiplierUp: Decimal.parse(band.multiplierUp), multiplierDown: Decimal.parse(band.multiplierDown) }
        : undefined,
    ),
  };
  return instrument;
}

function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}

/** The one place venue symbols and instrument ids meet (STYLE rule 8). */
export class SymbolMap {
  private readonly bySymbol = new Map<string, CryptoSpot>();
  private readonly byId = new Map<InstrumentId, CryptoSpot>();

  constructor(readonly venue: VenueName) {}

  load(instruments: readonly CryptoSpot[]): void {
    this.bySymbol.clear();
    this.byId.clear();
    for (const instrument of instruments) {
      this.bySymbol.set(instrument.venueSymbol, instrument);
      this.byId.set(instrument.id, instrument);
    }
  }

  all(): readonly CryptoSpot[] {
    return [...this.byId.values()];
  }

  /** The venue symbol of an instrument id; ids of this venue map even before exchangeInfo is loaded. */
  symbol(id: InstrumentId): string {
    const known = this.byId.get(id);
    if (known !== undefined) return known.venueSymbol;
    if (InstrumentId.venue(id) !== this.venue) throw new RangeError(`instrumentId ${id} is not a ${this.venue} instrument`);
    return InstrumentId.symbol(id);
  }

  instrumentId(symbol: string): InstrumentId {
    return this.bySymbol.get(symbol)?.id ?? InstrumentId.of(symbol, this.venue);
  }

  instrument(id: InstrumentId): CryptoSpot | undefined {
    return this.byId.get(id);
  }

  bySymbolName(symbol: string): CryptoSpot | undefined {
    return this.bySymbol.get(symbol);
  }
}

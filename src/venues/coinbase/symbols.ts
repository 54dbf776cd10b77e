import { TmtError } from '../../core/errors/tmt-error';
import { InstrumentId } from '../../core/identifiers';
import type { CryptoSpot, InstrumentStatus } from '../../core/instruments';
import { Currency } from '../../core/money/currency';
import { Decimal } from '../../core/money/decimal';
import { lookup, PRODUCT_STATUS } from './enums';
import type { WireProduct } from './parse/wire';

/** Trading flags Coinbase sets per product beyond its status; honoured before an order is sent. */
export interface ProductFlags {
  readonly limitOnly: boolean;
  readonly postOnly: boolean;
  readonly cancelOnly: boolean;
}

/**
 * A product's trading rules as an engine instrument: tick from price_increment, lot from base_increment, size
 * and funds bounds. trading_disabled or cancel_only mean no new orders (cancel-only); an unknown status is
 * returned as undefined for the caller to report.
 */
export function instrumentFromProduct(product: WireProduct): CryptoSpot | undefined {
  const status = lookup(PRODUCT_STATUS, product.status);
  if (status === undefined) return undefined;
  const effective: InstrumentStatus = status !== 'trading' ? status : product.trading_disabled ? 'halted' : product.cancel_only ? 'cancel-only' : 'trading';
  return {
    kind: 'crypto-spot',
    id: InstrumentId.of(product.product_id, 'COINBASE'),
    venue: 'COINBASE',
    venueSymbol: product.product_id,
    baseCurrency: Currency.parse(product.base_currency_id),
    quoteCurrency: Currency.parse(product.quote_currency_id),
    priceIncrement: Decimal.parse(product.price_increment ?? product.quote_increment),
    sizeIncrement: Decimal.parse(product.base_increment),
    minQuantity: Decimal.parse(product.base_min_size),
    maxQuantity: Decimal.parse(product.base_max_size),
    minNotional: Decimal.parse(product.quote_min_size),
    maxNotional: Decimal.parse(product.quote_max_size),
    minNotionalAppliesToMarket: true,
    status: effective,
  };
}

/** Instrument ids ↔ product ids: venue symbols never leave the adapter except through this map. */
export class ProductMap {
  private readonly byId = new Map<string, CryptoSpot>();
  private readonly byProduct = new Map<string, CryptoSpot>();
  private readonly flags = new Map<string, ProductFlags>();

  load(products: readonly { instrument: CryptoSpot; flags: ProductFlags }[]): void {
    this.byId.clear();
    this.byProduct.clear();
    for (const { instrument, flags } of products) {
      this.byId.set(instrument.id, instrument);
      this.byProduct.set(instrument.venueSymbol, instrument);
      this.flags.set(instrument.venueSymbol, flags);
    }
  }

  all(): CryptoSpot[] {
    return [...this.byId.values()];
  }

  instrument(instrumentId: InstrumentId): CryptoSpot | undefined {
    return this.byId.get(instrumentId);
  }

  flagsOf(productId: string): ProductFlags | undefined {
    return this.flags.get(productId);
  }

  productId(instrumentId: InstrumentId): string {
    const instrument = this.byId.get(instrumentId);
    if (instrument !== undefined) return instrument.venueSymbol;
    if (InstrumentId.venue(instrumentId) !== 'COINBASE') throw new TmtError('VENUE_UNSUPPORTED', `instrument ${instrumentId} is not a Coinbase product`, { field: 'instrumentId' });
    return InstrumentId.symbol(instrumentId);
  }

  instrumentId(productId: string): InstrumentId {
    return this.byProduct.get(productId)?.id ?? InstrumentId.of(productId, 'COINBASE');
  }
}

import { Currency, Decimal, InstrumentId, type CryptoSpot } from '../../core';
import type { SimulatedInstrument } from '../matching';

/**
 * One product as the simulator lists it, with the fields of Advanced Trade's `GET /api/v3/brokerage/products`
 * that carry trading rules. Sizes and increments are strings exactly as the venue prints them.
 */
export interface SimProduct {
  readonly product_id: string;
  readonly base_currency_id: string;
  readonly quote_currency_id: string;
  readonly base_name: string;
  readonly quote_name: string;
  readonly base_increment: string;
  readonly quote_increment: string;
  readonly price_increment: string;
  readonly base_min_size: string;
  readonly base_max_size: string;
  readonly quote_min_size: string;
  readonly quote_max_size: string;
  /** Starting mid of the simulated market. */
  readonly mid: string;
  /** Size of one book level, in base units (the walk draws 1-20 of them). */
  readonly levelSize: string;
  status: 'online' | 'offline' | 'delisted';
  trading_disabled: boolean;
  cancel_only: boolean;
  limit_only: boolean;
  post_only: boolean;
}

const FLAGS = { status: 'online', trading_disabled: false, cancel_only: false, limit_only: false, post_only: false } as const;

/** BTC-USD, ETH-USD and ETH-BTC with the increments and limits Coinbase publishes for them. */
export function defaultProducts(): SimProduct[] {
  return [
    { product_id: 'BTC-USD', base_currency_id: 'BTC', quote_currency_id: 'USD', base_name: 'Bitcoin', quote_name: 'US Dollar', base_increment: '0.00000001', quote_increment: '0.01', price_increment: '0.01', base_min_size: '0.00000001', base_max_size: '3400', quote_min_size: '1', quote_max_size: '150000000', mid: '60000.00', levelSize: '0.1', ...FLAGS },
    { product_id: 'ETH-USD', base_currency_id: 'ETH', quote_currency_id: 'USD', base_name: 'Ethereum', quote_name: 'US Dollar', base_increment: '0.00000001', quote_increment: '0.01', price_increment: '0.01', base_min_size: '0.00000001', base_max_size: '38000', quote_min_size: '1', quote_max_size: '150000000', mid: '3000.00', levelSize: '2', ...FLAGS },
    { product_id: 'ETH-BTC', base_currency_id: 'ETH', quote_currency_id: 'BTC', base_name: 'Ethereum', quote_name: 'Bitcoin', base_increment: '0.00000001', quote_increment: '0.00001', price_increment: '0.00001', base_min_size: '0.00000001', base_max_size: '2400', quote_min_size: '0.00001', quote_max_size: '280', mid: '0.05000', levelSize: '2', ...FLAGS },
  ];
}

export function productInstrumentId(product: SimProduct): InstrumentId {
  return InstrumentId.of(product.product_id, 'COINBASE');
}

/** The product's rules as the matching engine checks them (tick, lot, size and funds bounds). */
export function simulatedInstrument(product: SimProduct): SimulatedInstrument {
  const instrument: CryptoSpot = {
    kind: 'crypto-spot',
    id: productInstrumentId(product),
    venue: 'COINBASE',
    venueSymbol: product.product_id,
    baseCurrency: Currency.parse(product.base_currency_id),
    quoteCurrency: Currency.parse(product.quote_currency_id),
    priceIncrement: Decimal.parse(product.price_increment),
    sizeIncrement: Decimal.parse(product.base_increment),
    minQuantity: Decimal.parse(product.base_min_size),
    maxQuantity: Decimal.parse(product.base_max_size),
    minNotional: Decimal.parse(product.quote_min_size),
    maxNotional: Decimal.parse(product.quote_max_size),
    minNotionalAppliesToMarket: true,
    status: 'trading',
  };
  // Coinbase's default tier 0: 0.60% taker, 0.40% maker (transaction_summary fee_tier).
  return { instrument, fees: { maker: Decimal.parse('0.004'), taker: Decimal.parse('0.006') } };
}

/** A product as `GET /api/v3/brokerage/products` returns it. */
export function wireProduct(product: SimProduct, price: string | undefined): Record<string, unknown> {
  return {
    product_id: product.product_id,
    price: price ?? '',
    price_percentage_change_24h: '0',
    volume_24h: '0',
    volume_percentage_change_24h: '0',
    base_increment: product.base_increment,
    quote_increment: product.quote_increment,
    quote_min_size: product.quote_min_size,
    quote_max_size: product.quote_max_size,
    base_min_size: product.base_min_size,
    base_max_size: product.base_max_size,
    base_name: product.base_name,
    quote_name: product.quote_name,
    watched: false,
    is_disabled: product.status === 'delisted',
    new: false,
    status: product.status,
    cancel_only: product.cancel_only,
    limit_only: product.limit_only,
    post_only: product.post_only,
    trading_disabled: product.trading_disabled,
    auction_mode: false,
    product_type: 'SPOT',
    quote_currency_id: product.quote_currency_id,
    base_currency_id: product.base_currency_id,
    fcm_trading_session_details: null,
    mid_market_price: '',
    alias: '',
    alias_to: [],
    base_display_symbol: product.base_currency_id,
    quote_display_symbol: product.quote_currency_id,
    view_only: false,
    price_increment: product.price_increment,
    display_name: product.product_id,
    product_venue: 'CBE',
    approximate_quote_24h_volume: '0',
  };
}

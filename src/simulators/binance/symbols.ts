import { Currency, Decimal, InstrumentId, Price, type CryptoSpot, type VenueName } from '../../core';
import type { SimulatedInstrument } from '../matching';

/** PERCENT_PRICE_BY_SIDE multipliers (filters.md), as strings exactly as exchangeInfo shows them. */
export interface SimPercentPriceBySide {
  readonly bidMultiplierUp: string;
  readonly bidMultiplierDown: string;
  readonly askMultiplierUp: string;
  readonly askMultiplierDown: string;
  readonly avgPriceMins: number;
}

/** PERCENT_PRICE multipliers (filters.md), one band for both sides. */
export interface SimPercentPrice {
  readonly multiplierUp: string;
  readonly multiplierDown: string;
  readonly avgPriceMins: number;
}

/** faqs/stp_faq.md modes the simulator implements (stp.ts); DECREMENT and TRANSFER are not offered. */
export const ALLOWED_STP_MODES = ['NONE', 'EXPIRE_TAKER', 'EXPIRE_MAKER', 'EXPIRE_BOTH'] as const;
export const DEFAULT_STP_MODE = 'EXPIRE_MAKER';

/** One listed symbol and its filters as the simulator serves them (values in Binance's 8-decimal style). */
export interface SimSymbol {
  readonly symbol: string;
  readonly baseAsset: string;
  readonly quoteAsset: string;
  status: 'TRADING' | 'CANCEL_ONLY' | 'HALT' | 'BREAK' | 'END_OF_DAY';
  readonly tickSize: string;
  readonly minPrice: string;
  readonly maxPrice: string;
  readonly stepSize: string;
  readonly minQty: string;
  readonly maxQty: string;
  readonly marketMaxQty: string;
  readonly minNotional: string;
  readonly maxNotional: string;
  readonly maxNumOrders: number;
  readonly maxNumAlgoOrders: number;
  /** Starting mid of the simulated market. */
  readonly mid: string;
  /** Published and enforced when present (filters.md PERCENT_PRICE_BY_SIDE). */
  readonly percentPriceBySide?: SimPercentPriceBySide;
  /** Published and enforced when present (filters.md PERCENT_PRICE). */
  readonly percentPrice?: SimPercentPrice;
}

/** Binance spot's BTCUSDT band as exchangeInfo shows it: 0.2× to 5× the 5-minute average on both sides. */
const WIDE_BY_SIDE: SimPercentPriceBySide = { bidMultiplierUp: '5', bidMultiplierDown: '0.2', askMultiplierUp: '5', askMultiplierDown: '0.2', avgPriceMins: 5 };

export const DEFAULT_SYMBOLS: readonly SimSymbol[] = [
  { symbol: 'BTCUSDT', baseAsset: 'BTC', quoteAsset: 'USDT', status: 'TRADING', tickSize: '0.01000000', minPrice: '0.01000000', maxPrice: '1000000.00000000', stepSize: '0.00001000', minQty: '0.00001000', maxQty: '9000.00000000', marketMaxQty: '100.00000000', minNotional: '5.00000000', maxNotional: '9000000.00000000', maxNumOrders: 200, maxNumAlgoOrders: 5, mid: '60000.00', percentPriceBySide: WIDE_BY_SIDE },
  { symbol: 'ETHUSDT', baseAsset: 'ETH', quoteAsset: 'USDT', status: 'TRADING', tickSize: '0.01000000', minPrice: '0.01000000', maxPrice: '1000000.00000000', stepSize: '0.00010000', minQty: '0.00010000', maxQty: '9000.00000000', marketMaxQty: '1000.00000000', minNotional: '5.00000000', maxNotional: '9000000.00000000', maxNumOrders: 200, maxNumAlgoOrders: 5, mid: '3000.00', percentPriceBySide: WIDE_BY_SIDE },
  { symbol: 'ETHBTC', baseAsset: 'ETH', quoteAsset: 'BTC', status: 'TRADING', tickSize: '0.00001000', minPrice: '0.00001000', maxPrice: '922327.00000000', stepSize: '0.00010000', minQty: '0.00010000', maxQty: '100000.00000000', marketMaxQty: '1000.00000000', minNotional: '0.00010000', maxNotional: '9000.00000000', maxNumOrders: 200, maxNumAlgoOrders: 5, mid: '0.05000', percentPrice: { multiplierUp: '5', multiplierDown: '0.2', avgPriceMins: 5 } },
  { symbol: 'LTCBTC', baseAsset: 'LTC', quoteAsset: 'BTC', status: 'TRADING', tickSize: '0.00000100', minPrice: '0.00000100', maxPrice: '100000.00000000', stepSize: '0.00100000', minQty: '0.00100000', maxQty: '100000.00000000', marketMaxQty: '10000.00000000', minNotional: '0.00010000', maxNotional: '9000.00000000', maxNumOrders: 200, maxNumAlgoOrders: 5, mid: '0.001200' },
];

/** The exchangeInfo `filters` array of a symbol (filters.md shapes). */
export function symbolFilters(s: SimSymbol): Record<string, unknown>[] {
  return [
    { filterType: 'PRICE_FILTER', minPrice: s.minPrice, maxPrice: s.maxPrice, tickSize: s.tickSize },
    ...(s.percentPrice === undefined ? [] : [{ filterType: 'PERCENT_PRICE', ...s.percentPrice }]),
    ...(s.percentPriceBySide === undefined ? [] : [{ filterType: 'PERCENT_PRICE_BY_SIDE', ...s.percentPriceBySide }]),
    { filterType: 'LOT_SIZE', minQty: s.minQty, maxQty: s.maxQty, stepSize: s.stepSize },
    { filterType: 'ICEBERG_PARTS', limit: 10 },
    { filterType: 'MARKET_LOT_SIZE', minQty: '0.00000000', maxQty: s.marketMaxQty, stepSize: '0.00000000' },
    { filterType: 'TRAILING_DELTA', minTrailingAboveDelta: 10, maxTrailingAboveDelta: 2000, minTrailingBelowDelta: 10, maxTrailingBelowDelta: 2000 },
    { filterType: 'NOTIONAL', minNotional: s.minNotional, applyMinToMarket: true, maxNotional: s.maxNotional, applyMaxToMarket: false, avgPriceMins: 5 },
    { filterType: 'MAX_NUM_ORDERS', maxNumOrders: s.maxNumOrders },
    { filterType: 'MAX_NUM_ALGO_ORDERS', maxNumAlgoOrders: s.maxNumAlgoOrders },
  ];
}

export interface RateLimitRule {
  readonly rateLimitType: 'REQUEST_WEIGHT' | 'ORDERS' | 'RAW_REQUESTS';
  readonly interval: 'SECOND' | 'MINUTE' | 'DAY';
  readonly intervalNum: number;
  readonly limit: number;
}

/** Binance spot's published limits (enums.md examples and GET exchangeInfo). */
export const DEFAULT_RATE_LIMITS: readonly RateLimitRule[] = [
  { rateLimitType: 'REQUEST_WEIGHT', interval: 'MINUTE', intervalNum: 1, limit: 6000 },
  { rateLimitType: 'ORDERS', interval: 'SECOND', intervalNum: 10, limit: 100 },
  { rateLimitType: 'ORDERS', interval: 'DAY', intervalNum: 1, limit: 200000 },
  { rateLimitType: 'RAW_REQUESTS', interval: 'MINUTE', intervalNum: 5, limit: 61000 },
];

const ORDER_TYPES = ['LIMIT', 'LIMIT_MAKER', 'MARKET', 'STOP_LOSS', 'STOP_LOSS_LIMIT', 'TAKE_PROFIT', 'TAKE_PROFIT_LIMIT'];

export function exchangeInfoSymbol(s: SimSymbol, amendAllowed: boolean): Record<string, unknown> {
  return {
    symbol: s.symbol,
    status: s.status,
    baseAsset: s.baseAsset,
    baseAssetPrecision: 8,
    quoteAsset: s.quoteAsset,
    quotePrecision: 8,
    quoteAssetPrecision: 8,
    baseCommissionPrecision: 8,
    quoteCommissionPrecision: 8,
    orderTypes: ORDER_TYPES,
    icebergAllowed: true,
    ocoAllowed: true,
    otoAllowed: true,
    opoAllowed: false,
    quoteOrderQtyMarketAllowed: true,
    allowTrailingStop: true,
    cancelReplaceAllowed: true,
    amendAllowed,
    pegInstructionsAllowed: false,
    isSpotTradingAllowed: true,
    isMarginTradingAllowed: false,
    filters: symbolFilters(s),
    permissions: [],
    permissionSets: [['SPOT']],
    defaultSelfTradePreventionMode: DEFAULT_STP_MODE,
    allowedSelfTradePreventionModes: ALLOWED_STP_MODES,
  };
}

/** The matching engine's view of a symbol (the simulator's own reading, independent of the adapter's). */
export function simulatedInstrument(s: SimSymbol, venue: VenueName): SimulatedInstrument {
  const tick = Decimal.parse(s.tickSize).normalize();
  const step = Decimal.parse(s.stepSize).normalize();
  const instrument: CryptoSpot = {
    kind: 'crypto-spot',
    id: InstrumentId.of(s.symbol, venue),
    venue,
    venueSymbol: s.symbol,
    baseCurrency: Currency.parse(s.baseAsset),
    quoteCurrency: Currency.parse(s.quoteAsset),
    priceIncrement: tick,
    sizeIncrement: step,
    minQuantity: Decimal.parse(s.minQty),
    maxQuantity: Decimal.parse(s.maxQty),
    status: 'trading',
    minNotionalAppliesToMarket: true,
  };
  return {
    instrument,
    fees: { maker: Decimal.parse('0.001'), taker: Decimal.parse('0.001') },
    synthetic: {
      initialMid: Price.parse(s.mid),
      spreadTicks: 2,
      volatilityTicks: 3,
      depth: 20,
      levelSize: Decimal.parse(s.symbol.startsWith('BTC') ? '2' : '50'),
      stepMs: 250,
      tradesPerStep: 1,
    },
  };
}

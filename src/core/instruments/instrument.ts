import type { Currency } from '../money/currency';
import type { Decimal } from '../money/decimal';
import type { InstrumentId, VenueName } from '../identifiers';

export type InstrumentKind = 'fx' | 'crypto-spot' | 'equity';

/** Whether the venue takes orders for the instrument now. */
export type InstrumentStatus = 'trading' | 'cancel-only' | 'halted' | 'closed';

interface InstrumentBase {
  readonly id: InstrumentId;
  readonly venue: VenueName;
  /** The venue's own symbol (`EUR_USD`, `BTCUSDT`); never leaves the adapter except through this field. */
  readonly venueSymbol: string;
  readonly baseCurrency: Currency;
  readonly quoteCurrency: Currency;
  /** Tick: every price is a multiple of it. */
  readonly priceIncrement: Decimal;
  /** Lot or step: every quantity is a multiple of it. */
  readonly sizeIncrement: Decimal;
  readonly minQuantity: Decimal;
  readonly maxQuantity?: Decimal;
  readonly minNotional?: Decimal;
  readonly maxNotional?: Decimal;
  readonly status: InstrumentStatus;
}

export interface FxPair extends InstrumentBase {
  readonly kind: 'fx';
  /** 10^pipLocation is one pip: -4 for EUR_USD, -2 for USD_JPY. */
  readonly pipLocation: number;
  /** Decimals OANDA shows for prices (displayPrecision). */
  readonly displayPrecision: number;
  /** Largest units in one order. */
  readonly maxOrderUnits: Decimal;
  readonly maxPositionSize?: Decimal;
  /** Fraction of notional held as margin: 0.02 is 50:1 leverage. */
  readonly marginRate: Decimal;
  readonly trailingStopDistance: { readonly min: Decimal; readonly max: Decimal };
  /** Annual financing rates (as fractions) for long and short positions, when the venue publishes them. */
  readonly financing?: { readonly longRate: Decimal; readonly shortRate: Decimal };
}

export interface CryptoSpot extends InstrumentBase {
  readonly kind: 'crypto-spot';
  /** Market orders may have their own quantity bounds (Binance MARKET_LOT_SIZE). */
  readonly marketMinQuantity?: Decimal;
  readonly marketMaxQuantity?: Decimal;
  /** Whether minNotional also applies to market orders (Binance NOTIONAL applyMinToMarket). */
  readonly minNotionalAppliesToMarket: boolean;
  /** Most open orders the venue allows on this symbol (MAX_NUM_ORDERS). */
  readonly maxOpenOrders?: number;
  /** Trailing delta bounds in basis points (TRAILING_DELTA). */
  readonly trailingDeltaBasisPoints?: { readonly min: number; readonly max: number };
  /** Percent-price band around the average price, as multipliers (PERCENT_PRICE_BY_SIDE simplified). */
  readonly priceBand?: { readonly multiplierUp: Decimal; readonly multiplierDown: Decimal };
}

export interface Equity extends InstrumentBase {
  readonly kind: 'equity';
  readonly exchange: string;
}

export type Instrument = FxPair | CryptoSpot | Equity;

/** Decimals needed to write any multiple of the tick. */
export function pricePrecision(instrument: Instrument): number {
  return instrument.priceIncrement.significantScale();
}

export function sizePrecision(instrument: Instrument): number {
  return instrument.sizeIncrement.significantScale();
}

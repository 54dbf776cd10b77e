import type { Timestamp } from '../clock';
import type { Decimal } from '../money/decimal';
import type { InstrumentId } from '../identifiers';
import type { Price } from '../money/price';
import type { Quantity } from '../money/quantity';
import type { OrderSide } from '../orders/types';

export interface QuoteTick {
  readonly type: 'QuoteTick';
  readonly instrumentId: InstrumentId;
  readonly bid: Price;
  readonly ask: Price;
  readonly bidSize?: Quantity;
  readonly askSize?: Quantity;
  /**
   * Venue-published factors converting an amount of the instrument's quote currency into an account's home
   * currency (OANDA's quoteHomeConversionFactors), one entry per home currency: a positive amount (a gain) is
   * multiplied by positiveUnits, a negative one (a loss) by negativeUnits. When present they win over rates
   * derived from quotes, so P&L in the home currency equals the venue's own figure.
   */
  readonly homeConversions?: readonly QuoteHomeConversion[];
  readonly occurredAt: Timestamp;
  readonly recordedAt: Timestamp;
}

/** See QuoteTick.homeConversions. */
export interface QuoteHomeConversion {
  /** The account's home currency the factors convert into. */
  readonly currency: string;
  readonly positiveUnits: Decimal;
  readonly negativeUnits: Decimal;
}

export interface TradeTick {
  readonly type: 'TradeTick';
  readonly instrumentId: InstrumentId;
  readonly price: Price;
  readonly quantity: Quantity;
  /** Side of the taker, when the venue says. */
  readonly aggressor?: OrderSide;
  readonly tradeId?: string;
  readonly occurredAt: Timestamp;
  readonly recordedAt: Timestamp;
}

export interface BookLevel {
  readonly price: Price;
  readonly quantity: Quantity;
}

/** A full L2 view (snapshot) or a set of changed levels (delta: quantity 0 removes the level). */
export interface OrderBookUpdate {
  readonly type: 'OrderBookUpdate';
  readonly instrumentId: InstrumentId;
  readonly kind: 'snapshot' | 'delta';
  readonly bids: readonly BookLevel[];
  readonly asks: readonly BookLevel[];
  /** False while a venue book is resyncing: the engine must not act on it. */
  readonly valid: boolean;
  readonly sequence?: number;
  readonly occurredAt: Timestamp;
  readonly recordedAt: Timestamp;
}

export type MarketDataEvent = QuoteTick | TradeTick | OrderBookUpdate;

import type { Timestamp } from '../clock';
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
  readonly occurredAt: Timestamp;
  readonly recordedAt: Timestamp;
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

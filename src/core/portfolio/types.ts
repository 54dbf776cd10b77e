import type { Timestamp } from '../clock';
import type { AccountId, ClientOrderId, InstrumentId, TradeId } from '../identifiers';
import type { Currency } from '../money/currency';
import type { Decimal } from '../money/decimal';
import type { Money } from '../money/money';
import type { Price } from '../money/price';
import type { Quantity } from '../money/quantity';
import type { OrderSide } from '../orders/types';

/**
 * Netting: one position per (account, instrument); an opposite fill reduces it (and may flip it).
 * Hedging: a long and a short leg may coexist; a fill opens its own side's leg unless it is marked as a reduction.
 */
export type PositionMode = 'netting' | 'hedging';

/**
 * How realized P&L is split from cost, chosen to match the venue's own books so figures agree:
 * 'fifo-trades': every opening fill is a trade (lot); reductions close the oldest trade first, each closed part
 * realizing (exit - entry) x units (OANDA v20 Trade model).
 * 'average-cost': one average entry price; reductions realize (exit - average) x units (crypto spot).
 */
export type CostBasis = 'fifo-trades' | 'average-cost';

/** Which leg a fill acts on in hedging mode. Netting mode ignores it (the sign decides). */
export type PositionEffect = 'open' | 'reduce';

/** The facts of one execution that position accounting needs. */
export interface PositionFill {
  readonly accountId: AccountId;
  readonly instrumentId: InstrumentId;
  /** The venue's id of this execution; a second fill with the same id is ignored. */
  readonly tradeId: TradeId;
  readonly clientOrderId?: ClientOrderId;
  readonly side: OrderSide;
  readonly quantity: Quantity;
  readonly price: Price;
  /** Commission charged for this fill, in whatever currency the venue charged it. */
  readonly commission: Money;
  /** Free-form label of the order (strategy or agent), kept on the lot for per-tag performance. */
  readonly tag?: string;
  /** Hedging mode only: 'reduce' for reduce-only / closing orders; default 'open'. */
  readonly effect?: PositionEffect;
  /** The P&L the venue itself booked for this fill (OANDA `pl`), in the account currency: it wins over ours. */
  readonly venueRealizedPnl?: Money;
  readonly occurredAt: Timestamp;
}

/** One open lot (an OANDA trade): signed quantity still open, entry price, when and by whom it was opened. */
export interface OpenTrade {
  readonly tradeId: TradeId;
  /** Positive long, negative short; shrinks as reductions close part of it. */
  readonly openQuantity: Decimal;
  readonly initialQuantity: Decimal;
  readonly entryPrice: Price;
  readonly openedAt: Timestamp;
  readonly tag?: string;
}

/** A realized piece of P&L: a closed (part of a) trade in FIFO mode, a reduction in average-cost mode. */
export interface ClosedTrade {
  readonly accountId: AccountId;
  readonly instrumentId: InstrumentId;
  /** The opening trade id (FIFO) or the position id (average cost). */
  readonly openingTradeId: string;
  /** The fill that closed it. */
  readonly closingTradeId: TradeId;
  /** Signed quantity that was closed (positive: a long was closed). */
  readonly quantity: Decimal;
  readonly entryPrice: Decimal;
  readonly exitPrice: Price;
  /** (exit - entry) x quantity, exact, in the quote currency. */
  readonly realizedQuote: Money;
  /** The same in the account currency: the venue's figure when it gave one, else converted at close time. */
  readonly realizedAccount?: Money;
  readonly openedAt: Timestamp;
  readonly closedAt: Timestamp;
  readonly tag?: string;
}

/** Converts between currencies. Rates are units of `to` per unit of `from`; undefined when unknown. */
export interface ConversionRateSource {
  rate(from: Currency, to: Currency): Decimal | undefined;
}

/** What a fill did to a position. */
export interface FillOutcome {
  readonly status: 'applied' | 'duplicate';
  /** Trades closed (fully or partly) by this fill, oldest first. */
  readonly closed: readonly ClosedTrade[];
  /** True when the fill took the position (or leg) to zero. */
  readonly positionClosed: boolean;
  /** True when a netting position crossed zero (closed and reopened on the other side). */
  readonly flipped: boolean;
  /** Realized P&L of this fill in the quote currency (sum of `closed`). */
  readonly realizedQuote: Decimal;
}

/** A reduction that keeps OANDA's FIFO rule: close these trades, in this order, by these amounts. */
export interface FifoReductionStep {
  readonly tradeId: TradeId;
  /** Units to close, positive. */
  readonly quantity: Quantity;
  /** True when the whole remaining trade is closed. */
  readonly closesTrade: boolean;
}

export interface FifoReductionPlan {
  readonly steps: readonly FifoReductionStep[];
  /** Requested units that no open trade could take (0 when the position covers the request). */
  readonly unfilled: Quantity;
}

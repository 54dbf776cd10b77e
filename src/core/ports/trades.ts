import type { Timestamp } from '../clock';
import type { AccountId, InstrumentId, TradeId, VenueOrderId } from '../identifiers';
import type { Decimal } from '../money/decimal';
import type { Money } from '../money/money';
import type { Price } from '../money/price';
import type { FillReport } from '../reports';

/** An open trade at a venue that keeps trades under a position (OANDA: each fill opens a trade). */
export interface VenueTrade {
  readonly tradeId: TradeId;
  readonly instrumentId: InstrumentId;
  /** Positive long, negative short. */
  readonly currentUnits: Decimal;
  readonly price: Price;
  readonly openedAt: Timestamp;
  readonly unrealizedPnl?: Money;
  readonly takeProfit?: { readonly orderId: VenueOrderId; readonly price: Price };
  readonly stopLoss?: { readonly orderId: VenueOrderId; readonly price: Price };
  readonly trailingStopDistance?: Decimal;
}

/** Changes to a trade's dependent orders: a value sets or replaces, null removes, absent leaves as is. */
export interface TradeOrderChanges {
  readonly takeProfit?: Price | null;
  readonly stopLoss?: Price | null;
  readonly trailingStopDistance?: Decimal | null;
}

/** What a close booked at the venue, or why the venue canceled it (FIFO_VIOLATION...). */
export interface TradeCloseOutcome {
  readonly fills: readonly FillReport[];
  readonly canceledReason?: string;
}

/**
 * Trade-level verbs of a venue that keeps trades (declared by VenueClient.trades). Venues without trades
 * leave it out; the engine then refuses these operations with OMS_MODIFY_NOT_SUPPORTED.
 */
export interface VenueTradeOperations {
  openTrades(accountId: AccountId): Promise<readonly VenueTrade[]>;
  /** Closes all of a trade, or `units` of it (positive). */
  closeTrade(accountId: AccountId, tradeId: TradeId, units?: Decimal): Promise<TradeCloseOutcome>;
  /** The venue's own position close: the long and/or the short side, all or some units. */
  closePosition(
    accountId: AccountId,
    instrumentId: InstrumentId,
    sides: { long?: Decimal | 'ALL'; short?: Decimal | 'ALL' },
  ): Promise<TradeCloseOutcome>;
  setTradeOrders(accountId: AccountId, tradeId: TradeId, orders: TradeOrderChanges): Promise<void>;
}

import type { Timestamp } from './clock';
import type { LiquiditySide } from './events/order-events';
import type { AccountBalance } from './events/portfolio-events';
import type {
  AccountId,
  ClientOrderId,
  InstrumentId,
  OrderListId,
  TradeId,
  VenueClientOrderId,
  VenueOrderId,
} from './identifiers';
import type { Decimal } from './money/decimal';
import type { Money } from './money/money';
import type { Price } from './money/price';
import type { Quantity } from './money/quantity';
import type { OrderStatus } from './orders/status';
import type { OrderSide, OrderType, TimeInForce } from './orders/types';

/**
 * What adapters report: what the venue says, mapped into engine terms. The engine reconciles these with its
 * own state; an adapter never decides what the engine's order state is.
 */
export interface OrderStatusReport {
  readonly accountId: AccountId;
  readonly instrumentId: InstrumentId;
  readonly venueOrderId: VenueOrderId;
  /** Absent for orders placed outside TMT without a client id. */
  readonly venueClientOrderId?: VenueClientOrderId;
  readonly side: OrderSide;
  readonly type: OrderType;
  readonly timeInForce: TimeInForce;
  readonly status: OrderStatus;
  readonly quantity: Quantity;
  readonly filledQuantity: Quantity;
  readonly averageFillPrice?: Price;
  readonly price?: Price;
  readonly triggerPrice?: Price;
  readonly expireAt?: Timestamp;
  readonly listId?: OrderListId;
  /** The venue's reason for a reject, cancel or expiry, verbatim (e.g. `FIFO_VIOLATION`, `-2010`). */
  readonly venueReason?: string;
  /** The engine error code the venue reason maps to. */
  readonly reasonCode?: string;
  readonly reportedAt: Timestamp;
}

export interface FillReport {
  readonly accountId: AccountId;
  readonly instrumentId: InstrumentId;
  readonly venueOrderId: VenueOrderId;
  readonly venueClientOrderId?: VenueClientOrderId;
  /** TMT's own client order id, when the fill is read from TMT's order record rather than a venue's report. */
  readonly clientOrderId?: ClientOrderId;
  readonly tradeId: TradeId;
  readonly side: OrderSide;
  readonly quantity: Quantity;
  readonly price: Price;
  readonly commission: Money;
  readonly liquidity: LiquiditySide;
  /** P&L the venue booked for this fill, when it reports one (OANDA's pl), in the account currency. */
  readonly realizedPnl?: Money;
  readonly occurredAt: Timestamp;
}

export interface PositionStatusReport {
  readonly accountId: AccountId;
  readonly instrumentId: InstrumentId;
  /** Positive long, negative short. In hedging mode a venue reports long and short legs separately. */
  readonly signedQuantity: Decimal;
  readonly leg?: 'long' | 'short';
  readonly averagePrice?: Price;
  readonly unrealizedPnl?: Money;
  readonly reportedAt: Timestamp;
}

export interface AccountReport {
  readonly accountId: AccountId;
  readonly baseCurrency: string;
  readonly balances: readonly AccountBalance[];
  readonly equity?: Money;
  readonly marginUsed?: Money;
  readonly marginAvailable?: Money;
  readonly unrealizedPnl?: Money;
  readonly realizedPnl?: Money;
  readonly financing?: Money;
  readonly hedgingEnabled?: boolean;
  readonly reportedAt: Timestamp;
}

/** Cash that moved outside a fill (financing, fees, funding), reported so that engine balances equal the venue's. */
export interface CashFlowReport {
  readonly accountId: AccountId;
  readonly instrumentId?: InstrumentId;
  readonly kind: 'financing' | 'commission' | 'fee' | 'deposit' | 'withdrawal' | 'adjustment';
  readonly amount: Money;
  readonly venueTransactionId: string;
  readonly occurredAt: Timestamp;
}

/** One item on an adapter's execution report stream. */
export type VenueReport =
  | { readonly kind: 'order'; readonly report: OrderStatusReport }
  | { readonly kind: 'fill'; readonly report: FillReport }
  | { readonly kind: 'position'; readonly report: PositionStatusReport }
  | { readonly kind: 'account'; readonly report: AccountReport }
  | { readonly kind: 'cash'; readonly report: CashFlowReport }
  /** The stream lost messages (gap, reconnect): the engine reconciles the account. */
  | { readonly kind: 'gap'; readonly accountId?: AccountId; readonly reason: string }
  /** A message the adapter could not map (unknown enum or event type): counted and shown, never guessed. */
  | { readonly kind: 'unrecognized'; readonly description: string; readonly raw: string };

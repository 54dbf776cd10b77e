import type { Timestamp } from '../clock';
import type {
  AccountId,
  ClientOrderId,
  InstrumentId,
  TradeId,
  VenueClientOrderId,
  VenueOrderId,
} from '../identifiers';
import type { Money } from '../money/money';
import type { Price } from '../money/price';
import type { Quantity } from '../money/quantity';
import type { OrderAmendment, OrderRequest, OrderSide } from '../orders/types';

/** Fields every order event carries. Events are frozen facts, named in the past tense. */
export interface OrderEventBase {
  readonly eventId: string;
  readonly clientOrderId: ClientOrderId;
  readonly accountId: AccountId;
  readonly instrumentId: InstrumentId;
  /** When it happened at the venue (or in the engine, for engine-side events). */
  readonly occurredAt: Timestamp;
  /** When the engine recorded it. */
  readonly recordedAt: Timestamp;
}

export interface OrderInitialized extends OrderEventBase {
  readonly type: 'OrderInitialized';
  readonly request: OrderRequest;
}

/** Refused by the engine's risk or validation before anything was sent. */
export interface OrderDenied extends OrderEventBase {
  readonly type: 'OrderDenied';
  readonly code: string;
  readonly reason: string;
  /** The numbers that broke the rule (limit, found, field...), as strings so they stay exact. */
  readonly details: Readonly<Record<string, string>>;
}

export interface OrderSubmitted extends OrderEventBase {
  readonly type: 'OrderSubmitted';
  readonly venueClientOrderId: VenueClientOrderId;
  /** Sent as a leg of a native venue list under this list client id: the venue, not the engine, runs the list. */
  readonly nativeListId?: string;
}

export interface OrderAccepted extends OrderEventBase {
  readonly type: 'OrderAccepted';
  readonly venueOrderId: VenueOrderId;
}

export interface OrderRejected extends OrderEventBase {
  readonly type: 'OrderRejected';
  readonly code: string;
  readonly reason: string;
  /** The venue's own reason text or code, verbatim. */
  readonly venueReason?: string;
}

/** The send timed out or failed mid-flight: nothing may be resent until a lookup settles it. */
export interface OrderOutcomeUnknown extends OrderEventBase {
  readonly type: 'OrderOutcomeUnknown';
  readonly reason: string;
}

export interface OrderTriggered extends OrderEventBase {
  readonly type: 'OrderTriggered';
  readonly triggerPrice?: Price;
}

export interface OrderPendingUpdate extends OrderEventBase {
  readonly type: 'OrderPendingUpdate';
  readonly amendment: OrderAmendment;
}

export interface OrderPendingCancel extends OrderEventBase {
  readonly type: 'OrderPendingCancel';
}

export interface OrderUpdated extends OrderEventBase {
  readonly type: 'OrderUpdated';
  readonly quantity?: Quantity;
  readonly price?: Price;
  readonly triggerPrice?: Price;
  /** A cancel/replace gives the same engine order a new venue order id. */
  readonly venueOrderId?: VenueOrderId;
  readonly venueClientOrderId?: VenueClientOrderId;
}

export interface OrderModifyRejected extends OrderEventBase {
  readonly type: 'OrderModifyRejected';
  readonly code: string;
  readonly reason: string;
}

export interface OrderCancelRejected extends OrderEventBase {
  readonly type: 'OrderCancelRejected';
  readonly code: string;
  readonly reason: string;
}

export interface OrderCanceled extends OrderEventBase {
  readonly type: 'OrderCanceled';
  /** Why, when the venue or engine says (e.g. OANDA's FIFO_VIOLATION, the kill switch, OCO sibling filled). */
  readonly reason?: string;
  readonly code?: string;
}

export interface OrderExpired extends OrderEventBase {
  readonly type: 'OrderExpired';
}

export type LiquiditySide = 'maker' | 'taker';

export interface OrderFilled extends OrderEventBase {
  readonly type: 'OrderFilled';
  readonly venueOrderId: VenueOrderId;
  readonly tradeId: TradeId;
  readonly side: OrderSide;
  readonly lastQuantity: Quantity;
  readonly lastPrice: Price;
  readonly commission: Money;
  readonly liquidity: LiquiditySide;
}

export type OrderEvent =
  | OrderInitialized
  | OrderDenied
  | OrderSubmitted
  | OrderAccepted
  | OrderRejected
  | OrderOutcomeUnknown
  | OrderTriggered
  | OrderPendingUpdate
  | OrderPendingCancel
  | OrderUpdated
  | OrderModifyRejected
  | OrderCancelRejected
  | OrderCanceled
  | OrderExpired
  | OrderFilled;

export type OrderEventType = OrderEvent['type'];

import type { Timestamp } from '../clock';
import type { AccountId, ClientOrderId, InstrumentId, OrderListId } from '../identifiers';
import type { Decimal } from '../money/decimal';
import type { Price } from '../money/price';
import type { Quantity } from '../money/quantity';

export type OrderSide = 'buy' | 'sell';

export const ORDER_TYPES = [
  'market',
  'limit',
  'stop-market',
  'stop-limit',
  'market-if-touched',
  'limit-if-touched',
  'trailing-stop',
  /** A trailing stop that, once hit, works a limit order `limitOffset` beyond the stop (IB's TRAIL LIMIT). */
  'trailing-limit',
] as const;
export type OrderType = (typeof ORDER_TYPES)[number];

/**
 * GTD needs `expireAt`; DAY ends at the trading-day boundary of the account's calendar; OPG takes part in the
 * opening auction only (a market- or limit-on-open order; what is not filled there is canceled).
 */
export const TIME_IN_FORCE = ['GTC', 'GTD', 'DAY', 'IOC', 'FOK', 'OPG'] as const;
export type TimeInForce = (typeof TIME_IN_FORCE)[number];

/** Trailing distance: an absolute price distance (OANDA) or basis points of the price (Binance trailingDelta). */
export type TrailingOffset =
  | { readonly kind: 'price'; readonly value: Decimal }
  | { readonly kind: 'basis-points'; readonly value: Decimal };

/** Orders that rest on a position once the parent fills (OANDA's *OnFill, a bracket's legs elsewhere). */
export interface AttachedOrders {
  readonly stopLoss?: { readonly triggerPrice: Price };
  readonly takeProfit?: { readonly price: Price };
  readonly trailingStop?: { readonly offset: TrailingOffset };
}

/**
 * How orders of a list depend on each other.
 * OCO: when one fills (even partly) or is canceled, the others are canceled.
 * OTO: the children are submitted once the parent fills.
 * OUO: a fill on one reduces the quantity of the others.
 */
export type ContingencyType = 'OCO' | 'OTO' | 'OUO';

export interface Contingency {
  readonly listId: OrderListId;
  readonly type: ContingencyType;
  /** For the children of an OTO: the order whose fill releases them. */
  readonly parentClientOrderId?: ClientOrderId;
  /** The other orders in the same OCO/OUO group. */
  readonly linkedClientOrderIds: readonly ClientOrderId[];
}

/** A trading intent as accepted at the engine's edge: the content that the idempotency key protects. */
export interface OrderRequest {
  readonly clientOrderId: ClientOrderId;
  readonly accountId: AccountId;
  readonly instrumentId: InstrumentId;
  readonly side: OrderSide;
  readonly type: OrderType;
  readonly quantity: Quantity;
  /** Market buy sized in quote currency (Binance quoteOrderQty); quantity is then the estimate used for risk. */
  readonly quoteQuantity?: Decimal;
  /** Limit price for limit, stop-limit and limit-if-touched; worst price (price bound) for market. */
  readonly price?: Price;
  /** Trigger for stop-market, stop-limit, market-if-touched and limit-if-touched. */
  readonly triggerPrice?: Price;
  readonly trailingOffset?: TrailingOffset;
  /** trailing-limit: how far beyond the trailing stop the limit price sits once the stop is hit (a price distance). */
  readonly limitOffset?: Decimal;
  readonly timeInForce: TimeInForce;
  readonly expireAt?: Timestamp;
  readonly postOnly: boolean;
  readonly reduceOnly: boolean;
  /** Iceberg: the quantity shown in the book. */
  readonly displayQuantity?: Quantity;
  readonly attached?: AttachedOrders;
  readonly contingency?: Contingency;
  /** Free-form label: the strategy or agent that placed the order. */
  readonly tag?: string;
  /** Allowed to trigger and fill outside the regular trading hours (IB's outsideRth); absent: regular hours only. */
  readonly outsideRth?: boolean;
}

/** The fields a modify may change; the rest of the order stays. */
export interface OrderAmendment {
  readonly quantity?: Quantity;
  readonly price?: Price;
  readonly triggerPrice?: Price;
  readonly trailingOffset?: TrailingOffset;
}

export function oppositeSide(side: OrderSide): OrderSide {
  return side === 'buy' ? 'sell' : 'buy';
}

export function requiresPrice(type: OrderType): boolean {
  return type === 'limit' || type === 'stop-limit' || type === 'limit-if-touched';
}

export function requiresTrigger(type: OrderType): boolean {
  return type === 'stop-market' || type === 'stop-limit' || type === 'market-if-touched' || type === 'limit-if-touched';
}

/** Orders that wait for a price before they become live at the venue (or in the engine's emulator). */
export function isConditional(type: OrderType): boolean {
  return requiresTrigger(type) || type === 'trailing-stop' || type === 'trailing-limit';
}

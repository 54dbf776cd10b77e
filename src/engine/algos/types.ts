import type { AccountId, ClientOrderId, Decimal, InstrumentId, OrderSide, Price, Quantity, Timestamp } from '../../core';

/** What happens to the quantity still left when a TWAP reaches its end time. */
export type TwapEndBehaviour = 'finish-aggressively' | 'leave';

interface AlgoSpecBase {
  readonly parentId: string;
  readonly accountId: AccountId;
  readonly instrumentId: InstrumentId;
  readonly side: OrderSide;
  readonly quantity: Quantity;
  /** Never traded through: every child is a limit order at this price (or better). */
  readonly limitPrice?: Price;
  readonly tag?: string;
}

export interface TwapSpec extends AlgoSpecBase {
  readonly kind: 'twap';
  readonly startAt: Timestamp;
  readonly endAt: Timestamp;
  readonly slices: number;
  readonly minChildQuantity?: Quantity;
  readonly maxChildQuantity?: Quantity;
  /** At most this fraction (0..1] of the market volume traded since the start is issued by the parent. */
  readonly participationCap?: Decimal;
  /** Seeded, bounded: each slice's size and due time move by at most these fractions of an even slice. */
  readonly randomisation?: { readonly sizeFraction: Decimal; readonly timingFraction: Decimal; readonly seed: number };
  readonly onEnd: TwapEndBehaviour;
}

export interface IcebergSpec extends AlgoSpecBase {
  readonly kind: 'iceberg';
  readonly limitPrice: Price;
  readonly displayQuantity: Quantity;
  /**
   * Re-peg: each replenished slice rests at the passive best (bid for a buy, ask for a sell), never beyond the
   * limit, and a resting slice left behind by the market is canceled and shown again at the new best.
   */
  readonly repeg?: boolean;
}

export interface VwapSpec extends AlgoSpecBase {
  readonly kind: 'vwap';
  readonly startAt: Timestamp;
  readonly endAt: Timestamp;
  /** Weights of equal-length buckets across the window (any non-negative scale; normalised to their sum). */
  readonly profile: readonly Decimal[];
  /** The market volume the profile expects over the window: given, the schedule tracks the actual volume. */
  readonly expectedVolume?: Decimal;
  /** How far (a fraction of the quantity) volume tracking may run ahead of or behind the profile; default 0.1. */
  readonly maxDeviation?: Decimal;
  readonly minChildQuantity?: Quantity;
  readonly maxChildQuantity?: Quantity;
  readonly participationCap?: Decimal;
  readonly onEnd: TwapEndBehaviour;
}

/** One venue's listing of the routed asset. */
export interface RouteLeg {
  readonly accountId: AccountId;
  readonly instrumentId: InstrumentId;
  /** Units of the parent's reference quote currency per unit of this leg's quote currency (USDT->USD, ...). */
  readonly quoteRate: Decimal;
  /** Taker fee as a fraction of notional (0.001 is 10 bp), counted in the price after fees. */
  readonly takerFeeRate: Decimal;
}

/**
 * Smart order routing: one parent split across venues trading the same asset. accountId and instrumentId
 * name the reference leg: limitPrice and the arrival price are in its quote currency.
 */
export interface RouteSpec extends AlgoSpecBase {
  readonly kind: 'route';
  readonly legs: readonly RouteLeg[];
  /** What is still unrouted at this time is left (the parent expires). */
  readonly endAt?: Timestamp;
}

export type AlgoSpec = TwapSpec | IcebergSpec | VwapSpec | RouteSpec;

export type ParentStatus = 'running' | 'paused' | 'canceled' | 'completed' | 'expired';

export interface ParentAmendment {
  readonly quantity?: Quantity;
  readonly endAt?: Timestamp;
  readonly limitPrice?: Price;
}

/** The parent's journaled facts; its state is their fold (children's fills live in the engine's own orders). */
export type AlgoEvent =
  | { readonly type: 'AlgoParentCreated'; readonly spec: AlgoSpec; readonly arrivalPrice?: Price; readonly at: Timestamp }
  | { readonly type: 'AlgoSliceIssued'; readonly parentId: string; readonly slice: IssuedSlice }
  | { readonly type: 'AlgoParentPaused'; readonly parentId: string; readonly at: Timestamp }
  | { readonly type: 'AlgoParentResumed'; readonly parentId: string; readonly at: Timestamp }
  | { readonly type: 'AlgoParentModified'; readonly parentId: string; readonly amendment: ParentAmendment; readonly at: Timestamp }
  | { readonly type: 'AlgoParentCanceled'; readonly parentId: string; readonly at: Timestamp }
  | { readonly type: 'AlgoParentFinished'; readonly parentId: string; readonly status: 'completed' | 'expired'; readonly at: Timestamp };

export const ALGO_EVENT_TYPES: ReadonlySet<string> = new Set([
  'AlgoParentCreated',
  'AlgoSliceIssued',
  'AlgoParentPaused',
  'AlgoParentResumed',
  'AlgoParentModified',
  'AlgoParentCanceled',
  'AlgoParentFinished',
]);

export interface IssuedSlice {
  readonly index: number;
  readonly clientOrderId: ClientOrderId;
  readonly quantity: Quantity;
  readonly price?: Price;
  readonly timeInForce: 'IOC' | 'GTC';
  readonly at: Timestamp;
  /** A routed child's venue leg (the parent's own account and instrument otherwise). */
  readonly accountId?: AccountId;
  readonly instrumentId?: InstrumentId;
  /** Market volume seen since the parent started, when this slice was issued: the participation cap's memory. */
  readonly marketVolume?: Decimal;
}

/** One planned TWAP slice, for views: when it is due and the cumulative quantity targeted by then. */
export interface ScheduledSlice {
  readonly index: number;
  readonly dueAt: Timestamp;
  readonly cumulativeTarget: Quantity;
}

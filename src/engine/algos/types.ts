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
}

export type AlgoSpec = TwapSpec | IcebergSpec;

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
  /** Iceberg children carry the displayed size; TWAP children none. */
  readonly at: Timestamp;
}

/** One planned TWAP slice, for views: when it is due and the cumulative quantity targeted by then. */
export interface ScheduledSlice {
  readonly index: number;
  readonly dueAt: Timestamp;
  readonly cumulativeTarget: Quantity;
}

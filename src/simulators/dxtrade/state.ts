import type { Decimal } from '../../core/money/decimal';

/** Order statuses of the DXtrade REST spec (Order entity `status`). */
export type DxOrderStatus = 'ACCEPTED' | 'WORKING' | 'COMPLETED' | 'CANCELED' | 'EXPIRED' | 'REJECTED';
export type DxOrderType = 'MARKET' | 'LIMIT' | 'STOP' | 'STOP_LIMIT';
export type DxTif = 'GTC' | 'DAY' | 'GTD' | 'IOC' | 'FOK';
export type DxSide = 'BUY' | 'SELL';
export type DxContingency = 'OCO' | 'IF-THEN';

export const FINAL_STATUSES: ReadonlySet<DxOrderStatus> = new Set(['COMPLETED', 'CANCELED', 'EXPIRED', 'REJECTED']);

/** One Execution entity: every status change, replace, cancel and trade of an order, in order. */
export interface DxSimExecution {
  readonly executionCode: string;
  readonly updateOrderId: number;
  readonly version: number;
  readonly actionCode: string;
  readonly status: DxOrderStatus;
  readonly filledQuantity: Decimal;
  readonly lastQuantity: Decimal;
  readonly remainingQuantity: Decimal;
  readonly lastPrice?: Decimal;
  readonly averagePrice?: Decimal;
  readonly transactionTime: number;
  readonly rejectReason?: string;
}

/** The simulator's record of one order chain (orderId and orderCode stay through replaces). */
export interface DxSimOrder {
  readonly orderId: number;
  /** The client's id (Single Order Request `orderCode`), unique among all orders of the account. */
  readonly orderCode: string;
  /** The code of the chain's last change ("action key"). */
  actionCode: string;
  readonly account: string;
  /** The account version of the order's last update (its ETag). */
  version: number;
  readonly type: DxOrderType;
  readonly instrument: string;
  readonly side: DxSide;
  readonly tif: DxTif;
  quantity: Decimal;
  limitPrice?: Decimal;
  stopPrice?: Decimal;
  readonly expireDate?: number;
  readonly positionEffect: 'OPEN' | 'CLOSE';
  readonly positionCode?: string;
  status: DxOrderStatus;
  filledQuantity: Decimal;
  averagePrice?: Decimal;
  readonly issueTime: number;
  transactionTime: number;
  /** Orders placed together (Order Group Request): the group's type and every member's orderCode, parent first. */
  readonly group?: { readonly contingencyType: DxContingency; readonly codes: readonly string[] };
  /** An IF-THEN child waiting for its parent to complete: not at the book yet. */
  held: boolean;
  /** The matching engine's client id of the order once it is at the book. */
  engineRef?: string;
  readonly executions: DxSimExecution[];
}

/** What the simulator persists beside the matching engine's snapshot (`--data-dir`). */
export interface DxSimSavedState {
  readonly version: 1;
  readonly nextOrderId: number;
  readonly nextExecution: number;
  readonly accountVersions: readonly (readonly [string, number])[];
  readonly positionCodes: readonly (readonly [string, { readonly code: string; readonly openTime: number; readonly sign: number }])[];
  readonly orders: readonly DxSimOrder[];
  readonly engine: string;
}

import type { Decimal } from '../../core/money/decimal';

/** FXCM's order, as its ExecutionReports describe it (wire enums kept as FIX characters). */
export interface FxcmSimOrder {
  /** OrderID(37): FXCM's order id. */
  readonly orderId: string;
  /** The ClOrdID(11) the order now answers to (a replace moves it). */
  clOrdId: string;
  /** The ClOrdID of the request that last changed it (for OrigClOrdID(41)). */
  origClOrdId?: string;
  readonly account: string;
  readonly symbol: string;
  /** Side(54): 1 buy, 2 sell. */
  readonly side: '1' | '2';
  /** OrdType(40): 1 market, 2 limit, 3 stop, 4 stop-limit (FXCM "market range" with IOC/FOK). */
  readonly ordType: '1' | '2' | '3' | '4';
  /** TimeInForce(59): 0 day, 1 GTC, 3 IOC, 4 FOK, 6 GTD. */
  readonly timeInForce: '0' | '1' | '3' | '4' | '6';
  quantity: Decimal;
  price?: Decimal;
  stopPx?: Decimal;
  readonly expireTime?: string;
  /** OrdStatus(39). */
  status: string;
  cumQty: Decimal;
  avgPx: Decimal;
  text?: string;
  readonly createdAt: number;
}

/** What the simulator persists beside the matching engine's snapshot. */
export interface FxcmSimSavedState {
  readonly version: 1;
  readonly nextOrderId: number;
  readonly nextExecId: number;
  readonly orders: readonly FxcmSimOrder[];
  /** Every ClOrdID ever used per account (FIX: unique per trading day; we keep them for the simulator's life). */
  readonly clOrdIds: readonly (readonly [string, readonly string[]])[];
  readonly engine: string;
}

import type { Decimal } from '../../core/money/decimal';

/** IB order status strings (OrderStatus in the TWS API). */
export type IbOrderStatus = 'PendingSubmit' | 'PreSubmitted' | 'Submitted' | 'ApiCancelled' | 'Cancelled' | 'Filled' | 'Inactive';

/** One order as TWS keeps it: the API order id is per client id; permId is TWS's own, unique per account. */
export interface SimIbOrder {
  readonly key: string;
  readonly clientId: number;
  readonly orderId: number;
  readonly permId: number;
  readonly conId: number;
  account: string;
  action: 'BUY' | 'SELL';
  totalQuantity: Decimal;
  orderType: string;
  lmtPrice: Decimal | undefined;
  auxPrice: Decimal | undefined;
  trailStopPrice: Decimal | undefined;
  trailingPercent: Decimal | undefined;
  /** TRAIL LIMIT: the limit's distance beyond the stop (absent in state saved before TRAIL LIMIT was served). */
  lmtPriceOffset?: Decimal | undefined;
  tif: string;
  goodTillDate: string;
  outsideRth: boolean;
  ocaGroup: string;
  ocaType: number;
  orderRef: string;
  parentId: number;
  displaySize: number | undefined;
  status: IbOrderStatus;
  filled: Decimal;
  avgFillPrice: Decimal | undefined;
  lastFillPrice: Decimal | undefined;
  /** The matching engine's client id for the live twin, while one exists. */
  engineClientOrderId: string | undefined;
  /** Held by TWS: transmit=false, or a child waiting for its parent to fill. */
  held: boolean;
  /** Engine revisions of this order (a modify that changes the type or side re-submits). */
  revision: number;
  createdAt: number;
  /** When the order filled, was cancelled or was rejected (completedTime); absent while it works. */
  completedAt?: number;
}

/** One execution with its commission report, as reqExecutions replays them. */
export interface SimIbExecution {
  readonly execId: string;
  readonly orderKey: string;
  readonly orderId: number;
  readonly clientId: number;
  readonly permId: number;
  readonly conId: number;
  readonly account: string;
  readonly side: 'BOT' | 'SLD';
  readonly shares: Decimal;
  readonly price: Decimal;
  readonly cumQty: Decimal;
  readonly avgPrice: Decimal;
  readonly orderRef: string;
  readonly time: number;
  /** 1 added liquidity, 2 removed (the lastLiquidity field). */
  readonly lastLiquidity: 1 | 2;
  readonly commission: Decimal;
  readonly commissionCurrency: string;
  readonly realizedPnl: Decimal | undefined;
}

/** Everything the simulator persists besides the matching engine's own snapshot. */
export interface SimIbState {
  version: 1;
  nextPermId: number;
  nextExecSequence: number;
  /** The highest order id seen per client id (nextValidId answers above it). */
  highestOrderId: Record<string, number>;
  orders: SimIbOrder[];
  executions: SimIbExecution[];
  /** Commissions charged per account, taken off the engine's cash (the engine itself books none). */
  commissions: Record<string, Decimal>;
}

export function emptyState(): SimIbState {
  return { version: 1, nextPermId: 1_000_000_001, nextExecSequence: 1, highestOrderId: {}, orders: [], executions: [], commissions: {} };
}

export const orderKey = (clientId: number, orderId: number): string => `${clientId}:${orderId}`;

export const isLive = (order: SimIbOrder): boolean => order.status === 'PreSubmitted' || order.status === 'Submitted' || order.status === 'PendingSubmit';

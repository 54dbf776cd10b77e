/** Binance REST payloads as documented in rest-api.md; field names as on the wire. */

export interface WireFill {
  readonly price: string;
  readonly qty: string;
  readonly commission: string;
  readonly commissionAsset: string;
  readonly tradeId: number;
}

/** POST /api/v3/order (RESULT/FULL), GET /api/v3/order, DELETE /api/v3/order, GET /api/v3/openOrders. */
export interface WireOrder {
  readonly symbol: string;
  readonly orderId: number;
  readonly orderListId: number;
  readonly clientOrderId: string;
  readonly origClientOrderId?: string;
  readonly transactTime?: number;
  readonly time?: number;
  readonly updateTime?: number;
  readonly workingTime?: number;
  readonly price: string;
  readonly origQty: string;
  readonly executedQty: string;
  readonly cummulativeQuoteQty: string;
  readonly origQuoteOrderQty?: string;
  readonly status: string;
  readonly timeInForce: string;
  readonly type: string;
  readonly side: string;
  readonly stopPrice?: string;
  readonly icebergQty?: string;
  readonly trailingDelta?: number;
  readonly selfTradePreventionMode?: string;
  readonly expiryReason?: string;
  readonly fills?: readonly WireFill[];
}

/** GET /api/v3/myTrades */
export interface WireTrade {
  readonly symbol: string;
  readonly id: number;
  readonly orderId: number;
  readonly orderListId: number;
  readonly price: string;
  readonly qty: string;
  readonly quoteQty: string;
  readonly commission: string;
  readonly commissionAsset: string;
  readonly time: number;
  readonly isBuyer: boolean;
  readonly isMaker: boolean;
  readonly isBestMatch: boolean;
}

/** GET /api/v3/account */
export interface WireAccount {
  readonly canTrade: boolean;
  readonly updateTime: number;
  readonly accountType: string;
  readonly balances: readonly { readonly asset: string; readonly free: string; readonly locked: string }[];
}

/** GET /api/v3/depth */
export interface WireDepth {
  readonly lastUpdateId: number;
  readonly bids: readonly (readonly [string, string])[];
  readonly asks: readonly (readonly [string, string])[];
}

/** POST /api/v3/order/cancelReplace: 200 body, and the `data` of a 409 (-2021) or 400 (-2022). */
export interface WireCancelReplace {
  readonly cancelResult: 'SUCCESS' | 'FAILURE' | 'NOT_ATTEMPTED';
  readonly newOrderResult: 'SUCCESS' | 'FAILURE' | 'NOT_ATTEMPTED';
  readonly cancelResponse: WireOrder | { readonly code: number; readonly msg: string };
  readonly newOrderResponse: WireOrder | { readonly code: number; readonly msg: string } | null;
}

/** Order lists (POST /api/v3/orderList/*, legacy POST /api/v3/order/oco). */
export interface WireOrderList {
  readonly orderListId: number;
  readonly contingencyType: string;
  readonly listStatusType: string;
  readonly listOrderStatus: string;
  readonly listClientOrderId: string;
  readonly transactionTime: number;
  readonly symbol: string;
  readonly orders: readonly { readonly symbol: string; readonly orderId: number; readonly clientOrderId: string }[];
  readonly orderReports: readonly WireOrder[];
}

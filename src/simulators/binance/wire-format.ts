import type { Decimal } from '../../core';
import type { SimFill, SimOrder, SimOrderStatus } from '../matching';
import type { WireType } from './validation';

/** What the wire shows that the matching engine does not keep. */
export interface OrderMeta {
  readonly symbol: string;
  readonly wireType: WireType;
  readonly wireTimeInForce: string;
  clientOrderId: string;
  readonly icebergQty?: Decimal;
  readonly stopPrice?: Decimal;
  readonly trailingDelta?: number;
  readonly quoteOrderQty?: Decimal;
  readonly orderListId: number;
  readonly selfTradePreventionMode: string;
  /** The id the wire shows when it differs from the engine's (an OTO pending leg keeps the id it was given at listing). */
  readonly wireOrderId?: number;
  cumulativeQuote: Decimal;
  readonly createdAt: number;
  updatedAt: number;
  /** Set when self-trade prevention expired the order (stp.ts): the wire then says EXPIRED_IN_MATCH. */
  prevented?: Prevention;
  /** The price the client sent when the book was given another (an EXPIRE_TAKER order stopped short of our own). */
  shownPrice?: Decimal;
}

/** One prevented match (faqs/stp_faq.md), as the expired order's reports show it. */
export interface Prevention {
  readonly preventedMatchId: number;
  readonly counterOrderId: number;
  readonly counterSymbol: string;
  /** The price the match would have happened at (the maker's). */
  readonly price: Decimal;
  /** The quantity expired by the prevention (the order's remaining quantity then). */
  quantity: Decimal;
}

/** The order's wire status: an order expired by self-trade prevention is EXPIRED_IN_MATCH (enums.md). */
export function statusOf(order: SimOrder, meta: OrderMeta): string {
  if (meta.prevented !== undefined && (order.status === 'canceled' || order.status === 'expired')) return 'EXPIRED_IN_MATCH';
  return wireStatus(order.status);
}

function shownPrice(order: SimOrder, meta: OrderMeta): Decimal | undefined {
  return meta.wireType === 'MARKET' ? undefined : (meta.shownPrice ?? order.price);
}

function preventedFields(order: SimOrder, meta: OrderMeta): Record<string, unknown> {
  if (meta.prevented === undefined || statusOf(order, meta) !== 'EXPIRED_IN_MATCH') return {};
  return { preventedMatchId: meta.prevented.preventedMatchId, preventedQuantity: fmt(meta.prevented.quantity) };
}

export function wireId(order: SimOrder, meta: OrderMeta): number {
  return meta.wireOrderId ?? Number(order.orderId);
}

/** Binance writes amounts with 8 decimals ("0.10000000"). */
export function fmt(value: Decimal | undefined): string {
  return value === undefined ? '0.00000000' : value.toFixedScale(8, 'half-even');
}

export function wireStatus(status: SimOrderStatus): string {
  switch (status) {
    case 'pending':
    case 'accepted':
    case 'triggered':
      return 'NEW';
    case 'partially-filled':
      return 'PARTIALLY_FILLED';
    case 'filled':
      return 'FILLED';
    case 'canceled':
      return 'CANCELED';
    case 'expired':
      return 'EXPIRED';
    case 'rejected':
      return 'REJECTED';
  }
}

function conditional(meta: OrderMeta): Record<string, unknown> {
  return {
    ...(meta.stopPrice === undefined && meta.trailingDelta === undefined ? {} : { stopPrice: fmt(meta.stopPrice) }),
    ...(meta.icebergQty === undefined ? {} : { icebergQty: fmt(meta.icebergQty) }),
    ...(meta.trailingDelta === undefined ? {} : { trailingDelta: meta.trailingDelta, trailingTime: -1 }),
  };
}

/** POST /api/v3/order RESULT body (FULL adds `fills`). */
export function orderResult(order: SimOrder, meta: OrderMeta, transactTime: number): Record<string, unknown> {
  return {
    symbol: meta.symbol,
    orderId: wireId(order, meta),
    orderListId: meta.orderListId,
    clientOrderId: meta.clientOrderId,
    transactTime,
    price: fmt(shownPrice(order, meta)),
    origQty: fmt(order.quantity),
    executedQty: fmt(order.filledQuantity),
    origQuoteOrderQty: fmt(meta.quoteOrderQty),
    cummulativeQuoteQty: fmt(meta.cumulativeQuote),
    status: statusOf(order, meta),
    timeInForce: meta.wireTimeInForce,
    type: meta.wireType,
    side: order.request.side === 'buy' ? 'BUY' : 'SELL',
    ...conditional(meta),
    workingTime: meta.createdAt,
    selfTradePreventionMode: meta.selfTradePreventionMode,
    ...preventedFields(order, meta),
  };
}

/** A canceled order as the cancel answers show it: the new-order fields without workingTime (rest-api.md). */
export function cancelResult(order: SimOrder, meta: OrderMeta, transactTime: number): Record<string, unknown> {
  const { workingTime: _workingTime, ...rest } = orderResult(order, meta, transactTime);
  return rest;
}

export function fullFills(fills: readonly SimFill[]): Record<string, unknown>[] {
  return fills.map((fill) => ({
    price: fmt(fill.price),
    qty: fmt(fill.quantity),
    commission: fmt(fill.commission),
    commissionAsset: fill.commissionCurrency,
    tradeId: Number(fill.tradeId),
  }));
}

/** GET /api/v3/order and openOrders rows. */
export function queriedOrder(order: SimOrder, meta: OrderMeta): Record<string, unknown> {
  return {
    symbol: meta.symbol,
    orderId: wireId(order, meta),
    orderListId: meta.orderListId,
    clientOrderId: meta.clientOrderId,
    price: fmt(shownPrice(order, meta)),
    origQty: fmt(order.quantity),
    executedQty: fmt(order.filledQuantity),
    cummulativeQuoteQty: fmt(meta.cumulativeQuote),
    status: statusOf(order, meta),
    timeInForce: meta.wireTimeInForce,
    type: meta.wireType,
    side: order.request.side === 'buy' ? 'BUY' : 'SELL',
    stopPrice: fmt(meta.stopPrice),
    icebergQty: fmt(meta.icebergQty),
    time: meta.createdAt,
    updateTime: meta.updatedAt,
    isWorking: order.status !== 'accepted' || (meta.stopPrice === undefined && meta.trailingDelta === undefined),
    workingTime: meta.createdAt,
    origQuoteOrderQty: fmt(meta.quoteOrderQty),
    selfTradePreventionMode: meta.selfTradePreventionMode,
    ...(meta.trailingDelta === undefined ? {} : { trailingDelta: meta.trailingDelta }),
    ...preventedFields(order, meta),
  };
}

/** user-data-stream.md executionReport. */
export function executionReport(
  order: SimOrder,
  meta: OrderMeta,
  executionType: string,
  eventTime: number,
  fill?: SimFill,
  originalClientOrderId = '',
  rejectReason = 'NONE',
): Record<string, unknown> {
  return {
    e: 'executionReport',
    E: eventTime,
    s: meta.symbol,
    c: meta.clientOrderId,
    S: order.request.side === 'buy' ? 'BUY' : 'SELL',
    o: meta.wireType,
    f: meta.wireTimeInForce,
    q: fmt(order.quantity),
    p: fmt(shownPrice(order, meta)),
    P: fmt(meta.stopPrice),
    F: fmt(meta.icebergQty),
    g: meta.orderListId,
    C: originalClientOrderId,
    x: executionType,
    X: statusOf(order, meta),
    r: rejectReason,
    i: wireId(order, meta),
    l: fmt(fill?.quantity),
    z: fmt(order.filledQuantity),
    L: fmt(fill?.price),
    n: fill === undefined ? '0' : fmt(fill.commission),
    N: fill === undefined ? null : fill.commissionCurrency,
    T: fill?.occurredAt ?? eventTime,
    t: fill === undefined ? -1 : Number(fill.tradeId),
    I: eventTime,
    w: order.status === 'accepted' || order.status === 'partially-filled' || order.status === 'triggered',
    m: fill?.liquidity === 'maker',
    M: false,
    O: meta.createdAt,
    Z: fmt(meta.cumulativeQuote),
    Y: fill === undefined ? '0.00000000' : fmt(fill.price.mul(fill.quantity)),
    Q: fmt(meta.quoteOrderQty),
    W: meta.createdAt,
    V: meta.selfTradePreventionMode,
    ...(meta.trailingDelta === undefined ? {} : { d: meta.trailingDelta }),
    // user-data-stream.md: the prevention fields, on reports of an order STP expired (tradeGroupId -1: no group).
    ...(meta.prevented === undefined || statusOf(order, meta) !== 'EXPIRED_IN_MATCH'
      ? {}
      : {
          v: meta.prevented.preventedMatchId,
          A: fmt(meta.prevented.quantity),
          B: fmt(meta.prevented.quantity),
          u: -1,
          // The taker's id is not known when our makers expire ahead of it (stp.ts), so U is left out then.
          ...(meta.prevented.counterOrderId < 0 ? {} : { U: meta.prevented.counterOrderId }),
          Cs: meta.prevented.counterSymbol,
          pl: fmt(meta.prevented.quantity),
          pL: fmt(meta.prevented.price),
          pY: fmt(meta.prevented.quantity.mul(meta.prevented.price)),
        }),
  };
}

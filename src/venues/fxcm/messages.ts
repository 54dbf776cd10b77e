import type { Clock } from '../../core/clock';
import type { OrderRequest } from '../../core/orders/types';
import { fixTimestamp, type FixField } from '../fix/codec';
import { Tag } from '../fix/tags';
import { ORD_TYPE_TO_WIRE, SIDE_TO_WIRE, TIME_IN_FORCE_TO_WIRE } from './enums';
import { symbolOf } from './symbols';

/** FXCM's application messages, field names as on the wire (FXCM-FIX-BSI on FIX 4.4). */

/** NewOrderSingle (D). A market order with a worst price becomes FXCM's market range (OrdType 4, StopPx = the bound). */
export function newOrderSingle(account: string, clOrdId: string, order: OrderRequest, clock: Clock): FixField[] {
  const range = order.type === 'market' && order.price !== undefined;
  const ordType = range ? '4' : ORD_TYPE_TO_WIRE[order.type];
  if (ordType === undefined) throw new RangeError(`order type ${order.type} has no FXCM OrdType`);
  const fields: FixField[] = [
    [Tag.Account, account], [Tag.ClOrdID, clOrdId], [Tag.OrderQty, order.quantity.toString()], [Tag.OrdType, ordType],
  ];
  if (order.type === 'limit' && order.price !== undefined) fields.push([Tag.Price, order.price.toString()]);
  fields.push([Tag.Side, SIDE_TO_WIRE[order.side]], [Tag.Symbol, symbolOf(order.instrumentId)], [Tag.TimeInForce, TIME_IN_FORCE_TO_WIRE[order.timeInForce]], [Tag.TransactTime, fixTimestamp(clock.now())]);
  if (order.type === 'stop-market' && order.triggerPrice !== undefined) fields.push([Tag.StopPx, order.triggerPrice.toString()]);
  if (range && order.price !== undefined) fields.push([Tag.StopPx, order.price.toString()]);
  if (order.timeInForce === 'GTD' && order.expireAt !== undefined) fields.push([Tag.ExpireTime, fixTimestamp(order.expireAt)]);
  return fields;
}

/** OrderCancelRequest (F): OrigClOrdID the order's client id, ClOrdID a new id for the request itself. */
export function orderCancelRequest(p: { account: string; clOrdId: string; origClOrdId: string; orderId?: string; symbol: string; side: '1' | '2'; clock: Clock }): FixField[] {
  return [
    [Tag.Account, p.account], [Tag.ClOrdID, p.clOrdId], ...(p.orderId === undefined ? [] : ([[Tag.OrderID, p.orderId]] as FixField[])),
    [Tag.OrigClOrdID, p.origClOrdId], [Tag.Side, p.side], [Tag.Symbol, p.symbol], [Tag.TransactTime, fixTimestamp(p.clock.now())],
  ];
}

/** OrderCancelReplaceRequest (G) with the order as it will be. */
export function orderCancelReplaceRequest(p: { account: string; clOrdId: string; origClOrdId: string; orderId?: string; order: OrderRequest; clock: Clock }): FixField[] {
  const base = newOrderSingle(p.account, p.clOrdId, p.order, p.clock);
  return [...base.slice(0, 2), ...(p.orderId === undefined ? [] : ([[Tag.OrderID, p.orderId]] as FixField[])), [Tag.OrigClOrdID, p.origClOrdId], ...base.slice(2)];
}

/** OrderStatusRequest (H) by ClOrdID and/or OrderID, with an OrdStatusReqID(790) to match the answer. */
export function orderStatusRequest(p: { account: string; reqId: string; clOrdId?: string; orderId?: string; symbol?: string }): FixField[] {
  return [
    [Tag.Account, p.account], ...(p.clOrdId === undefined ? [] : ([[Tag.ClOrdID, p.clOrdId]] as FixField[])),
    ...(p.orderId === undefined ? [] : ([[Tag.OrderID, p.orderId]] as FixField[])), ...(p.symbol === undefined ? [] : ([[Tag.Symbol, p.symbol]] as FixField[])),
    [790, p.reqId],
  ];
}

/** OrderMassStatusRequest (AF), MassStatusReqType 7: all orders of the account. */
export function orderMassStatusRequest(account: string, reqId: string): FixField[] {
  return [[Tag.Account, account], [Tag.MassStatusReqID, reqId], [Tag.MassStatusReqType, '7']];
}

/** MarketDataRequest (V): bid and offer, top of book (FXCM has no depth), snapshot plus updates. */
export function marketDataRequest(reqId: string, symbols: readonly string[], subscribe: '0' | '1' | '2', incremental: boolean): FixField[] {
  return [
    [Tag.MDReqID, reqId], [Tag.SubscriptionRequestType, subscribe], [Tag.MarketDepth, '1'], [Tag.MDUpdateType, incremental ? '1' : '0'],
    [Tag.NoRelatedSym, String(symbols.length)], ...symbols.map((s): FixField => [Tag.Symbol, s]),
    [Tag.NoMDEntryTypes, '2'], [Tag.MDEntryType, '0'], [Tag.MDEntryType, '1'],
  ];
}

/** RequestForPositions (AN), PosReqType 0 (open positions). */
export function requestForPositions(account: string, reqId: string, clock: Clock): FixField[] {
  const now = fixTimestamp(clock.now());
  return [[Tag.Account, account], [Tag.TransactTime, now], [Tag.SubscriptionRequestType, '0'], [581, '6'], [Tag.PosReqID, reqId], [Tag.ClearingBusinessDate, now.slice(0, 8)], [Tag.PosReqType, '0']];
}

/** CollateralInquiry (BB), snapshot: one CollateralReport (BA) per account of the login. */
export function collateralInquiry(reqId: string): FixField[] {
  return [[Tag.SubscriptionRequestType, '0'], [Tag.CollInquiryID, reqId]];
}

/** TradingSessionStatusRequest (g): the market status, FXCM's system parameters and the security list. */
export function tradingSessionStatusRequest(reqId: string): FixField[] {
  return [[Tag.TradSesReqID, reqId], [Tag.SubscriptionRequestType, '0']];
}

/** FXCM's ContingencyType (1385) on NewOrderList (E). */
export const LIST_CONTINGENCY = { OCO: '1', OTO: '2', ELS: '101' } as const;

/** NewOrderList (E): each leg as in NewOrderSingle, numbered by ListSeqNo(67). */
export function newOrderList(listId: string, contingency: keyof typeof LIST_CONTINGENCY, legs: readonly { account: string; clOrdId: string; order: OrderRequest }[], clock: Clock): FixField[] {
  const fields: FixField[] = [[Tag.ListID, listId], [Tag.BidType, '3'], [Tag.ContingencyType, LIST_CONTINGENCY[contingency]], [Tag.TotNoOrders, String(legs.length)], [Tag.NoOrders, String(legs.length)]];
  legs.forEach((leg, i) => {
    const single = newOrderSingle(leg.account, leg.clOrdId, leg.order, clock);
    // ClOrdID first (the group's delimiter), then ListSeqNo, then the rest of the order.
    fields.push(single[1] as FixField, [Tag.ListSeqNo, String(i + 1)], single[0] as FixField, ...single.slice(2));
  });
  return fields;
}

import type { IbContract } from '../symbols';
import { FA_PROFILE_DESUPPORT, OUT } from '../versions';

/**
 * Request encoders for server versions 176-178, in the field order of the official EClient. Every value is
 * already text: decimals come in as their exact string (never a binary float); unset numbers are empty, which
 * TWS reads as "not set" (the official client's sendMax).
 */
export interface PlaceOrderFields {
  readonly orderId: number;
  readonly contract: IbContract;
  readonly action: 'BUY' | 'SELL';
  readonly totalQuantity: string;
  readonly orderType: string;
  readonly lmtPrice: string;
  readonly auxPrice: string;
  readonly tif: string;
  readonly ocaGroup: string;
  readonly ocaType: number;
  readonly account: string;
  readonly orderRef: string;
  readonly transmit: boolean;
  readonly parentId: number;
  readonly displaySize: string;
  readonly outsideRth: boolean;
  readonly goodTillDate: string;
  readonly trailStopPrice: string;
  readonly trailingPercent: string;
  /** TRAIL LIMIT: the limit's distance beyond the stop; '' otherwise. */
  readonly lmtPriceOffset: string;
}

const b = (value: boolean): string => (value ? '1' : '0');

/** Fields after goodTillDate that the adapter never sets, split where faProfile and ocaType fall. */
const AFTER_FA = ['', '0', '', '-1'] as const; // modelCode, shortSaleSlot, designatedLocation, exemptCode
const AFTER_OCA_TYPE = ['', '', '0', '', '', '0', '0', '', '', '', '', '', '', '', '0', '', '', '', '', '0', ''] as const; // rule80A … referencePriceType
const BEFORE_ADJUSTED = ['', '', '', '', '', '', '', '0', '', '', '0', '0', '', '', '0', '', '0', '0', '0', '0'] as const; // scale … conditionsCount
const ADJUSTED_HEAD = ['', ''] as const; // adjustedOrderType, triggerPrice (then lmtPriceOffset)
const AFTER_LMT_PRICE_OFFSET = ['', '', '', '0', '', '', '', '', '', '', '', '', '0', '0', '0', '', '', '', '0', '', ''] as const; // adjustedStopPrice … manualOrderTime

export function placeOrder(o: PlaceOrderFields, serverVersion: number): string[] {
  const c = o.contract;
  const fields: string[] = [
    String(OUT.PLACE_ORDER), String(o.orderId), String(c.conId), c.symbol, c.secType, '', '0', '', '', c.exchange, c.primaryExch, c.currency, c.localSymbol, '', '', '',
    o.action, o.totalQuantity, o.orderType, o.lmtPrice, o.auxPrice, o.tif, o.ocaGroup, o.account, '', '0', o.orderRef, b(o.transmit), String(o.parentId),
    '0', '0', o.displaySize, '0', b(o.outsideRth), '0', // blockOrder, sweepToFill, displaySize, triggerMethod, outsideRth, hidden
    '', '0', '', o.goodTillDate, '', '', '', // sharesAllocation, discretionaryAmt, goodAfterTime, goodTillDate, faGroup, faMethod, faPercentage
  ];
  if (serverVersion < FA_PROFILE_DESUPPORT) fields.push('');
  fields.push(...AFTER_FA, String(o.ocaType), ...AFTER_OCA_TYPE, o.trailStopPrice, o.trailingPercent, ...BEFORE_ADJUSTED, ...ADJUSTED_HEAD, o.lmtPriceOffset, ...AFTER_LMT_PRICE_OFFSET);
  return fields;
}

export const startApi = (clientId: number): string[] => [String(OUT.START_API), '2', String(clientId), ''];
export const reqIds = (): string[] => [String(OUT.REQ_IDS), '1', '1'];
export const cancelOrder = (orderId: number): string[] => [String(OUT.CANCEL_ORDER), '1', String(orderId), ''];
export const reqGlobalCancel = (): string[] => [String(OUT.REQ_GLOBAL_CANCEL), '1'];
export const reqOpenOrders = (): string[] => [String(OUT.REQ_OPEN_ORDERS), '1'];
/** apiOnly: only orders placed through the API (false: TWS's own too). */
export const reqCompletedOrders = (apiOnly: boolean): string[] => [String(OUT.REQ_COMPLETED_ORDERS), b(apiOnly)];
export const reqAllOpenOrders = (): string[] => [String(OUT.REQ_ALL_OPEN_ORDERS), '1'];
export const reqPositions = (): string[] => [String(OUT.REQ_POSITIONS), '1'];
export const cancelPositions = (): string[] => [String(OUT.CANCEL_POSITIONS), '1'];
export const reqCurrentTime = (): string[] => [String(OUT.REQ_CURRENT_TIME), '1'];

/** time: `yyyyMMdd-HH:mm:ss` (UTC), executions at or after it. */
export function reqExecutions(reqId: number, filter: { clientId: number; account: string; time: string }): string[] {
  return [String(OUT.REQ_EXECUTIONS), '3', String(reqId), String(filter.clientId), filter.account, filter.time, '', '', '', ''];
}

function contractFields(c: IbContract): string[] {
  return [String(c.conId), c.symbol, c.secType, '', '0', '', '', c.exchange, c.primaryExch, c.currency, c.localSymbol, ''];
}

export function reqContractDetails(reqId: number, c: IbContract): string[] {
  return [String(OUT.REQ_CONTRACT_DATA), '8', String(reqId), ...contractFields(c), '0', '', '', ''];
}

export function reqMktData(reqId: number, c: IbContract): string[] {
  return [String(OUT.REQ_MKT_DATA), '11', String(reqId), ...contractFields(c), '0', '', '0', '0', ''];
}

export const cancelMktData = (reqId: number): string[] => [String(OUT.CANCEL_MKT_DATA), '1', String(reqId)];

export function reqTickByTickData(reqId: number, c: IbContract, tickType: 'BidAsk' | 'Last' | 'AllLast' | 'MidPoint'): string[] {
  return [String(OUT.REQ_TICK_BY_TICK_DATA), String(reqId), ...contractFields(c), tickType, '0', '0'];
}

export const cancelTickByTickData = (reqId: number): string[] => [String(OUT.CANCEL_TICK_BY_TICK_DATA), String(reqId)];

export function reqAccountSummary(reqId: number, tags: string): string[] {
  return [String(OUT.REQ_ACCOUNT_SUMMARY), '1', String(reqId), 'All', tags];
}

export const cancelAccountSummary = (reqId: number): string[] => [String(OUT.CANCEL_ACCOUNT_SUMMARY), '1', String(reqId)];
export const reqAccountUpdates = (subscribe: boolean, account: string): string[] => [String(OUT.REQ_ACCOUNT_DATA), '2', b(subscribe), account];

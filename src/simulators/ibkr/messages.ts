import type { Decimal } from '../../core/money/decimal';
import { sessionsAround, type IbContractSpec, type IbHoursMode } from './instruments';
import type { SimIbExecution, SimIbOrder } from './state';
import { IN, FA_PROFILE_DESUPPORT, PENDING_PRICE_REVISION } from './versions';
import { dbl, intMax, twsTime, UNSET_DOUBLE, type Field } from './wire-format';

/**
 * Server → client messages at versions 176-178, field for field as the official EDecoder reads them. Each
 * returns the fields of one message (framed by the session).
 */

/** conId … tradingClass as openOrder and execDetails carry it (no primary exchange). */
function contractFields(spec: IbContractSpec, exchange = spec.exchange): Field[] {
  return [spec.conId, spec.symbol, spec.secType, '', '0', '', '', exchange, spec.currency, spec.localSymbol, spec.tradingClass];
}

export function nextValidId(id: number): Field[] {
  return [IN.NEXT_VALID_ID, 1, id];
}

export function managedAccounts(accounts: readonly string[]): Field[] {
  return [IN.MANAGED_ACCTS, 1, accounts.join(',')];
}

/** id -1 for connection-level notices (2104, 1100...), else the order or request id. */
export function errorMessage(id: number, code: number, message: string): Field[] {
  return [IN.ERR_MSG, 2, id, code, message, ''];
}

export function currentTime(ms: number): Field[] {
  return [IN.CURRENT_TIME, 1, Math.floor(ms / 1000)];
}

export function orderStatus(order: SimIbOrder): Field[] {
  const remaining = isTerminal(order) ? order.totalQuantity.sub(order.totalQuantity) : order.totalQuantity.sub(order.filled);
  return [
    IN.ORDER_STATUS, order.orderId, order.status, order.filled, remaining, order.avgFillPrice ?? '0', order.permId, order.parentId,
    order.lastFillPrice ?? '0', order.clientId, order.held && order.status === 'PreSubmitted' ? 'child' : '', '0',
  ];
}

const isTerminal = (order: SimIbOrder): boolean => order.status === 'Filled' || order.status === 'Cancelled' || order.status === 'ApiCancelled' || order.status === 'Inactive';

/** OPEN_ORDER: the order, its contract and its state, in the EOrderDecoder's order for versions ≥ 170. */
export function openOrder(order: SimIbOrder, spec: IbContractSpec, serverVersion: number): Field[] {
  const fields: Field[] = [IN.OPEN_ORDER, order.orderId, ...contractFields(spec)];
  fields.push(order.action, order.totalQuantity, order.orderType, dbl(order.lmtPrice), dbl(order.auxPrice), order.tif, order.ocaGroup, order.account, '', 0, order.orderRef);
  fields.push(order.clientId, order.permId, order.outsideRth, 0, '0', '', ''); // clientId, permId, outsideRth, hidden, discretionaryAmt, goodAfterTime, sharesAllocation
  fields.push('', '', '');
  if (serverVersion < FA_PROFILE_DESUPPORT) fields.push('');
  fields.push('', order.goodTillDate, '', UNSET_DOUBLE, '', 0, '', -1, 0); // modelCode, GTD, rule80A, percentOffset, settlingFirm, shortSaleSlot, designatedLocation, exemptCode, auctionStrategy
  fields.push(UNSET_DOUBLE, UNSET_DOUBLE, UNSET_DOUBLE, UNSET_DOUBLE, UNSET_DOUBLE); // startingPrice, stockRefPrice, delta, stockRangeLower/Upper
  fields.push(intMax(order.displaySize), false, false, false, intMax(undefined), order.ocaType, false, false, UNSET_DOUBLE); // displaySize … nbboPriceCap
  fields.push(order.parentId, 0); // parentId, triggerMethod
  fields.push(UNSET_DOUBLE, 0, '', UNSET_DOUBLE, 0, intMax(undefined)); // volatility, volatilityType, deltaNeutralOrderType, deltaNeutralAuxPrice, continuousUpdate, referencePriceType
  fields.push(dbl(order.trailStopPrice), dbl(order.trailingPercent)); // trail params
  fields.push(UNSET_DOUBLE, intMax(undefined)); // basisPoints, basisPointsType
  fields.push('', 0, 0, 0); // comboLegsDescription, comboLegs, orderComboLegs, smartComboRoutingParams
  fields.push(intMax(undefined), intMax(undefined), UNSET_DOUBLE); // scale
  fields.push('', false, '', '', false, false, '', false); // hedgeType, optOutSmartRouting, clearing x2, notHeld, deltaNeutral, algoStrategy, solicited
  fields.push(false, order.status); // whatIf, status
  for (let i = 0; i < 9; i += 1) fields.push(UNSET_DOUBLE); // margin before/change/after
  fields.push(UNSET_DOUBLE, UNSET_DOUBLE, UNSET_DOUBLE, '', ''); // commission, min, max, currency, warning
  fields.push(false, false, 0); // randomizeSize, randomizePrice, conditions
  fields.push('', UNSET_DOUBLE, dbl(order.trailStopPrice), dbl(order.lmtPriceOffset), UNSET_DOUBLE, UNSET_DOUBLE, UNSET_DOUBLE, 0); // adjusted order params
  fields.push('', '', ''); // softDollarTier
  fields.push(UNSET_DOUBLE, false, false, false, false, 0, intMax(undefined), false); // cashQty … autoCancelParent
  fields.push(intMax(undefined), intMax(undefined), UNSET_DOUBLE, UNSET_DOUBLE, UNSET_DOUBLE); // peg best / peg mid
  return fields;
}

export function openOrderEnd(): Field[] {
  return [IN.OPEN_ORDER_END, 1];
}

export function execDetails(reqId: number, execution: SimIbExecution, spec: IbContractSpec, serverVersion: number): Field[] {
  const fields: Field[] = [IN.EXECUTION_DATA, reqId, execution.orderId, ...contractFields(spec, spec.secType === 'CASH' ? 'IDEALPRO' : spec.primaryExchange)];
  fields.push(execution.execId, twsTime(execution.time), execution.account, spec.secType === 'CASH' ? 'IDEALPRO' : spec.primaryExchange, execution.side, execution.shares, execution.price);
  fields.push(execution.permId, execution.clientId, 0, execution.cumQty, execution.avgPrice, execution.orderRef, '', UNSET_DOUBLE, '', execution.lastLiquidity);
  if (serverVersion >= PENDING_PRICE_REVISION) fields.push(false);
  return fields;
}

export function execDetailsEnd(reqId: number): Field[] {
  return [IN.EXECUTION_DATA_END, 1, reqId];
}

export function commissionReport(execution: SimIbExecution): Field[] {
  return [IN.COMMISSION_REPORT, 1, execution.execId, execution.commission, execution.commissionCurrency, dbl(execution.realizedPnl), UNSET_DOUBLE, 0];
}

export function contractData(reqId: number, spec: IbContractSpec, now: number, mode: IbHoursMode = 'around-the-clock'): Field[] {
  const hours = sessionsAround(now, spec, mode);
  return [
    IN.CONTRACT_DATA, reqId, spec.symbol, spec.secType, '', '0', '', spec.exchange, spec.currency, spec.localSymbol, spec.marketName, spec.tradingClass,
    spec.conId, spec.minTick, '', spec.orderTypes, spec.validExchanges, 1, 0, spec.longName, spec.primaryExchange,
    '', spec.secType === 'CASH' ? '' : 'Technology', spec.secType === 'CASH' ? '' : 'Computers', spec.secType === 'CASH' ? '' : 'Computers',
    spec.timeZoneId, hours.tradingHours, hours.liquidHours, '', UNSET_DOUBLE, 0, 1, '', '', spec.marketRuleIds, '', spec.stockType,
    spec.minSize, spec.sizeIncrement, spec.sizeIncrement,
  ];
}

export function contractDataEnd(reqId: number): Field[] {
  return [IN.CONTRACT_DATA_END, 1, reqId];
}

export function position(account: string, spec: IbContractSpec, quantity: Decimal, averageCost: Decimal): Field[] {
  return [IN.POSITION_DATA, 3, account, spec.conId, spec.symbol, spec.secType, '', '0', '', '', spec.exchange === 'SMART' ? spec.primaryExchange : spec.exchange, spec.currency, spec.localSymbol, spec.tradingClass, quantity, averageCost];
}

export function positionEnd(): Field[] {
  return [IN.POSITION_END, 1];
}

export function accountSummary(reqId: number, account: string, tag: string, value: string, currency: string): Field[] {
  return [IN.ACCOUNT_SUMMARY, 1, reqId, account, tag, value, currency];
}

export function accountSummaryEnd(reqId: number): Field[] {
  return [IN.ACCOUNT_SUMMARY_END, 1, reqId];
}

export function accountValue(key: string, value: string, currency: string, account: string): Field[] {
  return [IN.ACCT_VALUE, 2, key, value, currency, account];
}

export function portfolioValue(spec: IbContractSpec, p: { quantity: Decimal; marketPrice: Decimal; marketValue: Decimal; averageCost: Decimal; unrealized: Decimal; realized: Decimal }, account: string): Field[] {
  return [IN.PORTFOLIO_VALUE, 8, spec.conId, spec.symbol, spec.secType, '', '0', '', '', spec.primaryExchange, spec.currency, spec.localSymbol, spec.tradingClass, p.quantity, p.marketPrice, p.marketValue, p.averageCost, p.unrealized, p.realized, account];
}

export function accountUpdateTime(ms: number): Field[] {
  const d = new Date(ms);
  return [IN.ACCT_UPDATE_TIME, 1, `${String(d.getUTCHours()).padStart(2, '0')}:${String(d.getUTCMinutes()).padStart(2, '0')}`];
}

export function accountDownloadEnd(account: string): Field[] {
  return [IN.ACCT_DOWNLOAD_END, 1, account];
}

export function marketDataType(reqId: number, type: number): Field[] {
  return [IN.MARKET_DATA_TYPE, 1, reqId, type];
}

export function tickReqParams(reqId: number, minTick: string, bboExchange: string): Field[] {
  return [IN.TICK_REQ_PARAMS, reqId, minTick, bboExchange, 3];
}

/** TICK_PRICE v3: tickType 1 bid, 2 ask, 4 last; the size rides along; attribute mask 0. */
export function tickPrice(reqId: number, tickType: number, price: Decimal, size: Decimal): Field[] {
  return [IN.TICK_PRICE, 3, reqId, tickType, price, size, 0];
}

export function tickSize(reqId: number, tickType: number, size: Decimal): Field[] {
  return [IN.TICK_SIZE, 6, reqId, tickType, size];
}

export function tickByTickBidAsk(reqId: number, ms: number, bid: Decimal, ask: Decimal, bidSize: Decimal, askSize: Decimal): Field[] {
  return [IN.TICK_BY_TICK, reqId, 3, Math.floor(ms / 1000), bid, ask, bidSize, askSize, 0];
}

export function tickByTickLast(reqId: number, tickType: 1 | 2, ms: number, price: Decimal, size: Decimal, exchange: string): Field[] {
  return [IN.TICK_BY_TICK, reqId, tickType, Math.floor(ms / 1000), price, size, 0, exchange, ''];
}

export function tickByTickMidPoint(reqId: number, ms: number, mid: Decimal): Field[] {
  return [IN.TICK_BY_TICK, reqId, 4, Math.floor(ms / 1000), mid];
}

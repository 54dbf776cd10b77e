import type { IbContractSpec } from './instruments';
import type { SimIbOrder } from './state';
import { FA_PROFILE_DESUPPORT, IN } from './versions';
import { dbl, intMax, twsTime, UNSET_DOUBLE, type Field } from './wire-format';

/** TWS's completedStatus text for each terminal status. */
const COMPLETED_STATUS: Readonly<Record<string, string>> = {
  Filled: 'Filled', Cancelled: 'Cancelled by Trader', ApiCancelled: 'Cancelled by Trader', Inactive: 'Rejected',
};

export const isCompleted = (order: SimIbOrder): boolean => COMPLETED_STATUS[order.status] !== undefined;

/**
 * COMPLETED_ORDER (101) at versions 176-178, in EDecoder.processCompletedOrderMsg's order: no message version
 * and no order id (completed orders are matched by permId and orderRef), then the order decoder's fields with
 * the "version" of a completed order (every versioned field present), ending with completedTime,
 * completedStatus and, from PEGBEST_PEGMID_OFFSETS (170), the peg-best/peg-mid attributes.
 */
export function completedOrder(order: SimIbOrder, spec: IbContractSpec, serverVersion: number, parentPermId: number): Field[] {
  const f: Field[] = [IN.COMPLETED_ORDER, spec.conId, spec.symbol, spec.secType, '', '0', '', '', spec.exchange, spec.currency, spec.localSymbol, spec.tradingClass];
  f.push(order.action, order.totalQuantity, order.orderType, dbl(order.lmtPrice), dbl(order.auxPrice), order.tif, order.ocaGroup, order.account, '', 0, order.orderRef);
  f.push(order.permId, order.outsideRth, false, '0', ''); // permId, outsideRth, hidden, discretionaryAmt, goodAfterTime
  f.push('', '', ''); // faGroup, faMethod, faPercentage
  if (serverVersion < FA_PROFILE_DESUPPORT) f.push(''); // faProfile
  f.push('', order.goodTillDate, '', UNSET_DOUBLE, '', 0, '', -1); // modelCode, goodTillDate, rule80A, percentOffset, settlingFirm, shortSaleSlot, designatedLocation, exemptCode
  f.push(UNSET_DOUBLE, UNSET_DOUBLE, UNSET_DOUBLE, UNSET_DOUBLE, UNSET_DOUBLE); // startingPrice, stockRefPrice, delta, stockRangeLower, stockRangeUpper
  f.push(intMax(order.displaySize), false, false, intMax(undefined), order.ocaType, 0); // displaySize, sweepToFill, allOrNone, minQty, ocaType, triggerMethod
  f.push(UNSET_DOUBLE, 0, '', UNSET_DOUBLE, false, 0); // volatility, volatilityType, deltaNeutralOrderType, deltaNeutralAuxPrice, continuousUpdate, referencePriceType
  f.push(dbl(order.trailStopPrice), dbl(order.trailingPercent));
  f.push('', 0, 0, 0); // comboLegsDescrip, comboLegsCount, orderComboLegsCount, smartComboRoutingParamsCount
  f.push(intMax(undefined), intMax(undefined), UNSET_DOUBLE); // scaleInitLevelSize, scaleSubsLevelSize, scalePriceIncrement
  f.push('', '', '', false, false, '', false); // hedgeType, clearingAccount, clearingIntent, notHeld, deltaNeutralContract, algoStrategy, solicited
  f.push(order.status, false, false, 0); // status, randomizeSize, randomizePrice, conditionsCount
  f.push(dbl(order.trailStopPrice), dbl(order.lmtPriceOffset), UNSET_DOUBLE, false, false); // trailStopPrice, lmtPriceOffset, cashQty, dontUseAutoPriceForHedge, isOmsContainer
  f.push('', order.filled, 0, false, '', false, false, parentPermId); // autoCancelDate, filledQuantity, refFuturesConId, autoCancelParent, shareholder, imbalanceOnly, routeMarketableToBbo, parentPermId
  f.push(twsTime(order.completedAt ?? order.createdAt), COMPLETED_STATUS[order.status] ?? order.status);
  f.push(intMax(undefined), intMax(undefined), UNSET_DOUBLE, UNSET_DOUBLE, UNSET_DOUBLE); // minTradeQty, minCompeteSize, competeAgainstBestOffset, midOffsetAtWhole, midOffsetAtHalf
  return f;
}

export function completedOrdersEnd(): Field[] {
  return [IN.COMPLETED_ORDERS_END];
}

import type { Decimal } from '../../../core/money/decimal';
import { FieldCursor, WireFieldError } from './fields';
import type { IbWireContract } from './messages';

/** The parts of a COMPLETED_ORDER the adapter reconciles with: who, what, how much filled, how it ended. */
export interface IbCompletedOrderMessage {
  readonly contract: IbWireContract;
  readonly action: string;
  readonly totalQuantity: Decimal;
  readonly orderType: string;
  readonly tif: string;
  readonly account: string;
  readonly orderRef: string;
  readonly permId: number;
  /** The final OrderStatus: Filled, Cancelled, ApiCancelled or Inactive. */
  readonly status: string;
  readonly filledQuantity: Decimal | undefined;
  readonly completedTime: string;
  /** TWS's own words: "Filled", "Cancelled by Trader", "Rejected"… */
  readonly completedStatus: string;
}

/**
 * COMPLETED_ORDER (101), read as EDecoder.processCompletedOrderMsg does at server versions 176-178: no
 * version field and no order id; every versioned order field is present. Variable parts (delta-neutral, combo
 * legs, scale, hedge, algo, conditions) are skipped by their counts.
 */
export function decodeCompletedOrder(fields: readonly string[], faProfile: boolean): IbCompletedOrderMessage {
  const r = new FieldCursor(fields, 1);
  const conId = r.int('contract.conId');
  const symbol = r.str('contract.symbol');
  const secType = r.str('contract.secType');
  r.skip(4); // lastTradeDate, strike, right, multiplier
  const exchange = r.str('contract.exchange');
  const currency = r.str('contract.currency');
  const localSymbol = r.str('contract.localSymbol');
  r.skip(1); // tradingClass
  const action = r.str('action');
  const totalQuantity = r.requiredDecimal('totalQuantity');
  const orderType = r.str('orderType');
  r.skip(2); // lmtPrice, auxPrice
  const tif = r.str('tif');
  r.skip(1); // ocaGroup
  const account = r.str('account');
  r.skip(2); // openClose, origin
  const orderRef = r.str('orderRef');
  const permId = r.int('permId');
  r.skip(4 + 3 + (faProfile ? 1 : 0)); // outsideRth, hidden, discretionaryAmt, goodAfterTime; faGroup, faMethod, faPercentage[, faProfile]
  r.skip(8 + 5 + 6); // modelCode … exemptCode; box and peg-to-stock prices; displaySize … triggerMethod
  r.skip(2); // volatility, volatilityType
  const deltaNeutralOrderType = r.str('deltaNeutralOrderType');
  r.skip(1); // deltaNeutralAuxPrice
  if (deltaNeutralOrderType !== '') r.skip(1 + 3); // conId; shortSale, shortSaleSlot, designatedLocation (no settling/clearing/openClose here)
  r.skip(2 + 2); // continuousUpdate, referencePriceType; trailStopPrice, trailingPercent
  r.skip(1); // comboLegsDescrip
  r.skip(r.int('comboLegsCount') * 8);
  r.skip(r.int('orderComboLegsCount'));
  r.skip(r.int('smartComboRoutingParamsCount') * 2);
  r.skip(2); // scaleInitLevelSize, scaleSubsLevelSize
  const scaleIncrement = r.decimal('scalePriceIncrement');
  if (scaleIncrement !== undefined && scaleIncrement.isPositive()) r.skip(7);
  if (r.str('hedgeType') !== '') r.skip(1);
  r.skip(2 + 1); // clearingAccount, clearingIntent, notHeld
  if (r.bool('deltaNeutralContract')) r.skip(3);
  if (r.str('algoStrategy') !== '') r.skip(r.int('algoParamsCount') * 2);
  r.skip(1); // solicited
  const status = r.str('status');
  r.skip(2); // randomizeSize, randomizePrice
  if (orderType === 'PEG BENCH') r.skip(5);
  // TMT never places conditional (IB 'conditions') orders; one placed elsewhere is refused as unreadable.
  if (r.int('conditionsCount') > 0) throw new WireFieldError('conditionsCount', 'be 0 (order conditions are not read)', 'more');
  r.skip(2 + 3 + 1); // trailStopPrice, lmtPriceOffset; cashQty, dontUseAutoPriceForHedge, isOmsContainer; autoCancelDate
  const filledQuantity = r.decimal('filledQuantity');
  r.skip(6); // refFuturesConId, autoCancelParent, shareholder, imbalanceOnly, routeMarketableToBbo, parentPermId
  const completedTime = r.str('completedTime');
  const completedStatus = r.str('completedStatus');
  return {
    contract: { conId, symbol, secType, exchange, currency, localSymbol }, action, totalQuantity, orderType, tif, account, orderRef, permId, status,
    filledQuantity, completedTime, completedStatus,
  };
}

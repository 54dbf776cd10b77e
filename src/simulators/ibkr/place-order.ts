import type { Decimal } from '../../core/money/decimal';
import { FieldReader, readContract, type WireContract } from './requests';
import { FA_PROFILE_DESUPPORT } from './versions';

/** The parts of a placeOrder the simulator acts on; every other field is read (in order) and kept aside. */
export interface PlaceOrderRequest {
  readonly orderId: number;
  readonly contract: WireContract;
  readonly action: string;
  readonly totalQuantity: Decimal | undefined;
  readonly orderType: string;
  readonly lmtPrice: Decimal | undefined;
  readonly auxPrice: Decimal | undefined;
  readonly tif: string;
  readonly ocaGroup: string;
  readonly account: string;
  readonly orderRef: string;
  readonly transmit: boolean;
  readonly parentId: number;
  readonly displaySize: number | undefined;
  readonly outsideRth: boolean;
  readonly goodTillDate: string;
  readonly ocaType: number;
  readonly trailStopPrice: Decimal | undefined;
  readonly trailingPercent: Decimal | undefined;
  readonly whatIf: boolean;
  readonly lmtPriceOffset: Decimal | undefined;
  readonly cashQty: Decimal | undefined;
}

const PEG_BENCH = new Set(['PEG BENCH']);
const PEG_BEST = 'PEG BEST';
const PEG_MID = 'PEG MID';

/**
 * PLACE_ORDER at server versions 176-178, field by field in the order of the official client's EClient
 * (no message version since ORDER_CONTAINER). Blocks that are present only when a field is set (delta-neutral,
 * scale, hedge, algo, conditions, peg) are read under the same conditions the client writes them.
 */
export function readPlaceOrder(fields: readonly string[], serverVersion: number): PlaceOrderRequest {
  const r = new FieldReader(fields);
  r.int('msgId');
  const orderId = r.int('orderId');
  const contract = readContract(r);
  r.str('contract.secIdType');
  r.str('contract.secId');
  const action = r.str('action');
  const totalQuantity = r.decimalOrUnset('totalQuantity');
  const orderType = r.str('orderType');
  const lmtPrice = r.decimalOrUnset('lmtPrice');
  const auxPrice = r.decimalOrUnset('auxPrice');
  const tif = r.str('tif');
  const ocaGroup = r.str('ocaGroup');
  const account = r.str('account');
  r.str('openClose');
  r.int('origin');
  const orderRef = r.str('orderRef');
  const transmit = r.bool('transmit');
  const parentId = r.int('parentId');
  r.bool('blockOrder');
  r.bool('sweepToFill');
  const displaySize = r.intOrUnset('displaySize');
  r.int('triggerMethod');
  const outsideRth = r.bool('outsideRth');
  r.bool('hidden');
  if (contract.secType === 'BAG') {
    const legs = r.int('comboLegsCount');
    r.skip(legs * 8, 'comboLegs');
    const orderLegs = r.int('orderComboLegsCount');
    r.skip(orderLegs, 'orderComboLegs');
    const params = r.int('smartComboRoutingParamsCount');
    r.skip(params * 2, 'smartComboRoutingParams');
  }
  r.str('sharesAllocation'); // deprecated, always empty
  r.decimalOrUnset('discretionaryAmt');
  r.str('goodAfterTime');
  const goodTillDate = r.str('goodTillDate');
  r.str('faGroup');
  r.str('faMethod');
  r.str('faPercentage');
  if (serverVersion < FA_PROFILE_DESUPPORT) r.str('faProfile');
  r.str('modelCode');
  r.int('shortSaleSlot');
  r.str('designatedLocation');
  r.int('exemptCode');
  const ocaType = r.int('ocaType');
  r.str('rule80A');
  r.str('settlingFirm');
  r.bool('allOrNone');
  r.intOrUnset('minQty');
  r.decimalOrUnset('percentOffset');
  r.bool('eTradeOnly');
  r.bool('firmQuoteOnly');
  r.decimalOrUnset('nbboPriceCap');
  r.intOrUnset('auctionStrategy');
  r.decimalOrUnset('startingPrice');
  r.decimalOrUnset('stockRefPrice');
  r.decimalOrUnset('delta');
  r.decimalOrUnset('stockRangeLower');
  r.decimalOrUnset('stockRangeUpper');
  r.bool('overridePercentageConstraints');
  r.decimalOrUnset('volatility');
  r.intOrUnset('volatilityType');
  const deltaNeutralOrderType = r.str('deltaNeutralOrderType');
  r.decimalOrUnset('deltaNeutralAuxPrice');
  if (deltaNeutralOrderType !== '') r.skip(8, 'deltaNeutral');
  r.int('continuousUpdate');
  r.intOrUnset('referencePriceType');
  const trailStopPrice = r.decimalOrUnset('trailStopPrice');
  const trailingPercent = r.decimalOrUnset('trailingPercent');
  r.intOrUnset('scaleInitLevelSize');
  r.intOrUnset('scaleSubsLevelSize');
  const scalePriceIncrement = r.decimalOrUnset('scalePriceIncrement');
  if (scalePriceIncrement !== undefined && scalePriceIncrement.isPositive()) r.skip(7, 'scale');
  r.str('scaleTable');
  r.str('activeStartTime');
  r.str('activeStopTime');
  const hedgeType = r.str('hedgeType');
  if (hedgeType !== '') r.str('hedgeParam');
  r.bool('optOutSmartRouting');
  r.str('clearingAccount');
  r.str('clearingIntent');
  r.bool('notHeld');
  if (r.bool('deltaNeutralContract')) r.skip(3, 'deltaNeutralContract');
  const algoStrategy = r.str('algoStrategy');
  if (algoStrategy !== '') {
    const count = r.int('algoParamsCount');
    r.skip(count * 2, 'algoParams');
  }
  r.str('algoId');
  const whatIf = r.bool('whatIf');
  r.str('orderMiscOptions');
  r.bool('solicited');
  r.bool('randomizeSize');
  r.bool('randomizePrice');
  if (PEG_BENCH.has(orderType)) r.skip(5, 'pegToBenchmark');
  const conditions = r.int('conditionsCount');
  if (conditions > 0) {
    for (let i = 0; i < conditions; i += 1) readCondition(r, i);
    r.bool('conditionsIgnoreRth');
    r.bool('conditionsCancelOrder');
  }
  r.str('adjustedOrderType');
  r.decimalOrUnset('triggerPrice');
  const lmtPriceOffset = r.decimalOrUnset('lmtPriceOffset');
  r.decimalOrUnset('adjustedStopPrice');
  r.decimalOrUnset('adjustedStopLimitPrice');
  r.decimalOrUnset('adjustedTrailingAmount');
  r.int('adjustableTrailingUnit');
  r.str('extOperator');
  r.str('softDollarTier.name');
  r.str('softDollarTier.value');
  const cashQty = r.decimalOrUnset('cashQty');
  r.str('mifid2DecisionMaker');
  r.str('mifid2DecisionAlgo');
  r.str('mifid2ExecutionTrader');
  r.str('mifid2ExecutionAlgo');
  r.bool('dontUseAutoPriceForHedge');
  r.bool('isOmsContainer');
  r.bool('discretionaryUpToLimitPrice');
  r.str('usePriceMgmtAlgo');
  r.intOrUnset('duration');
  r.intOrUnset('postToAts');
  r.bool('autoCancelParent');
  r.str('advancedErrorOverride');
  r.str('manualOrderTime');
  if (contract.exchange === 'IBKRATS') r.intOrUnset('minTradeQty');
  if (orderType === PEG_BEST) {
    r.intOrUnset('minCompeteSize');
    const offset = r.decimalOrUnset('competeAgainstBestOffset');
    // COMPETE_AGAINST_BEST_OFFSET_UP_TO_MID is Double.POSITIVE_INFINITY, which reads as unset here.
    if (offset === undefined) r.skip(2, 'midOffsets');
  } else if (orderType === PEG_MID) {
    r.skip(2, 'midOffsets');
  }
  return {
    orderId, contract, action, totalQuantity, orderType, lmtPrice, auxPrice, tif, ocaGroup, account, orderRef, transmit, parentId,
    displaySize, outsideRth, goodTillDate, ocaType, trailStopPrice, trailingPercent, whatIf, lmtPriceOffset, cashQty,
  };
}

function readCondition(r: FieldReader, index: number): void {
  const type = r.int(`conditions[${index}].type`);
  r.str(`conditions[${index}].conjunction`);
  // Execution 5: secType, exchange, symbol; Margin 4: isMore, value; PercentChange 7 / Price 1 / Time 3 / Volume 6.
  const counts: Readonly<Record<number, number>> = { 1: 5, 3: 2, 4: 2, 5: 3, 6: 4, 7: 4 };
  const count = counts[type];
  if (count === undefined) throw new Error(`conditions[${index}].type must be 1 or 3-7, found ${type}`);
  r.skip(count, `conditions[${index}]`);
}

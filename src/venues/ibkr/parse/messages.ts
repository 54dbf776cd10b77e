import type { Decimal } from '../../../core/money/decimal';
import { FA_PROFILE_DESUPPORT, PENDING_PRICE_REVISION } from '../versions';
import { FieldCursor } from './fields';

/** Decoded server messages at versions 176-178 (EDecoder's field order); each takes the whole message. */

export interface IbOrderStatusMessage {
  readonly orderId: number;
  readonly status: string;
  readonly filled: Decimal;
  readonly remaining: Decimal;
  readonly avgFillPrice: Decimal | undefined;
  readonly permId: number;
  readonly parentId: number;
  readonly lastFillPrice: Decimal | undefined;
  readonly clientId: number;
  readonly whyHeld: string;
}

/** ORDER_STATUS (no version field since MARKET_CAP_PRICE). */
export function decodeOrderStatus(fields: readonly string[]): IbOrderStatusMessage {
  const r = new FieldCursor(fields, 1);
  const orderId = r.int('orderId');
  const status = r.str('status');
  const filled = r.requiredDecimal('filled');
  const remaining = r.requiredDecimal('remaining');
  const avg = r.decimal('avgFillPrice');
  const permId = r.int('permId');
  const parentId = r.int('parentId');
  const last = r.decimal('lastFillPrice');
  const clientId = r.int('clientId');
  const whyHeld = r.str('whyHeld');
  return { orderId, status, filled, remaining, avgFillPrice: avg?.isZero() === true ? undefined : avg, permId, parentId, lastFillPrice: last?.isZero() === true ? undefined : last, clientId, whyHeld };
}

export interface IbWireContract {
  readonly conId: number;
  readonly symbol: string;
  readonly secType: string;
  readonly exchange: string;
  readonly currency: string;
  readonly localSymbol: string;
}

export interface IbOpenOrderMessage {
  readonly orderId: number;
  readonly contract: IbWireContract;
  readonly action: string;
  readonly totalQuantity: Decimal;
  readonly orderType: string;
  readonly lmtPrice: Decimal | undefined;
  readonly auxPrice: Decimal | undefined;
  readonly tif: string;
  readonly ocaGroup: string;
  readonly account: string;
  readonly orderRef: string;
  readonly clientId: number;
  readonly permId: number;
  readonly goodTillDate: string;
  readonly parentId: number;
  readonly status: string;
}

function contract(r: FieldCursor): IbWireContract {
  const conId = r.int('contract.conId');
  const symbol = r.str('contract.symbol');
  const secType = r.str('contract.secType');
  r.skip(4); // lastTradeDateOrContractMonth, strike, right, multiplier
  const exchange = r.str('contract.exchange');
  const currency = r.str('contract.currency');
  const localSymbol = r.str('contract.localSymbol');
  r.skip(1); // tradingClass
  return { conId, symbol, secType, exchange, currency, localSymbol };
}

/**
 * OPEN_ORDER, read up to the order state's status: the fields before it sit at fixed places for orders
 * without combo legs, delta-neutral, scale, hedge or algo parameters (the only orders this adapter places);
 * an order that carries them is reported with what was read before the first conditional block.
 */
export function decodeOpenOrder(fields: readonly string[], serverVersion: number): IbOpenOrderMessage {
  const r = new FieldCursor(fields, 1);
  const orderId = r.int('orderId');
  const c = contract(r);
  const action = r.str('action');
  const totalQuantity = r.requiredDecimal('totalQuantity');
  const orderType = r.str('orderType');
  const lmtPrice = r.decimal('lmtPrice');
  const auxPrice = r.decimal('auxPrice');
  const tif = r.str('tif');
  const ocaGroup = r.str('ocaGroup');
  const account = r.str('account');
  r.skip(2); // openClose, origin
  const orderRef = r.str('orderRef');
  const clientId = r.int('clientId');
  const permId = r.int('permId');
  r.skip(6); // outsideRth, hidden, discretionaryAmt, goodAfterTime, sharesAllocation, faGroup
  r.skip(serverVersion < FA_PROFILE_DESUPPORT ? 4 : 3); // faMethod, faPercentage, (faProfile), modelCode
  const goodTillDate = r.str('goodTillDate');
  r.skip(21); // rule80A … nbboPriceCap
  const parentId = r.int('parentId');
  r.skip(1); // triggerMethod
  const deltaNeutralAt = 2;
  r.skip(deltaNeutralAt);
  const deltaNeutralOrderType = r.str('deltaNeutralOrderType');
  r.skip(1);
  if (deltaNeutralOrderType !== '') return partial();
  r.skip(2 + 2 + 2); // continuousUpdate, referencePriceType, trailStopPrice, trailingPercent, basisPoints, basisPointsType
  r.skip(1); // comboLegsDescription
  if (r.int('comboLegsCount') !== 0 || r.int('orderComboLegsCount') !== 0 || r.int('smartComboRoutingParamsCount') !== 0) return partial();
  r.skip(2);
  const scalePriceIncrement = r.decimal('scalePriceIncrement');
  if (scalePriceIncrement !== undefined && scalePriceIncrement.isPositive()) return partial();
  if (r.str('hedgeType') !== '') return partial();
  r.skip(4); // optOutSmartRouting, clearingAccount, clearingIntent, notHeld
  if (r.bool('deltaNeutralContract')) return partial();
  if (r.str('algoStrategy') !== '') return partial();
  r.skip(2); // solicited, whatIf
  const status = r.str('orderState.status');
  return { orderId, contract: c, action, totalQuantity, orderType, lmtPrice, auxPrice, tif, ocaGroup, account, orderRef, clientId, permId, goodTillDate, parentId, status };

  function partial(): IbOpenOrderMessage {
    return { orderId, contract: c, action, totalQuantity, orderType, lmtPrice, auxPrice, tif, ocaGroup, account, orderRef, clientId, permId, goodTillDate, parentId, status: '' };
  }
}

export interface IbExecutionMessage {
  readonly reqId: number;
  readonly orderId: number;
  readonly contract: IbWireContract;
  readonly execId: string;
  readonly time: string;
  readonly account: string;
  readonly side: string;
  readonly shares: Decimal;
  readonly price: Decimal;
  readonly permId: number;
  readonly clientId: number;
  /** Cumulative quantity and average price as TWS wrote them (the adapter folds fills itself; parse on demand). */
  readonly cumQty: string;
  readonly avgPrice: string;
  readonly orderRef: string;
  readonly lastLiquidity: number;
}

/** EXECUTION_DATA (no version field since LAST_LIQUIDITY). */
export function decodeExecution(fields: readonly string[], serverVersion: number): IbExecutionMessage {
  const r = new FieldCursor(fields, 1);
  const reqId = r.int('reqId');
  const orderId = r.int('orderId');
  const c = contract(r);
  const execId = r.str('execId');
  const time = r.str('time');
  const account = r.str('acctNumber');
  r.skip(1); // exchange
  const side = r.str('side');
  const shares = r.requiredDecimal('shares');
  const price = r.requiredDecimal('price');
  const permId = r.int('permId');
  const clientId = r.int('clientId');
  r.skip(1); // liquidation
  const cumQty = r.str('cumQty');
  const avgPrice = r.str('avgPrice');
  const orderRef = r.str('orderRef');
  r.skip(3); // evRule, evMultiplier, modelCode
  const lastLiquidity = r.int('lastLiquidity');
  if (serverVersion >= PENDING_PRICE_REVISION) r.skip(1);
  return { reqId, orderId, contract: c, execId, time, account, side, shares, price, permId, clientId, cumQty, avgPrice, orderRef, lastLiquidity };
}

export interface IbCommissionMessage {
  readonly execId: string;
  readonly commission: Decimal | undefined;
  readonly currency: string;
  readonly realizedPnl: Decimal | undefined;
}

export function decodeCommissionReport(fields: readonly string[]): IbCommissionMessage {
  const r = new FieldCursor(fields, 2);
  return { execId: r.str('execId'), commission: r.decimal('commission'), currency: r.str('currency'), realizedPnl: r.decimal('realizedPNL') };
}

export interface IbErrorMessage {
  readonly id: number;
  readonly code: number;
  readonly message: string;
}

export function decodeError(fields: readonly string[]): IbErrorMessage {
  const r = new FieldCursor(fields, 2);
  return { id: r.int('id'), code: r.int('errorCode'), message: r.str('errorMsg') };
}

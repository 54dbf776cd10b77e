import { Decimal } from '../../core/money/decimal';
import type { Pair } from '../fix/wire';
import { utcTimestamp } from '../fix/wire';
import type { FxcmSimAccount } from './accounts';
import { BASE_UNIT_SIZE, FXCM_SECURITIES, MAX_QUANTITY, securityOf } from './instruments';
import type { FxcmSimOrder } from './state';

/** FXCMOrdType (9050) per OrdType: OM open market, OR open range, LE limit entry, SE stop entry. */
const FXCM_ORD_TYPE: Readonly<Record<FxcmSimOrder['ordType'], string>> = { '1': 'OM', '4': 'OR', '2': 'LE', '3': 'SE' };
/** FXCMOrdStatus (9051) per OrdStatus: W waiting, F executed, C canceled, R rejected, E expired, P in process. */
const FXCM_ORD_STATUS: Readonly<Record<string, string>> = { '0': 'W', '1': 'P', '2': 'F', '4': 'C', '5': 'W', '8': 'R', C: 'E' };

export function money(value: Decimal): string {
  return value.rescale(2, 'half-even').toString();
}

export interface ExecutionFields {
  readonly execId: string;
  readonly execType: string;
  readonly lastQty?: Decimal;
  readonly lastPx?: Decimal;
  readonly text?: string;
  readonly ordRejReason?: string;
  readonly transactTime: number;
  readonly posId?: string;
  /** OrderStatusRequest / mass status answers. */
  readonly massStatus?: { readonly id: string; readonly total: number; readonly last: boolean };
  readonly ordStatusReqId?: string;
}

/** ExecutionReport (8) as FXCM sends it (its guide's sample: Account first, FXCM custom tags after the standard ones). */
export function executionReport(order: FxcmSimOrder, fields: ExecutionFields): Pair[] {
  const spec = securityOf(order.symbol);
  const leaves = ['2', '4', '8', 'C'].includes(order.status) ? Decimal.ZERO : order.quantity.sub(order.cumQty);
  const pairs: Pair[] = [
    [1, order.account], [6, order.avgPx.toString()], [11, order.clOrdId], [14, order.cumQty.toString()],
    [15, order.symbol.split('/')[0] ?? ''], [17, fields.execId], [31, (fields.lastPx ?? Decimal.ZERO).toString()],
    [32, (fields.lastQty ?? Decimal.ZERO).toString()], [37, order.orderId], [38, order.quantity.toString()],
    [39, order.status], [40, order.ordType],
  ];
  if (order.origClOrdId !== undefined) pairs.push([41, order.origClOrdId]);
  if (order.price !== undefined) pairs.push([44, order.price.toString()]);
  pairs.push([54, order.side], [55, order.symbol]);
  const text = fields.text ?? order.text;
  if (text !== undefined) pairs.push([58, text]);
  // FXCM's samples show whole seconds; the simulator keeps milliseconds (FIX 4.4 UTCTimestamp allows both) so fills order exactly.
  pairs.push([59, order.timeInForce], [60, utcTimestamp(fields.transactTime)]);
  if (order.stopPx !== undefined) pairs.push([99, order.stopPx.toString()]);
  if (fields.ordRejReason !== undefined) pairs.push([103, fields.ordRejReason]);
  if (order.expireTime !== undefined) pairs.push([126, order.expireTime]);
  pairs.push([150, fields.execType], [151, leaves.toString()], [336, 'FXCM'], [625, 'U100D1']);
  if (fields.ordStatusReqId !== undefined) pairs.push([790, fields.ordStatusReqId]);
  if (fields.massStatus !== undefined) pairs.push([584, fields.massStatus.id], [911, String(fields.massStatus.total)], [912, fields.massStatus.last ? 'Y' : 'N']);
  pairs.push([9000, String(spec?.symId ?? 0)]);
  if (fields.posId !== undefined) pairs.push([9041, fields.posId]);
  pairs.push([9050, FXCM_ORD_TYPE[order.ordType]], [9051, FXCM_ORD_STATUS[order.status] ?? 'P']);
  return pairs;
}

/** TradingSessionStatus (h) with the embedded security list and FXCM's system parameters. */
export function tradingSessionStatus(reqId: string | undefined, baseCurrency: string): Pair[] {
  const pairs: Pair[] = [];
  if (reqId !== undefined) pairs.push([335, reqId]);
  pairs.push([336, 'FXCM'], [340, '2'], [146, String(FXCM_SECURITIES.length)]);
  for (const s of FXCM_SECURITIES) {
    pairs.push(
      [55, s.symbol], [15, s.symbol.split('/')[0] ?? ''], [228, '1'], [231, '1'], [460, '4'], [561, BASE_UNIT_SIZE],
      [9000, String(s.symId)], [9001, String(s.precision)], [9002, s.pointSize], [9003, s.interestBuy], [9004, s.interestSell],
      [9080, '1'], [9090, '0'], [9091, '0'], [9092, '0'], [9093, '0'], [9094, MAX_QUANTITY], [9095, BASE_UNIT_SIZE], [9096, 'O'],
    );
  }
  const params: [string, string][] = [['BASE_CRNCY', baseCurrency], ['BASE_UNIT_SIZE', BASE_UNIT_SIZE], ['END_TRADING_DAY', '21:00:00'], ['SERVER_TIME_UTC', 'UTC'], ['COND_DIST', '0.1'], ['COND_DIST_ENTRY', '0.1']];
  pairs.push([9016, String(params.length)]);
  for (const [name, value] of params) pairs.push([9017, name], [9018, value]);
  return pairs;
}

export interface CollateralFigures {
  readonly balance: Decimal;
  readonly startCash: Decimal;
  readonly usedMargin: Decimal;
}

/** CollateralReport (BA): one per account (its guide's sample). */
export function collateralReport(account: FxcmSimAccount, figures: CollateralFigures, ids: { readonly reportId: string; readonly inquiryId?: string; readonly total: number; readonly last: boolean }): Pair[] {
  return [
    [1, account.id], [53, BASE_UNIT_SIZE], [336, 'FXCM'], [625, 'U100D1'], [898, '0'], [901, money(figures.balance)], [908, ids.reportId],
    ...(ids.inquiryId === undefined ? [] : ([[909, ids.inquiryId]] as Pair[])), [910, '0'], [911, String(ids.total)], [912, ids.last ? 'Y' : 'N'],
    [921, money(figures.startCash)], [922, money(figures.balance)], [9038, money(figures.usedMargin)], [9045, 'N'], [9046, '0'], [9047, '0'],
    [453, '1'], [448, 'FXCM ID'], [447, 'D'], [452, '3'], [802, '2'], [523, account.id.replace(/^0+/, '')], [803, '10'], [523, account.positionMaintenance], [803, '4000'],
  ];
}

export interface PositionFigures {
  readonly posId: string;
  readonly symbol: string;
  readonly signedQuantity: Decimal;
  readonly openPrice: Decimal;
  readonly usedMargin: Decimal;
  readonly interest: Decimal;
}

/** PositionReport (AP) for an open position (PosReqType 0). */
export function positionReport(account: string, p: PositionFigures, ids: { readonly posReqId: string; readonly reportId: string; readonly total: number; readonly last: boolean; readonly at: number }): Pair[] {
  const long = p.signedQuantity.isPositive();
  return [
    [1, account], [15, p.symbol.split('/')[0] ?? ''], [55, p.symbol], [60, utcTimestamp(ids.at).slice(0, 17)], [325, 'N'], [336, 'FXCM'], [581, '6'],
    [625, 'U100D1'], [710, ids.posReqId], [715, utcTimestamp(ids.at).slice(0, 8)], [721, ids.reportId], [724, '0'], [727, String(ids.total)],
    [728, '0'], [730, p.openPrice.toString()], [731, '1'], [734, '0'], [912, ids.last ? 'Y' : 'N'], [9000, String(securityOf(p.symbol)?.symId ?? 0)],
    [9038, money(p.usedMargin)], [9040, money(p.interest)], [9041, p.posId], [9053, '0'],
    [702, '1'], [703, 'TQ'], [long ? 704 : 705, p.signedQuantity.abs().toString()], [753, '1'], [707, 'CASH'], [708, '0'],
  ];
}

import { Decimal } from '../../../core/money/decimal';
import type { OrderStatus } from '../../../core/orders/status';
import type { OrderSide, OrderType, TimeInForce } from '../../../core/orders/types';
import { fieldOf, parseFixTimestamp, type FixMessage } from '../../fix/codec';
import { Tag } from '../../fix/tags';
import { EXEC_TYPE, ORD_STATUS, ORD_TYPE_FROM_WIRE, SIDE_FROM_WIRE, TIME_IN_FORCE_FROM_WIRE, type ExecKind } from '../enums';

/** An ExecutionReport (8) read into typed fields; every enum through its table. */
export interface ExecutionReportWire {
  readonly account: string;
  /** OrderID(37); "NONE" for an order FXCM never booked (a reject, an unknown order). */
  readonly orderId: string;
  readonly clOrdId: string;
  readonly origClOrdId?: string;
  readonly execId: string;
  readonly execKind: ExecKind;
  readonly status: OrderStatus;
  readonly ordStatus: string;
  readonly symbol: string;
  readonly side: OrderSide;
  readonly type: OrderType;
  readonly timeInForce: TimeInForce;
  readonly quantity: Decimal;
  readonly cumQty: Decimal;
  readonly avgPx: Decimal;
  readonly lastQty: Decimal;
  readonly lastPx: Decimal;
  readonly price?: Decimal;
  readonly stopPx?: Decimal;
  readonly expireAt?: number;
  readonly text?: string;
  readonly ordRejReason?: string;
  readonly transactTime?: number;
  readonly ordStatusReqId?: string;
  readonly massStatusReqId?: string;
  readonly lastReport: boolean;
}

export type Parsed<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly problem: string };

function decimal(message: FixMessage, tag: number, fallback?: Decimal): Decimal | undefined {
  const text = fieldOf(message, tag);
  if (text === undefined || text === '') return fallback;
  return Decimal.tryParse(text);
}

export function parseExecutionReport(message: FixMessage): Parsed<ExecutionReportWire> {
  const bad = (problem: string): Parsed<ExecutionReportWire> => ({ ok: false, problem });
  const execTypeText = fieldOf(message, Tag.ExecType) ?? '';
  const execKind = (EXEC_TYPE as Record<string, ExecKind | undefined>)[execTypeText];
  if (execKind === undefined) return bad(`ExecType(150) "${execTypeText}" is not a FIX 4.4 value`);
  const ordStatus = fieldOf(message, Tag.OrdStatus) ?? '';
  const status = ORD_STATUS[ordStatus];
  if (status === undefined) return bad(`OrdStatus(39) "${ordStatus}" is not a FIX 4.4 value`);
  const side = SIDE_FROM_WIRE[fieldOf(message, Tag.Side) ?? ''];
  const type = ORD_TYPE_FROM_WIRE[fieldOf(message, Tag.OrdType) ?? ''];
  const timeInForce = TIME_IN_FORCE_FROM_WIRE[fieldOf(message, Tag.TimeInForce) ?? '1'];
  const orderId = fieldOf(message, Tag.OrderID);
  const clOrdId = fieldOf(message, Tag.ClOrdID);
  const quantity = decimal(message, Tag.OrderQty, Decimal.ZERO);
  const cumQty = decimal(message, Tag.CumQty, Decimal.ZERO);
  const avgPx = decimal(message, Tag.AvgPx, Decimal.ZERO);
  const lastQty = decimal(message, Tag.LastQty, Decimal.ZERO);
  const lastPx = decimal(message, Tag.LastPx, Decimal.ZERO);
  // ClOrdID is conditional in FIX 4.4 (absent on reports FXCM makes for orders placed elsewhere): OrderID is required.
  if (orderId === undefined) return bad('OrderID(37) is required');
  if (quantity === undefined || cumQty === undefined || avgPx === undefined || lastQty === undefined || lastPx === undefined) return bad('OrderQty/CumQty/AvgPx/LastQty/LastPx must be decimals');
  const orderKnown = orderId !== 'NONE';
  if (orderKnown && (side === undefined || type === undefined || timeInForce === undefined)) return bad(`Side(54)/OrdType(40)/TimeInForce(59) unknown in order ${orderId}`);
  const price = decimal(message, Tag.Price);
  const stopPx = decimal(message, Tag.StopPx);
  const expire = fieldOf(message, Tag.ExpireTime);
  const expireAt = expire === undefined ? undefined : parseFixTimestamp(expire);
  const transact = fieldOf(message, Tag.TransactTime);
  const transactTime = transact === undefined ? undefined : parseFixTimestamp(transact);
  const optional = <K extends string, V>(key: K, value: V | undefined) => (value === undefined ? {} : ({ [key]: value } as Record<K, V>));
  return {
    ok: true,
    value: {
      account: fieldOf(message, Tag.Account) ?? '', orderId, clOrdId: clOrdId ?? '', execId: fieldOf(message, Tag.ExecID) ?? '', execKind, status, ordStatus,
      symbol: fieldOf(message, Tag.Symbol) ?? '', side: side ?? 'buy', type: type ?? 'market', timeInForce: timeInForce ?? 'GTC',
      quantity, cumQty, avgPx, lastQty, lastPx,
      ...optional('origClOrdId', fieldOf(message, Tag.OrigClOrdID)), ...optional('price', price), ...optional('stopPx', stopPx),
      ...optional('expireAt', expireAt), ...optional('text', fieldOf(message, Tag.Text)), ...optional('ordRejReason', fieldOf(message, Tag.OrdRejReason)),
      ...optional('transactTime', transactTime), ...optional('ordStatusReqId', fieldOf(message, 790)), ...optional('massStatusReqId', fieldOf(message, Tag.MassStatusReqID)),
      lastReport: fieldOf(message, Tag.LastRptRequested) !== 'N',
    },
  };
}

import type { Timestamp } from '../../../core/clock';
import { TradeId, VenueOrderId, type AccountId, type InstrumentId, type VenueClientOrderId } from '../../../core/identifiers';
import { Decimal } from '../../../core/money/decimal';
import { Money } from '../../../core/money/money';
import { Price } from '../../../core/money/price';
import { Quantity } from '../../../core/money/quantity';
import type { AccountReport, FillReport, OrderStatusReport } from '../../../core/reports';
import { EXEC_TYPE, lookup, ORDER_STATE, ORDER_TYPE, SIDE } from '../enums';
import type { WireBalance, WireFill, WireOrder } from './wire';

/** Thrown when a payload holds an enum value the tables do not know; the caller reports it as unrecognized. */
export class UnknownEnumError extends Error {
  constructor(
    readonly field: string,
    readonly value: string,
  ) {
    super(`unknown okx ${field} ${JSON.stringify(value)}`);
  }
}

function known<T>(table: Readonly<Record<string, T>>, field: string, value: string): T {
  const mapped = lookup(table, value);
  if (mapped === undefined) throw new UnknownEnumError(field, value);
  return mapped;
}

export interface ReportContext {
  readonly accountId: AccountId;
  readonly instrumentId: InstrumentId;
  readonly now: Timestamp;
}

/** An order placed by a triggered algo is known to the engine by the algo's ids. */
function ids(order: WireOrder): { venueOrderId: VenueOrderId; venueClientOrderId?: VenueClientOrderId } {
  const fromAlgo = order.algoId !== undefined && order.algoId !== '' && order.clOrdId === '';
  const clientId = fromAlgo ? (order.algoClOrdId ?? '') : order.clOrdId;
  return { venueOrderId: VenueOrderId.of(fromAlgo ? (order.algoId) : order.ordId), ...(clientId === '' ? {} : { venueClientOrderId: clientId as VenueClientOrderId }) };
}

const time = (text: string | undefined, fallback: Timestamp): Timestamp => (text === undefined || text === '' ? fallback : Number(text));

/** OKX cancelSource codes that say why the venue ended an order (docs-v5 "Get order details"). */
const CANCEL_SOURCES: Readonly<Record<string, string>> = { '31': 'post-only order would take liquidity', '14': 'IOC/FOK remainder canceled', '0': 'canceled by the system' };

export function orderReport(order: WireOrder, context: ReportContext): OrderStatusReport {
  const kind = known(ORDER_TYPE, 'ordType', order.ordType);
  const filled = Quantity.parse(order.accFillSz === '' ? '0' : order.accFillSz);
  // A market buy by quote: sz is the quote amount; the base quantity is known only from what filled.
  const byQuote = order.ordType === 'market' && order.tgtCcy === 'quote_ccy';
  const state = known(ORDER_STATE, 'state', order.state);
  const quantity = byQuote ? filled : Quantity.parse(order.sz);
  const cancelSource = order.cancelSource ?? '';
  return {
    accountId: context.accountId,
    instrumentId: context.instrumentId,
    ...ids(order),
    side: known(SIDE, 'side', order.side),
    type: kind.type,
    timeInForce: kind.timeInForce,
    status: byQuote && state === 'canceled' && filled.isPositive() ? 'filled' : state,
    quantity,
    filledQuantity: filled,
    ...(order.avgPx === '' || !filled.isPositive() ? {} : { averageFillPrice: Price.parse(order.avgPx) }),
    ...(order.px === '' || kind.type === 'market' ? {} : { price: Price.parse(order.px) }),
    ...(cancelSource === '' ? {} : { venueReason: `cancelSource ${cancelSource}${CANCEL_SOURCES[cancelSource] === undefined ? '' : ` ${CANCEL_SOURCES[cancelSource]}`}` }),
    reportedAt: time(order.uTime, context.now),
  };
}

/** OKX writes fees negative when charged; the engine's commission is the positive cost. */
function commission(fee: string, ccy: string): Money {
  return Money.of(Decimal.parse(fee === '' ? '0' : fee).neg(), ccy);
}

export function fillFromRow(fill: WireFill, context: ReportContext): FillReport {
  return {
    accountId: context.accountId,
    instrumentId: context.instrumentId,
    venueOrderId: VenueOrderId.of(fill.ordId),
    ...(fill.clOrdId === '' ? {} : { venueClientOrderId: fill.clOrdId as VenueClientOrderId }),
    tradeId: TradeId.of(fill.tradeId),
    side: known(SIDE, 'side', fill.side),
    quantity: Quantity.parse(fill.fillSz),
    price: Price.parse(fill.fillPx),
    commission: commission(fill.fee, fill.feeCcy),
    liquidity: known(EXEC_TYPE, 'execType', fill.execType),
    occurredAt: time(fill.ts, context.now),
  };
}

/** The fill an `orders` channel push carries (fillSz > 0), or undefined for a push without one. */
export function fillFromPush(order: WireOrder, context: ReportContext): FillReport | undefined {
  if (order.tradeId === undefined || order.tradeId === '' || order.fillSz === undefined || order.fillSz === '' || Decimal.parse(order.fillSz).isZero()) return undefined;
  return {
    accountId: context.accountId,
    instrumentId: context.instrumentId,
    ...ids(order),
    tradeId: TradeId.of(order.tradeId),
    side: known(SIDE, 'side', order.side),
    quantity: Quantity.parse(order.fillSz),
    price: Price.parse(order.fillPx ?? '0'),
    commission: commission(order.fillFee ?? '0', order.fillFeeCcy ?? order.feeCcy),
    liquidity: known(EXEC_TYPE, 'execType', order.execType ?? ''),
    occurredAt: time(order.fillTime, context.now),
  };
}

export function accountReport(balance: WireBalance, accountId: AccountId, baseCurrency: string, now: Timestamp): AccountReport {
  return {
    accountId,
    baseCurrency,
    balances: balance.details.map((detail) => {
      const total = Decimal.parse(detail.cashBal === '' ? '0' : detail.cashBal);
      const locked = Decimal.parse(detail.frozenBal === '' ? '0' : detail.frozenBal);
      return { currency: detail.ccy, total, locked, free: Decimal.parse(detail.availBal === '' ? total.sub(locked).toString() : detail.availBal) };
    }),
    reportedAt: time(balance.uTime, now),
  };
}

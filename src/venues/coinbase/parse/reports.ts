import type { Timestamp } from '../../../core/clock';
import type { ErrorCode } from '../../../core/errors/catalogue';
import { TradeId, VenueOrderId, type AccountId, type InstrumentId, type VenueClientOrderId } from '../../../core/identifiers';
import { Decimal } from '../../../core/money/decimal';
import { Money } from '../../../core/money/money';
import { Price } from '../../../core/money/price';
import { Quantity } from '../../../core/money/quantity';
import type { AccountReport, FillReport, OrderStatusReport } from '../../../core/reports';
import { FAILURE_REASONS, lookup, ORDER_STATUS, orderTypeOf, SIDE, TIME_IN_FORCE } from '../enums';
import type { WireFill, WireOrder } from './wire';

/** Thrown when a payload holds an enum value the tables do not know; the caller reports it as unrecognized. */
export class UnknownEnumError extends Error {
  constructor(
    readonly field: string,
    readonly value: string,
  ) {
    super(`unknown coinbase ${field} ${JSON.stringify(value)}`);
  }
}

export function known<T>(table: Readonly<Record<string, T>>, field: string, value: string): T {
  const mapped = lookup(table, value);
  if (mapped === undefined) throw new UnknownEnumError(field, value);
  return mapped;
}

export interface ReportContext {
  readonly accountId: AccountId;
  readonly instrumentId: InstrumentId;
  readonly now: Timestamp;
}

/** Coinbase writes "" or "0" for a price that is not set. */
function setPrice(value: unknown): Price | undefined {
  if (typeof value !== 'string' || value === '') return undefined;
  const parsed = Decimal.parse(value);
  return parsed.isZero() ? undefined : Price.of(parsed);
}

export function parseTime(text: string | null | undefined, fallback: Timestamp): Timestamp {
  if (text === null || text === undefined || text === '') return fallback;
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? fallback : ms;
}

/** GET orders/historical/{id} (and batch) → engine status report. */
export function orderReport(order: WireOrder, context: ReportContext): OrderStatusReport {
  const key = Object.keys(order.order_configuration)[0] ?? '';
  const fields = order.order_configuration[key] ?? {};
  const side = known(SIDE, 'side', order.side);
  const type = orderTypeOf(key, side, fields['stop_direction']);
  if (type === undefined) throw new UnknownEnumError('order_configuration', key);
  const filled = Quantity.parse(order.filled_size === '' ? '0' : order.filled_size);
  let status = known(ORDER_STATUS, 'order status', order.status);
  if (status === 'accepted' && filled.isPositive()) status = 'partially-filled';
  if (status === 'accepted' && order.trigger_status === 'STOP_TRIGGERED') status = 'triggered';
  const base = typeof fields['base_size'] === 'string' ? Quantity.parse(fields['base_size']) : filled;
  const average = filled.isPositive() ? setPrice(order.average_filled_price) : undefined;
  const price = setPrice(fields['limit_price']);
  const trigger = setPrice(fields['stop_price']);
  const endTime = typeof fields['end_time'] === 'string' ? parseTime(fields['end_time'], 0) : 0;
  const reason = order.status === 'FAILED' ? order.reject_message || order.reject_reason : order.status === 'CANCELLED' ? order.cancel_message : undefined;
  return {
    accountId: context.accountId,
    instrumentId: context.instrumentId,
    venueOrderId: VenueOrderId.of(order.order_id),
    ...(order.client_order_id === '' ? {} : { venueClientOrderId: order.client_order_id as VenueClientOrderId }),
    side,
    type,
    timeInForce: known(TIME_IN_FORCE, 'time_in_force', order.time_in_force),
    status,
    quantity: base,
    filledQuantity: filled,
    reportedAt: parseTime(order.last_fill_time, parseTime(order.created_time, context.now)),
    ...(average === undefined ? {} : { averageFillPrice: average }),
    ...(price === undefined ? {} : { price }),
    ...(trigger === undefined ? {} : { triggerPrice: trigger }),
    ...(endTime > 0 ? { expireAt: endTime } : {}),
    ...(reason === undefined || reason === '' ? {} : { venueReason: reason }),
  };
}

/** A row of orders/historical/fills. Commission is in the quote currency (spot). */
export function fillReport(fill: WireFill, context: ReportContext, clientOrderId: VenueClientOrderId | undefined, quoteCurrency: string): FillReport {
  return {
    accountId: context.accountId,
    instrumentId: context.instrumentId,
    venueOrderId: VenueOrderId.of(fill.order_id),
    ...(clientOrderId === undefined ? {} : { venueClientOrderId: clientOrderId }),
    tradeId: TradeId.of(fill.trade_id),
    side: known(SIDE, 'side', fill.side),
    quantity: Quantity.parse(fill.size),
    price: Price.parse(fill.price),
    commission: Money.parse(fill.commission, quoteCurrency),
    liquidity: fill.liquidity_indicator === 'MAKER' ? 'maker' : 'taker',
    occurredAt: parseTime(fill.trade_time, context.now),
  };
}

export function accountReport(
  accounts: readonly { currency: string; available_balance: { value: string }; hold?: { value: string } | undefined }[],
  accountId: AccountId,
  baseCurrency: string,
  now: Timestamp,
): AccountReport {
  return {
    accountId,
    baseCurrency,
    balances: accounts.map((account) => {
      const free = Decimal.parse(account.available_balance.value);
      const locked = Decimal.parse(account.hold?.value ?? '0');
      return { currency: account.currency, free, locked, total: free.add(locked) };
    }),
    reportedAt: now,
  };
}

/** The engine code of a create failure: the preview reason first (it is precise), then error, then failure_reason. */
export function failureCode(reasons: readonly (string | undefined)[]): ErrorCode {
  for (const reason of reasons) {
    if (reason === undefined || reason === '' || reason === 'UNKNOWN_FAILURE_REASON' || reason === 'UNKNOWN_PREVIEW_FAILURE_REASON') continue;
    const code = lookup(FAILURE_REASONS, reason);
    if (code !== undefined) return code;
  }
  return 'VENUE_REJECTED';
}

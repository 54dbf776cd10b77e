import type { Timestamp } from '../../../core/clock';
import type { AccountId } from '../../../core/identifiers';
import { TradeId, VenueOrderId } from '../../../core/identifiers';
import { Decimal } from '../../../core/money/decimal';
import { Money } from '../../../core/money/money';
import { Price } from '../../../core/money/price';
import { Quantity } from '../../../core/money/quantity';
import type { FillReport, OrderStatusReport } from '../../../core/reports';
import { isOneOf, OANDA_ORDER_STATES, ORDER_TYPE_TO_ENGINE, orderStatusOf, type OandaOrderType } from '../enums';
import { CANCEL_REASON_CODES, ORDER_CANCEL_REASONS, REJECT_REASON_CODES, TRANSACTION_REJECT_REASONS } from '../reasons';
import { type KnownOrder, reportOf } from './known-orders';
import { knownOrderFromCreate } from './transactions';
import { parseOandaTime } from './time';
import { OrderWire, readWire, TransactionWire } from './wire';

/** A decimal field of a transaction; an absent amount is zero (OANDA omits zero commissions on some accounts). */
function decimalField(transaction: TransactionWire, field: string): string {
  const value = transaction[field];
  return typeof value === 'string' ? value : '0';
}

/** Whether an order on the wire is one the engine trades (not a trade's take-profit or stop-loss). */
export function isEngineOrder(value: unknown): boolean {
  const type = (value as { type?: unknown }).type;
  return typeof type === 'string' && ORDER_TYPE_TO_ENGINE[type as OandaOrderType] !== undefined;
}

/** The fill and cancel transactions of an order, when the venue lists them (fetched by the caller). */
export interface OrderOutcome {
  readonly fill?: TransactionWire;
  readonly cancel?: TransactionWire;
}

/** An Order object (GET /orders/{specifier}) as a known order; undefined for trade-dependent orders. */
export function knownOrderFromWire(accountId: AccountId, value: unknown, outcome: OrderOutcome = {}): KnownOrder | undefined {
  const wire = readWire(OrderWire, value, 'Order');
  const asTransaction = { ...wire, type: `${wire.type}_ORDER`, time: wire.createTime } as TransactionWire;
  const known = knownOrderFromCreate(accountId, asTransaction, wire.id);
  if (known === undefined || !isOneOf(OANDA_ORDER_STATES, wire.state)) return undefined;
  if (outcome.fill !== undefined) {
    const units = Decimal.parse(decimalField(outcome.fill, 'units'));
    known.filled = Quantity.of(units.abs());
    known.filledNotional = units.abs().mul(Decimal.parse(decimalField(outcome.fill, 'price')));
  }
  const cancelReason = typeof outcome.cancel?.['reason'] === 'string' ? outcome.cancel['reason'] : undefined;
  known.status = orderStatusOf(wire.state, cancelReason, !known.filled.isZero());
  return known;
}

export function reasonOfCancel(cancel: TransactionWire | undefined): { venueReason: string; reasonCode?: string } | undefined {
  const reason = cancel?.['reason'];
  if (typeof reason !== 'string') return undefined;
  const code = isOneOf(ORDER_CANCEL_REASONS, reason) ? CANCEL_REASON_CODES[reason] : 'VENUE_REJECTED';
  return code === undefined ? { venueReason: reason } : { venueReason: reason, reasonCode: code };
}

export function rejectCodeOf(reason: string): string {
  return isOneOf(TRANSACTION_REJECT_REASONS, reason) ? REJECT_REASON_CODES[reason] : 'VENUE_REJECTED';
}

/** A 201 to POST /orders (or PUT /orders/{id}): the new order's report and its immediate fill, from the answer alone. */
export function reportFromCreateResponse(
  accountId: AccountId,
  currency: string,
  body: Record<string, unknown>,
  reportedAt: Timestamp,
): { venueOrderId: VenueOrderId; report?: OrderStatusReport; fills: FillReport[] } {
  const create = readWire(TransactionWire, body['orderCreateTransaction'], 'orderCreateTransaction') as TransactionWire;
  const known = knownOrderFromCreate(accountId, create);
  const venueOrderId = VenueOrderId.of(create.id);
  if (known === undefined) return { venueOrderId, fills: [] };
  const fills: FillReport[] = [];
  const fillValue = body['orderFillTransaction'];
  if (fillValue !== undefined) {
    const fill = readWire(TransactionWire, fillValue, 'orderFillTransaction') as TransactionWire;
    const units = Decimal.parse(decimalField(fill, 'units'));
    const price = Decimal.parse(decimalField(fill, 'price'));
    known.filled = Quantity.of(units.abs());
    known.filledNotional = units.abs().mul(price);
    fills.push({
      accountId,
      instrumentId: known.instrumentId,
      venueOrderId,
      ...(known.venueClientOrderId === undefined ? {} : { venueClientOrderId: known.venueClientOrderId }),
      tradeId: TradeId.of(fill.id),
      side: known.side,
      quantity: Quantity.of(units.abs()),
      price: Price.of(price),
      commission: Money.parse(decimalField(fill, 'commission'), currency).neg(),
      liquidity: 'taker',
      ...(typeof fill['pl'] === 'string' ? { realizedPnl: Money.parse(fill['pl'], currency) } : {}),
      occurredAt: parseOandaTime(fill.time),
    });
  }
  // A replace's answer carries the cancel of the order it replaced (orderID is the old order): only a cancel
  // of this very order (an IOC/FOK that did not fill) ends it.
  const anyCancel = body['orderCancelTransaction'] as TransactionWire | undefined;
  const cancel = anyCancel !== undefined && anyCancel['orderID'] === create.id ? anyCancel : undefined;
  const cancelReason = typeof cancel?.['reason'] === 'string' ? cancel['reason'] : undefined;
  const state = cancel !== undefined ? 'CANCELLED' : known.filled.gte(known.quantity) ? 'FILLED' : 'PENDING';
  known.status = orderStatusOf(state, cancelReason, !known.filled.isZero());
  return { venueOrderId, report: reportOf(known, reportedAt, reasonOfCancel(cancel)), fills };
}

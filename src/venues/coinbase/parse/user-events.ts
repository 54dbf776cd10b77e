import { VenueOrderId, type VenueClientOrderId } from '../../../core/identifiers';
import { Decimal } from '../../../core/money/decimal';
import { Price } from '../../../core/money/price';
import { Quantity } from '../../../core/money/quantity';
import type { OrderType, TimeInForce } from '../../../core/orders/types';
import type { OrderStatusReport } from '../../../core/reports';
import { ORDER_STATUS, SIDE, TIME_IN_FORCE } from '../enums';
import { known, parseTime, UnknownEnumError, type ReportContext } from './reports';

/** An order of the `user` channel (snapshot and update events), the fields the adapter reads. */
export interface WireUserOrder {
  readonly order_id: string;
  readonly client_order_id: string;
  readonly product_id: string;
  readonly status: string;
  readonly order_side: string;
  readonly order_type: string;
  /** Absent from the documented snapshot example: the order's known time in force is used then. */
  readonly time_in_force?: string;
  readonly cumulative_quantity: string;
  readonly leaves_quantity: string;
  readonly avg_price: string;
  readonly limit_price?: string;
  readonly stop_price?: string;
  readonly number_of_fills?: string;
  readonly creation_time: string;
  readonly trigger_status?: string;
  readonly cancel_reason?: string;
  readonly reject_reason?: string;
}

/** The user channel's order_type → engine type (a stop's direction is not on this channel: the caller's known type wins). */
const USER_ORDER_TYPE: Readonly<Record<string, OrderType>> = { MARKET: 'market', LIMIT: 'limit', STOP_LIMIT: 'stop-limit', BRACKET: 'limit', Market: 'market', Limit: 'limit' };

const positive = (text: string | undefined): Price | undefined => {
  if (text === undefined || text === '') return undefined;
  const value = Decimal.parse(text);
  return value.isZero() ? undefined : Price.of(value);
};

/**
 * A user-channel order as an engine report. `known` carries what this client already knows of the order
 * (its full quantity and exact type): the channel gives leaves 0 for a finished order, so the quantity of a
 * canceled order cannot be read from it alone.
 */
export function userOrderReport(order: WireUserOrder, context: ReportContext, knownOrder?: { quantity: Quantity; type: OrderType; timeInForce?: TimeInForce }): OrderStatusReport {
  const filled = Quantity.parse(order.cumulative_quantity === '' ? '0' : order.cumulative_quantity);
  const leaves = Quantity.parse(order.leaves_quantity === '' ? '0' : order.leaves_quantity);
  let status = known(ORDER_STATUS, 'order status', order.status);
  if (status === 'accepted' && filled.isPositive()) status = 'partially-filled';
  if (status === 'accepted' && order.trigger_status === 'STOP_TRIGGERED') status = 'triggered';
  const wireType = USER_ORDER_TYPE[order.order_type];
  if (wireType === undefined) throw new UnknownEnumError('order_type', order.order_type);
  const average = filled.isPositive() ? positive(order.avg_price) : undefined;
  const price = positive(order.limit_price);
  const trigger = positive(order.stop_price);
  const reason = order.status === 'CANCELLED' ? order.cancel_reason : order.status === 'FAILED' ? order.reject_reason : undefined;
  return {
    accountId: context.accountId,
    instrumentId: context.instrumentId,
    venueOrderId: VenueOrderId.of(order.order_id),
    ...(order.client_order_id === '' ? {} : { venueClientOrderId: order.client_order_id as VenueClientOrderId }),
    side: known(SIDE, 'side', order.order_side),
    type: knownOrder?.type ?? wireType,
    timeInForce: order.time_in_force === undefined ? (knownOrder?.timeInForce ?? known(TIME_IN_FORCE, 'time_in_force', '')) : known(TIME_IN_FORCE, 'time_in_force', order.time_in_force),
    status,
    quantity: knownOrder?.quantity ?? Quantity.of(filled.add(leaves)),
    filledQuantity: filled,
    reportedAt: context.now,
    ...(average === undefined ? {} : { averageFillPrice: average }),
    ...(price === undefined ? {} : { price }),
    ...(trigger === undefined ? {} : { triggerPrice: trigger }),
    ...(reason === undefined || reason === '' ? {} : { venueReason: reason }),
  };
}

export { parseTime };

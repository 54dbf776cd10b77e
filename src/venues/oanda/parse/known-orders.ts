import type { Timestamp } from '../../../core/clock';
import type { AccountId, InstrumentId, VenueClientOrderId, VenueOrderId } from '../../../core/identifiers';
import type { Decimal } from '../../../core/money/decimal';
import { Price } from '../../../core/money/price';
import { Quantity } from '../../../core/money/quantity';
import type { OrderStatus } from '../../../core/orders/status';
import type { OrderSide, OrderType, TimeInForce } from '../../../core/orders/types';
import type { OrderStatusReport } from '../../../core/reports';

/** What the adapter remembers of an order it has seen created, so that later transactions (fill, cancel) report in full. */
export interface KnownOrder {
  readonly accountId: AccountId;
  readonly instrumentId: InstrumentId;
  readonly venueOrderId: VenueOrderId;
  readonly venueClientOrderId?: VenueClientOrderId;
  readonly side: OrderSide;
  readonly type: OrderType;
  readonly timeInForce: TimeInForce;
  readonly quantity: Quantity;
  filled: Quantity;
  /** Sum of price × units over fills, for the average fill price. */
  filledNotional: Decimal;
  status: OrderStatus;
  readonly price?: Price;
  readonly triggerPrice?: Price;
}

/** Orders remembered before finished ones are forgotten, so that a long-running adapter stays flat in memory. */
const CAPACITY = 20_000;
const FINISHED = new Set(['filled', 'canceled', 'expired', 'rejected', 'denied']);

export class KnownOrders {
  private readonly byId = new Map<string, KnownOrder>();
  private readonly byClientId = new Map<string, KnownOrder>();

  remember(order: KnownOrder): void {
    if (this.byId.size >= CAPACITY) this.forgetFinished();
    this.byId.set(`${order.accountId}/${order.venueOrderId}`, order);
    if (order.venueClientOrderId !== undefined) this.byClientId.set(`${order.accountId}/${order.venueClientOrderId}`, order);
  }

  get size(): number {
    return this.byId.size;
  }

  /** Drops finished orders, oldest first, down to half the capacity; a later line about one is looked up over REST. */
  private forgetFinished(): void {
    for (const [key, order] of this.byId) {
      if (this.byId.size < CAPACITY / 2) break;
      if (!FINISHED.has(order.status)) continue;
      this.byId.delete(key);
      if (order.venueClientOrderId !== undefined) this.byClientId.delete(`${order.accountId}/${order.venueClientOrderId}`);
    }
  }

  get(accountId: AccountId, venueOrderId: string): KnownOrder | undefined {
    return this.byId.get(`${accountId}/${venueOrderId}`);
  }

  byClient(accountId: AccountId, venueClientOrderId: string): KnownOrder | undefined {
    return this.byClientId.get(`${accountId}/${venueClientOrderId}`);
  }

  /** Applies a fill (each fill transaction reaches here once: the sequencer dedupes by transaction id). */
  applyFill(order: KnownOrder, units: Decimal, price: Decimal): void {
    order.filled = Quantity.of(order.filled.add(units.abs()));
    order.filledNotional = order.filledNotional.add(units.abs().mul(price));
    order.status = order.filled.gte(order.quantity) ? 'filled' : 'partially-filled';
  }
}

export function reportOf(order: KnownOrder, reportedAt: Timestamp, reason?: { venueReason: string; reasonCode?: string }): OrderStatusReport {
  const average = order.filled.isZero()
    ? undefined
    : Price.of(order.filledNotional.div(order.filled, Math.max(order.filledNotional.scale, 5), 'half-even').normalize());
  return {
    accountId: order.accountId,
    instrumentId: order.instrumentId,
    venueOrderId: order.venueOrderId,
    ...(order.venueClientOrderId === undefined ? {} : { venueClientOrderId: order.venueClientOrderId }),
    side: order.side,
    type: order.type,
    timeInForce: order.timeInForce,
    status: order.status,
    quantity: order.quantity,
    filledQuantity: order.filled,
    ...(average === undefined ? {} : { averageFillPrice: average }),
    ...(order.price === undefined ? {} : { price: order.price }),
    ...(order.triggerPrice === undefined ? {} : { triggerPrice: order.triggerPrice }),
    ...(reason === undefined ? {} : { venueReason: reason.venueReason }),
    ...(reason?.reasonCode === undefined ? {} : { reasonCode: reason.reasonCode }),
    reportedAt,
  };
}

import type { OrderEvent, OrderFilled } from '../events/order-events';
import type { VenueClientOrderId, VenueOrderId } from '../identifiers';
import { TmtError } from '../errors/tmt-error';
import { Decimal } from '../money/decimal';
import type { Money } from '../money/money';
import type { Price } from '../money/price';
import { Quantity } from '../money/quantity';
import { isOpen, isTerminal, type OrderStatus } from './status';
import { findTransition } from './transitions';
import type { OrderRequest } from './types';

/** What applying an event did: a duplicate fill (same trade id) changes nothing. */
export type ApplyOutcome = 'applied' | 'duplicate';

/** Scale kept for the average fill price: more than any venue's tick, so the average stays exact enough. */
const AVERAGE_PRICE_SCALE = 12;

/**
 * An order's state is the fold of its events. `apply` is the only way to change it, and every change goes
 * through the transition table. Mutable on purpose: it sits on the fill path (p99 budget of microseconds).
 */
export class Order {
  status: OrderStatus = 'initialized';
  quantity: Quantity;
  price: Price | undefined;
  triggerPrice: Price | undefined;
  filledQuantity: Quantity = Quantity.ZERO;
  averageFillPrice: Decimal | undefined;
  venueOrderId: VenueOrderId | undefined;
  venueClientOrderId: VenueClientOrderId | undefined;
  /** Venue order ids this engine order has had (a cancel/replace adds one). */
  readonly venueOrderIds: VenueOrderId[] = [];
  readonly commissions = new Map<string, Money>();
  readonly tradeIds = new Set<string>();
  readonly events: OrderEvent[] = [];
  /** Code and reason of the denial, rejection or cancel that ended the order. */
  closingCode: string | undefined;
  closingReason: string | undefined;
  /** Set when the last transition used one of the table's unusual edges. */
  lastEdgeReason: string | undefined;
  private statusBeforePending: OrderStatus | undefined;

  private constructor(readonly request: OrderRequest) {
    this.quantity = request.quantity;
    this.price = request.price;
    this.triggerPrice = request.triggerPrice;
  }

  static fromEvents(events: readonly OrderEvent[]): Order {
    const first = events[0];
    if (first?.type !== 'OrderInitialized') {
      throw new TmtError('OMS_INVALID_TRANSITION', 'an order history must start with OrderInitialized');
    }
    const order = new Order(first.request);
    order.events.push(first);
    for (let i = 1; i < events.length; i++) order.apply(events[i] as OrderEvent);
    return order;
  }

  get clientOrderId() {
    return this.request.clientOrderId;
  }

  get leavesQuantity(): Quantity {
    return Quantity.of(this.quantity.sub(this.filledQuantity).max(Decimal.ZERO));
  }

  isOpen(): boolean {
    return isOpen(this.status);
  }

  isTerminal(): boolean {
    return isTerminal(this.status);
  }

  apply(event: OrderEvent): ApplyOutcome {
    if (event.type === 'OrderInitialized') {
      throw new TmtError('OMS_INVALID_TRANSITION', `order ${this.clientOrderId} is already initialized`);
    }
    if (event.type === 'OrderFilled' && this.tradeIds.has(event.tradeId)) return 'duplicate';
    const transition = findTransition(this.status, event.type);
    if (transition === undefined) {
      throw new TmtError(
        'OMS_INVALID_TRANSITION',
        `order ${this.clientOrderId}: ${event.type} is not allowed in status ${this.status}`,
        { details: { from: this.status, event: event.type } },
      );
    }
    if (event.type === 'OrderFilled') this.checkFill(event);
    if (event.type === 'OrderUpdated' && event.quantity !== undefined && event.quantity.lt(this.filledQuantity)) {
      throw new TmtError(
        'OMS_INVALID_TRANSITION',
        `order ${this.clientOrderId}: quantity ${event.quantity.toString()} is below the filled ${this.filledQuantity.toString()}`,
        { details: { quantity: event.quantity.toString(), filled: this.filledQuantity.toString() } },
      );
    }

    const from = this.status;
    this.updateFields(event);
    switch (transition.to) {
      case 'same':
        break;
      case 'previous':
        this.status = this.statusBeforePending ?? 'accepted';
        this.statusBeforePending = undefined;
        break;
      case 'fill':
        this.status = this.filledQuantity.gte(this.quantity) ? 'filled' : 'partially-filled';
        break;
      case 'pending-update':
      case 'pending-cancel':
        if (from !== 'pending-update' && from !== 'pending-cancel') this.statusBeforePending = from;
        this.status = transition.to;
        break;
      default:
        this.status = transition.to;
    }
    // An amendment down to exactly the filled quantity leaves nothing to trade: the order is filled.
    if (event.type === 'OrderUpdated' && this.filledQuantity.isPositive() && this.filledQuantity.gte(this.quantity)) {
      this.status = 'filled';
    }
    this.lastEdgeReason = transition.reason;
    this.events.push(event);
    return 'applied';
  }

  private checkFill(event: OrderFilled): void {
    if (!event.lastQuantity.isPositive()) {
      throw new TmtError('OMS_INVALID_TRANSITION', `fill ${event.tradeId} has a non-positive quantity`);
    }
    const after = this.filledQuantity.add(event.lastQuantity);
    if (after.gt(this.quantity)) {
      throw new TmtError(
        'OMS_OVERFILL',
        `order ${this.clientOrderId}: fill ${event.tradeId} of ${event.lastQuantity.toString()} would fill ${after.toString()} of ${this.quantity.toString()}`,
        { details: { quantity: this.quantity.toString(), filled: this.filledQuantity.toString(), fill: event.lastQuantity.toString() } },
      );
    }
  }

  private updateFields(event: OrderEvent): void {
    switch (event.type) {
      case 'OrderSubmitted':
        this.venueClientOrderId = event.venueClientOrderId;
        break;
      case 'OrderAccepted':
        this.setVenueOrderId(event.venueOrderId);
        break;
      case 'OrderUpdated':
        if (event.quantity !== undefined) this.quantity = event.quantity;
        if (event.price !== undefined) this.price = event.price;
        if (event.triggerPrice !== undefined) this.triggerPrice = event.triggerPrice;
        if (event.venueOrderId !== undefined) this.setVenueOrderId(event.venueOrderId);
        if (event.venueClientOrderId !== undefined) this.venueClientOrderId = event.venueClientOrderId;
        break;
      case 'OrderFilled': {
        const previousNotional = (this.averageFillPrice ?? Decimal.ZERO).mul(this.filledQuantity);
        this.filledQuantity = Quantity.of(this.filledQuantity.add(event.lastQuantity));
        this.averageFillPrice = previousNotional
          .add(event.lastPrice.mul(event.lastQuantity))
          .div(this.filledQuantity, AVERAGE_PRICE_SCALE, 'half-even')
          .normalize();
        this.tradeIds.add(event.tradeId);
        const paid = this.commissions.get(event.commission.currency);
        this.commissions.set(event.commission.currency, paid === undefined ? event.commission : paid.add(event.commission));
        this.setVenueOrderId(event.venueOrderId);
        break;
      }
      case 'OrderDenied':
      case 'OrderRejected':
        this.closingCode = event.code;
        this.closingReason = event.reason;
        break;
      case 'OrderCanceled':
        this.closingCode = event.code;
        this.closingReason = event.reason;
        break;
      case 'OrderTriggered':
        if (event.triggerPrice !== undefined) this.triggerPrice = event.triggerPrice;
        break;
      case 'OrderInitialized':
      case 'OrderOutcomeUnknown':
      case 'OrderPendingUpdate':
      case 'OrderPendingCancel':
      case 'OrderModifyRejected':
      case 'OrderCancelRejected':
      case 'OrderExpired':
        break;
    }
  }

  private setVenueOrderId(id: VenueOrderId): void {
    if (this.venueOrderId === id) return;
    this.venueOrderId = id;
    if (!this.venueOrderIds.includes(id)) this.venueOrderIds.push(id);
  }
}

export function createOrder(initialized: Extract<OrderEvent, { type: 'OrderInitialized' }>): Order {
  return Order.fromEvents([initialized]);
}

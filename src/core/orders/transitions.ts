import type { OrderEventType } from '../events/order-events';
import type { OrderStatus } from './status';

/**
 * Where an event takes an order:
 * - a status: go there;
 * - 'fill': partially-filled or filled, by the quantities;
 * - 'previous': back to the status held before the pending-update/pending-cancel (a modify or cancel refused);
 * - 'same': stay (an update that changes fields, a late fact on a terminal order).
 */
export type TransitionTarget = OrderStatus | 'fill' | 'previous' | 'same';

export interface Transition {
  readonly to: TransitionTarget;
  /** Set on the unusual but real edges: why the venue can legitimately produce this. */
  readonly reason?: string;
}

const t = (to: TransitionTarget, reason?: string): Transition =>
  reason === undefined ? { to } : { to, reason };

const LIVE_EXITS = {
  OrderTriggered: t('triggered'),
  OrderPendingUpdate: t('pending-update'),
  OrderPendingCancel: t('pending-cancel'),
  OrderUpdated: t('same'),
  OrderFilled: t('fill'),
  OrderCanceled: t('canceled'),
  OrderExpired: t('expired'),
  OrderOutcomeUnknown: t('unknown', 'a modify or cancel whose answer was lost leaves the order in doubt'),
} as const;

/** The one table that owns order status. Anything not listed is an error (OMS_INVALID_TRANSITION). */
export const ORDER_TRANSITIONS: Readonly<Record<OrderStatus, Partial<Record<OrderEventType, Transition>>>> = {
  initialized: {
    OrderDenied: t('denied'),
    OrderSubmitted: t('submitted'),
    // Emulated orders wait in the engine: released to the venue only when triggered.
    OrderTriggered: t('triggered'),
    OrderCanceled: t('canceled'),
    OrderExpired: t('expired'),
    OrderUpdated: t('same'),
  },
  denied: {},
  submitted: {
    OrderAccepted: t('accepted'),
    OrderRejected: t('rejected'),
    OrderOutcomeUnknown: t('unknown'),
    OrderFilled: t('fill', 'an immediate fill may be reported before the acknowledgement'),
    OrderCanceled: t('canceled', 'an IOC/FOK can be canceled before its acknowledgement arrives'),
    OrderExpired: t('expired'),
    OrderTriggered: t('triggered'),
    OrderPendingCancel: t('pending-cancel', 'a cancel may be requested before the acknowledgement'),
    OrderUpdated: t('same'),
  },
  accepted: {
    ...LIVE_EXITS,
    OrderAccepted: t('same', 'a venue may acknowledge twice (REST answer and stream)'),
  },
  rejected: {
    // The venue is the truth for its orders: a fill is applied, never dropped, and raises a drift alert.
    OrderFilled: t(
      'fill',
      'a request still queued or in flight when a lookup found nothing reached the venue later and filled',
    ),
  },
  triggered: {
    ...LIVE_EXITS,
    OrderTriggered: t('same'),
    OrderAccepted: t('same'),
    OrderSubmitted: t('submitted', 'an emulated order is sent to the venue once the engine has triggered it'),
  },
  'pending-update': {
    OrderUpdated: t('previous'),
    OrderModifyRejected: t('previous'),
    OrderAccepted: t('previous', 'a cancel/replace acknowledges the replacement order'),
    OrderFilled: t('fill', 'a fill can race the modify'),
    OrderCanceled: t('canceled'),
    OrderExpired: t('expired'),
    OrderPendingCancel: t('pending-cancel'),
    OrderTriggered: t('same'),
    OrderOutcomeUnknown: t('unknown'),
  },
  'pending-cancel': {
    OrderCanceled: t('canceled'),
    OrderRejected: t(
      'rejected',
      'a cancel requested before the acknowledgement; the venue then refused the order itself',
    ),
    OrderCancelRejected: t('previous'),
    OrderFilled: t('fill', 'a fill can happen after a cancel was requested and before it took effect'),
    OrderExpired: t('expired'),
    OrderAccepted: t('same', 'a late acknowledgement of the original order'),
    OrderUpdated: t('same'),
    OrderPendingCancel: t('same'),
    OrderTriggered: t('same'),
    OrderOutcomeUnknown: t('unknown'),
  },
  'partially-filled': { ...LIVE_EXITS, OrderAccepted: t('same') },
  filled: {
    OrderFilled: t('same', 'only a duplicate of a fill already counted; the fill itself is ignored'),
  },
  canceled: {
    OrderFilled: t('same', 'a fill that happened before the cancel can be reported after it'),
    OrderCanceled: t('same', 'the REST answer and the stream both report the cancel'),
  },
  expired: {
    OrderFilled: t('same', 'a fill that happened before expiry can be reported after it'),
    OrderExpired: t('same'),
  },
  unknown: {
    OrderAccepted: t('accepted'),
    OrderRejected: t('rejected'),
    OrderFilled: t('fill'),
    OrderCanceled: t('canceled'),
    OrderExpired: t('expired'),
    OrderTriggered: t('triggered'),
    OrderUpdated: t('same'),
    OrderOutcomeUnknown: t('same'),
    OrderPendingCancel: t('pending-cancel', 'the kill switch cancels orders in doubt too'),
  },
};

export function findTransition(from: OrderStatus, event: OrderEventType): Transition | undefined {
  return ORDER_TRANSITIONS[from][event];
}

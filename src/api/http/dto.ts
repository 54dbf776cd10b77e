import type { OrderView, SubmitOutcome } from '../../engine/trading-engine';

/**
 * Wire shapes. Decimals and Money serialize through their own toJSON (strings), so the objects below are
 * handed to JSON.stringify as they are; only Order, a mutable class with Maps and Sets, needs flattening.
 */
export function orderDto(view: OrderView, withEvents = false): Record<string, unknown> {
  const { order } = view;
  const request = order.request;
  const first = order.events[0];
  const last = order.events[order.events.length - 1];
  return {
    clientOrderId: request.clientOrderId,
    accountId: request.accountId,
    instrumentId: request.instrumentId,
    side: request.side,
    type: request.type,
    timeInForce: request.timeInForce,
    status: view.status,
    emulated: view.emulated,
    quantity: order.quantity,
    filledQuantity: order.filledQuantity,
    leavesQuantity: order.leavesQuantity,
    price: order.price,
    triggerPrice: order.triggerPrice,
    averageFillPrice: order.averageFillPrice,
    trailingOffset: request.trailingOffset,
    expireAt: request.expireAt,
    postOnly: request.postOnly,
    reduceOnly: request.reduceOnly,
    displayQuantity: request.displayQuantity,
    attached: request.attached,
    contingency: request.contingency,
    tag: request.tag,
    venueOrderId: order.venueOrderId,
    commissions: [...order.commissions.values()],
    closingCode: order.closingCode,
    closingReason: order.closingReason,
    createdAt: first?.occurredAt,
    updatedAt: last?.recordedAt,
    ...(withEvents ? { events: order.events } : {}),
  };
}

export function submitOutcomeDto(outcome: SubmitOutcome): Record<string, unknown> {
  if (outcome.status === 'accepted') {
    return { status: 'accepted', existing: outcome.existing, order: orderDto(outcome.order) };
  }
  const { denial } = outcome;
  // Same top-level shape as a validation error ({code, message, field}), so a client reads both one way.
  const field = denial.details.field;
  return {
    status: 'denied',
    code: denial.code,
    message: denial.reason,
    ...(field === undefined ? {} : { field }),
    details: denial.details,
    order: orderDto(outcome.order),
  };
}

/** Several orders sent as one intent (a list, a close): accepted only when every one of them is. */
export function allAccepted(outcomes: readonly SubmitOutcome[]): boolean {
  return outcomes.every((o) => o.status === 'accepted');
}

const SIBLING_DENIAL = 'another order of the list was denied';

/**
 * A denied list leads with the first denial, its field named `orders.N.field`, so a client reads a list
 * error the way it reads a single order's; each order's own outcome follows.
 */
export function outcomesDto(outcomes: readonly SubmitOutcome[]): Record<string, unknown> {
  const orders = outcomes.map(submitOutcomeDto);
  // The engine denies every order of a list when one fails, the others with a reason that points to it:
  // lead with the order that broke the rule.
  const own = outcomes.findIndex(
    (o) => o.status === 'denied' && !o.denial.reason.startsWith(SIBLING_DENIAL),
  );
  const index = own >= 0 ? own : outcomes.findIndex((o) => o.status === 'denied');
  const first = outcomes[index];
  if (first === undefined || first.status !== 'denied') return { status: 'accepted', orders };
  const field = first.denial.details.field;
  return {
    status: 'denied',
    code: first.denial.code,
    message: `orders.${index}: ${first.denial.reason}`,
    ...(field === undefined ? {} : { field: `orders.${index}.${field}` }),
    orders,
  };
}

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

export function outcomesDto(outcomes: readonly SubmitOutcome[]): Record<string, unknown> {
  return { status: allAccepted(outcomes) ? 'accepted' : 'denied', orders: outcomes.map(submitOutcomeDto) };
}

import type { OrderRequest, VenueCapabilities, VenueOrderSubmission } from '../../core';
import type { SimOrderRequest } from '../matching';

/** Why the paper venue refuses a request outright (something it does not declare), or undefined. */
export function unsupportedReason(request: OrderRequest, capabilities: VenueCapabilities): string | undefined {
  if (!capabilities.orderTypes.includes(request.type)) return `order type ${request.type} is not supported`;
  const allowed = capabilities.timeInForce[request.type] ?? [];
  if (!allowed.includes(request.timeInForce)) return `time in force ${request.timeInForce} is not supported for ${request.type} orders (allowed: ${allowed.join(', ')})`;
  if (request.reduceOnly && !capabilities.reduceOnly) return 'reduce-only is not supported';
  if (request.attached !== undefined) return 'attached stop-loss / take-profit orders are not supported';
  if (request.contingency !== undefined) return 'order lists are not supported';
  if (request.quoteQuantity !== undefined) return 'quote-quantity market orders are not supported';
  return undefined;
}

/** The venue-side request: the matching engine keys orders by the venue client id. */
export function toSimRequest(submission: VenueOrderSubmission): SimOrderRequest {
  const r = submission.request;
  return {
    accountId: r.accountId,
    instrumentId: r.instrumentId,
    clientOrderId: submission.venueClientOrderId,
    side: r.side,
    type: r.type,
    quantity: r.quantity,
    timeInForce: r.timeInForce,
    postOnly: r.postOnly,
    reduceOnly: r.reduceOnly,
    ...(r.price === undefined ? {} : { price: r.price }),
    ...(r.triggerPrice === undefined ? {} : { triggerPrice: r.triggerPrice }),
    ...(r.trailingOffset === undefined ? {} : { trailingOffset: r.trailingOffset }),
    ...(r.expireAt === undefined ? {} : { expireAt: r.expireAt }),
    ...(r.displayQuantity === undefined ? {} : { displayQuantity: r.displayQuantity }),
    ...(r.tag === undefined ? {} : { tag: r.tag }),
  };
}

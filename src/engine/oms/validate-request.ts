import type { Clock, ErrorCode, OrderRequest } from '../../core';
import { requiresPrice, requiresTrigger } from '../../core';

export interface RequestProblem {
  readonly code: ErrorCode;
  readonly field: string;
  readonly reason: string;
  readonly details: Readonly<Record<string, string>>;
}

/**
 * Structural checks that need no instrument or account: what makes an order meaningless whatever the
 * limits. Instrument rules (tick, lot, bounds, notional) and limits are the risk engine's.
 */
export function validateRequest(request: OrderRequest, clock: Clock): RequestProblem | undefined {
  if (!request.quantity.isPositive()) {
    return problem('RISK_INVALID_QUANTITY', 'quantity', 'quantity must be positive', {
      found: request.quantity.toString(),
    });
  }
  if (requiresPrice(request.type) && request.price === undefined) {
    return problem('RISK_PRICE_REQUIRED', 'price', `a ${request.type} order needs a price`, {
      type: request.type,
    });
  }
  if (requiresTrigger(request.type) && request.triggerPrice === undefined) {
    return problem('RISK_TRIGGER_REQUIRED', 'triggerPrice', `a ${request.type} order needs a trigger price`, {
      type: request.type,
    });
  }
  if (request.type === 'trailing-stop' && request.trailingOffset === undefined) {
    return problem(
      'RISK_TRIGGER_REQUIRED',
      'trailingOffset',
      'a trailing-stop order needs a trailing offset',
      { type: request.type },
    );
  }
  if (request.trailingOffset !== undefined && !request.trailingOffset.value.isPositive()) {
    return problem(
      'RISK_TRAILING_OFFSET_OUT_OF_BOUNDS',
      'trailingOffset',
      'the trailing offset must be positive',
      {
        found: request.trailingOffset.value.toString(),
      },
    );
  }
  if (request.timeInForce === 'GTD') {
    if (request.expireAt === undefined)
      return problem('RISK_EXPIRY_REQUIRED', 'expireAt', 'GTD needs expireAt', {});
    const now = clock.now();
    if (request.expireAt <= now) {
      return problem('RISK_EXPIRY_IN_PAST', 'expireAt', 'expireAt must be in the future', {
        found: String(request.expireAt),
        now: String(now),
      });
    }
  }
  if (request.displayQuantity !== undefined && request.displayQuantity.gt(request.quantity)) {
    return problem(
      'RISK_INVALID_QUANTITY',
      'displayQuantity',
      'the display quantity must not exceed the quantity',
      {
        found: request.displayQuantity.toString(),
        limit: request.quantity.toString(),
      },
    );
  }
  return undefined;
}

function problem(
  code: ErrorCode,
  field: string,
  reason: string,
  details: Record<string, string>,
): RequestProblem {
  return { code, field, reason, details: { rule: code, field, ...details } };
}

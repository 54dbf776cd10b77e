import type { ErrorCode, OrderDenied, OrderRequest, Timestamp } from '../../core';
import type { RiskDenial } from './types';

/** A denial: the code names the rule, `field` the order field, details the exact figures (strings). */
export function deny(
  code: ErrorCode,
  reason: string,
  details: Record<string, string>,
  field?: string,
): RiskDenial {
  return field === undefined
    ? { allowed: false, code, reason, details }
    : { allowed: false, code, reason, field, details: { field, ...details } };
}

/** The OrderDenied event for a denial, ready to journal and publish. */
export function deniedEvent(
  request: OrderRequest,
  denial: RiskDenial,
  eventId: string,
  now: Timestamp,
): OrderDenied {
  return {
    type: 'OrderDenied',
    eventId,
    clientOrderId: request.clientOrderId,
    accountId: request.accountId,
    instrumentId: request.instrumentId,
    occurredAt: now,
    recordedAt: now,
    code: denial.code,
    reason: denial.reason,
    details: denial.details,
  };
}

import { Decimal, TmtError } from '../../core';
import type { AlgoSpec, ParentAmendment, RouteSpec } from './types';

const PARENT_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,47}$/;

function invalid(field: string, rule: string, found: string): never {
  throw new TmtError('OMS_INVALID_REQUEST', `${field} must ${rule}, found ${found}`, { field });
}

function positive(field: string, value: Decimal | undefined): void {
  if (value !== undefined && !value.isPositive()) invalid(field, 'be positive', value.toString());
}

/** Checks an algo spec; the error names the field and the rule. */
export function validateAlgoSpec(spec: AlgoSpec): void {
  // 48 characters leave room for the child suffix inside the engine's 64-character client id.
  if (!PARENT_ID.test(spec.parentId)) invalid('parentId', 'be 1-48 of [A-Za-z0-9._-]', JSON.stringify(spec.parentId));
  positive('quantity', spec.quantity);
  positive('limitPrice', spec.limitPrice);
  if (spec.kind === 'iceberg') {
    positive('displayQuantity', spec.displayQuantity);
    if (spec.displayQuantity.gt(spec.quantity)) invalid('displayQuantity', 'not exceed quantity', spec.displayQuantity.toString());
    return;
  }
  if (spec.kind === 'route') return validateRoute(spec);
  if (spec.kind === 'vwap') {
    if (spec.profile.length < 1 || spec.profile.length > 10_000) invalid('profile', 'have 1..10000 buckets', String(spec.profile.length));
    spec.profile.forEach((weight, index) => {
      if (weight.isNegative()) invalid(`profile[${index}]`, 'not be negative', weight.toString());
    });
    if (!spec.profile.some((weight) => weight.isPositive())) invalid('profile', 'have a positive weight', 'all zero');
    positive('expectedVolume', spec.expectedVolume);
    const deviation = spec.maxDeviation;
    if (deviation !== undefined && (deviation.isNegative() || deviation.gt(Decimal.ONE))) invalid('maxDeviation', 'be in [0, 1]', deviation.toString());
  } else if (!Number.isInteger(spec.slices) || spec.slices < 1 || spec.slices > 10_000) invalid('slices', 'be an integer 1..10000', String(spec.slices));
  if (!(spec.endAt > spec.startAt)) invalid('endAt', 'be after startAt', String(spec.endAt));
  positive('minChildQuantity', spec.minChildQuantity);
  positive('maxChildQuantity', spec.maxChildQuantity);
  if (spec.minChildQuantity !== undefined && spec.maxChildQuantity !== undefined && spec.minChildQuantity.gt(spec.maxChildQuantity))
    invalid('minChildQuantity', 'not exceed maxChildQuantity', spec.minChildQuantity.toString());
  const cap = spec.participationCap;
  if (cap !== undefined && (!cap.isPositive() || cap.gt(Decimal.ONE)))
    invalid('participationCap', 'be in (0, 1]', cap.toString());
  const random = spec.kind === 'twap' ? spec.randomisation : undefined;
  if (random !== undefined) {
    for (const [field, value] of [['randomisation.sizeFraction', random.sizeFraction], ['randomisation.timingFraction', random.timingFraction]] as const)
      if (value.isNegative() || value.gt(Decimal.ONE)) invalid(field, 'be in [0, 1]', value.toString());
    if (!Number.isInteger(random.seed)) invalid('randomisation.seed', 'be an integer', String(random.seed));
  }
}

export function validateAmendment(spec: AlgoSpec, amendment: ParentAmendment, filled: Decimal): void {
  if (amendment.quantity !== undefined && amendment.quantity.lt(filled))
    invalid('quantity', `not be below the filled quantity ${filled.toString()}`, amendment.quantity.toString());
  positive('limitPrice', amendment.limitPrice);
  if (amendment.endAt !== undefined && (spec.kind === 'iceberg' || (spec.kind !== 'route' && amendment.endAt <= spec.startAt)))
    invalid('endAt', 'apply to a TWAP, VWAP or route and be after its startAt', String(amendment.endAt));
}

function validateRoute(spec: RouteSpec): void {
  if (spec.legs.length < 1 || spec.legs.length > 16) invalid('legs', 'have 1..16 venues', String(spec.legs.length));
  const seen = new Set<string>();
  spec.legs.forEach((leg, index) => {
    if (seen.has(leg.instrumentId)) invalid(`legs[${index}].instrumentId`, 'be listed once', leg.instrumentId);
    seen.add(leg.instrumentId);
    if (!leg.quoteRate.isPositive()) invalid(`legs[${index}].quoteRate`, 'be positive', leg.quoteRate.toString());
    if (leg.takerFeeRate.isNegative() || !leg.takerFeeRate.lt(Decimal.ONE)) invalid(`legs[${index}].takerFeeRate`, 'be in [0, 1)', leg.takerFeeRate.toString());
  });
  if (!spec.legs.some((leg) => leg.instrumentId === spec.instrumentId && leg.accountId === spec.accountId))
    invalid('instrumentId', 'name one of the legs (the reference leg)', spec.instrumentId);
}

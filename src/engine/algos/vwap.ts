import { Decimal, Quantity, type Price, type Timestamp } from '../../core';
import type { ScheduledSlice, VwapSpec } from './types';

/** What the parent holds now (as for TWAP): fills, commitments and the market volume since the start. */
export interface VwapState {
  readonly now: Timestamp;
  readonly committed: Decimal;
  readonly openChildren: number;
  readonly nextIndex: number;
  readonly marketVolume: Decimal;
  readonly sizeIncrement: Decimal;
  readonly minQuantity: Decimal;
}

export type VwapDecision =
  | { readonly kind: 'wait'; readonly reason: string }
  | { readonly kind: 'child'; readonly index: number; readonly quantity: Quantity; readonly price?: Price; readonly final: boolean }
  | { readonly kind: 'finish'; readonly status: 'completed' | 'expired' };

const SCALE = 12;
const DEFAULT_DEVIATION = Decimal.parse('0.1');

/** The bucket the clock is in (0..n-1); a bucket is due from its start, like a TWAP slice. */
export function vwapBucket(spec: VwapSpec, now: Timestamp): number {
  const n = spec.profile.length;
  if (now < spec.startAt) return -1;
  // Integer milliseconds, not money: the bucket is floor(elapsed * n / window).
  return Math.min(n - 1, Math.floor(((now - spec.startAt) * n) / (spec.endAt - spec.startAt)));
}

export function vwapBucketStart(spec: VwapSpec, bucket: number): Timestamp {
  return spec.startAt + Math.floor(((spec.endAt - spec.startAt) * bucket) / spec.profile.length);
}

/** The fraction of the quantity the profile targets once `bucket` is due (the last bucket targets all of it). */
export function vwapProfileFraction(spec: VwapSpec, bucket: number): Decimal {
  if (bucket < 0) return Decimal.ZERO;
  if (bucket >= spec.profile.length - 1) return Decimal.ONE;
  let total = Decimal.ZERO;
  let upTo = Decimal.ZERO;
  spec.profile.forEach((weight, index) => {
    total = total.add(weight);
    if (index <= bucket) upTo = upTo.add(weight);
  });
  return total.isZero() ? Decimal.ONE : upTo.div(total, SCALE, 'down');
}

/**
 * The cumulative target now: the profile's, moved toward the actual volume (quantity x traded / expected) when
 * an expected volume is known, by at most maxDeviation of the quantity either way, and within [0, quantity].
 */
export function vwapTarget(spec: VwapSpec, now: Timestamp, marketVolume: Decimal): Decimal {
  const scheduled = spec.quantity.mul(vwapProfileFraction(spec, vwapBucket(spec, now)));
  let target = scheduled;
  if (spec.expectedVolume !== undefined && spec.expectedVolume.isPositive()) {
    const byVolume = spec.quantity.mul(marketVolume.div(spec.expectedVolume, SCALE, 'down').min(Decimal.ONE));
    const band = spec.quantity.mul(spec.maxDeviation ?? DEFAULT_DEVIATION);
    target = byVolume.max(scheduled.sub(band)).min(scheduled.add(band));
  }
  return target.max(Decimal.ZERO).min(spec.quantity).normalize();
}

export function vwapSchedule(spec: VwapSpec): ScheduledSlice[] {
  return spec.profile.map((_, index) => ({
    index,
    dueAt: vwapBucketStart(spec, index),
    cumulativeTarget: Quantity.of(spec.quantity.mul(vwapProfileFraction(spec, index)).normalize()),
  }));
}

/** The next step of a VWAP: pure, so a schedule can be checked on a manual clock and replayed after a crash. */
export function nextVwapDecision(spec: VwapSpec, state: VwapState): VwapDecision {
  const remaining = spec.quantity.sub(state.committed);
  if (state.openChildren > 0) return { kind: 'wait', reason: 'a child is still working' };
  if (!remaining.isPositive()) return { kind: 'finish', status: 'completed' };
  const limit = spec.limitPrice ? { price: spec.limitPrice } : {};
  if (state.now >= spec.endAt) {
    if (spec.onEnd === 'leave') return { kind: 'finish', status: 'expired' };
    const quantity = Quantity.roundToLot(remaining, state.sizeIncrement);
    if (quantity.isZero() || quantity.lt(state.minQuantity)) return { kind: 'finish', status: 'expired' };
    return { kind: 'child', index: state.nextIndex, quantity, ...limit, final: true };
  }
  if (state.now < spec.startAt) return { kind: 'wait', reason: 'before the start' };
  let quantity = vwapTarget(spec, state.now, state.marketVolume).sub(state.committed);
  if (spec.maxChildQuantity !== undefined) quantity = quantity.min(spec.maxChildQuantity);
  if (spec.participationCap !== undefined) quantity = quantity.min(state.marketVolume.mul(spec.participationCap).sub(state.committed));
  quantity = quantity.min(remaining);
  const minimum = spec.minChildQuantity?.max(state.minQuantity) ?? state.minQuantity;
  const lot = Quantity.roundToLot(quantity.max(Decimal.ZERO), state.sizeIncrement);
  if (lot.isZero() || (lot.lt(minimum) && lot.lt(remaining))) return { kind: 'wait', reason: 'on schedule, below the minimum child or the participation cap' };
  return { kind: 'child', index: state.nextIndex, quantity: lot, ...limit, final: false };
}

/** A recorded volume sample: a trade print or a bar's volume at its open time. */
export interface VolumeSample {
  readonly at: Timestamp;
  readonly quantity: Decimal;
}

/**
 * A profile from recorded volume (trade prints or candle volume): each sample is placed by its time within the
 * period (a day by default) into the bucket of the window covering the same time of the period; the expected
 * volume is the window's volume per period observed.
 */
export function vwapProfileFromVolume(
  samples: readonly VolumeSample[],
  window: { readonly startAt: Timestamp; readonly endAt: Timestamp },
  buckets: number,
  periodMs = 86_400_000,
): { profile: Decimal[]; expectedVolume: Decimal } {
  const profile = Array.from({ length: buckets }, () => Decimal.ZERO);
  const length = window.endAt - window.startAt;
  const startInPeriod = ((window.startAt % periodMs) + periodMs) % periodMs;
  const periods = new Set<number>();
  let total = Decimal.ZERO;
  for (const sample of samples) {
    const offset = (((sample.at % periodMs) + periodMs - startInPeriod) % periodMs);
    if (offset >= length) continue;
    const bucket = Math.min(buckets - 1, Math.floor((offset * buckets) / length));
    profile[bucket] = (profile[bucket] ?? Decimal.ZERO).add(sample.quantity);
    total = total.add(sample.quantity);
    periods.add(Math.floor((sample.at - offset - startInPeriod) / periodMs));
  }
  const expectedVolume = periods.size === 0 ? Decimal.ZERO : total.div(Decimal.fromInteger(periods.size), SCALE, 'down').normalize();
  return { profile, expectedVolume };
}

import { Decimal, Quantity, type Price, type Timestamp } from '../../core';
import { seededUnit } from './seeded-random';
import type { ScheduledSlice, TwapSpec } from './types';

/** What the parent holds now: what its children filled and what they still have working. */
export interface TwapState {
  readonly now: Timestamp;
  readonly filled: Decimal;
  /** Filled plus the open children's leaves: what the parent has committed to the market. */
  readonly committed: Decimal;
  readonly openChildren: number;
  /** Slices issued so far: the next one has this index. */
  readonly nextIndex: number;
  /** Market volume traded in the instrument since the start (for the participation cap). */
  readonly marketVolume: Decimal;
  readonly sizeIncrement: Decimal;
  readonly minQuantity: Decimal;
}

export type TwapDecision =
  | { readonly kind: 'wait'; readonly reason: string }
  | { readonly kind: 'child'; readonly index: number; readonly quantity: Quantity; readonly price?: Price; readonly final: boolean }
  | { readonly kind: 'finish'; readonly status: 'completed' | 'expired' };

const FACTOR_SCALE = 6;

function draw(spec: TwapSpec, index: number, stream: number, fraction: Decimal): Decimal {
  if (spec.randomisation === undefined || fraction.isZero()) return Decimal.ZERO;
  // The draw is a bounded factor, not money: it becomes an exact decimal at 6 places before it touches sizes.
  const unit = seededUnit(spec.randomisation.seed, index, stream);
  return Decimal.of(BigInt(Math.round(unit * 10 ** FACTOR_SCALE)), FACTOR_SCALE).mul(fraction);
}

export function twapDueAt(spec: TwapSpec, index: number): Timestamp {
  const interval = (spec.endAt - spec.startAt) / spec.slices;
  const base = spec.startAt + index * interval;
  const jitter = spec.randomisation === undefined ? 0 : seededUnit(spec.randomisation.seed, index, 1);
  const fraction = spec.randomisation?.timingFraction ?? Decimal.ZERO;
  // Timing jitter is milliseconds (not money): bounded by the fraction of one interval, kept inside the window.
  const shifted = base + Math.round(jitter * fraction.toApproximateNumber() * interval);
  return Math.min(spec.endAt - 1, Math.max(spec.startAt, Math.round(shifted)));
}

/** The cumulative quantity the schedule targets once slice `index` is due; the last slice targets everything. */
export function twapCumulativeTarget(spec: TwapSpec, index: number): Decimal {
  if (index >= spec.slices - 1) return spec.quantity;
  const n = Decimal.fromInteger(spec.slices);
  const even = spec.quantity.mul(Decimal.fromInteger(index + 1)).div(n, 12, 'down');
  const step = spec.quantity.div(n, 12, 'down');
  const jitter = step.mul(draw(spec, index, 2, spec.randomisation?.sizeFraction ?? Decimal.ZERO));
  return even.add(jitter).max(Decimal.ZERO).min(spec.quantity).normalize();
}

export function twapSchedule(spec: TwapSpec): ScheduledSlice[] {
  const out: ScheduledSlice[] = [];
  for (let index = 0; index < spec.slices; index++)
    out.push({ index, dueAt: twapDueAt(spec, index), cumulativeTarget: Quantity.of(twapCumulativeTarget(spec, index)) });
  return out;
}

/** The next step of a TWAP: pure, so a schedule can be checked on a manual clock and replayed after a crash. */
export function nextTwapDecision(spec: TwapSpec, state: TwapState): TwapDecision {
  const remaining = spec.quantity.sub(state.committed);
  // Children still working are waited for (IOC children settle at once): a slice never overlaps the previous.
  if (state.openChildren > 0) return { kind: 'wait', reason: 'a child is still working' };
  if (!remaining.isPositive()) return { kind: 'finish', status: 'completed' };
  if (state.now >= spec.endAt) {
    if (spec.onEnd === 'leave' || state.nextIndex > spec.slices) return { kind: 'finish', status: 'expired' };
    const quantity = Quantity.roundToLot(remaining, state.sizeIncrement);
    if (quantity.lt(state.minQuantity) || quantity.isZero()) return { kind: 'finish', status: 'expired' };
    // The final aggressive child takes what is left; with a limit it still never trades through it.
    return { kind: 'child', index: spec.slices, quantity, ...(spec.limitPrice ? { price: spec.limitPrice } : {}), final: true };
  }
  let due = -1;
  for (let index = state.nextIndex; index < spec.slices; index++) {
    if (twapDueAt(spec, index) > state.now) break;
    due = index;
  }
  // One child per slice: what an IOC child left unfilled waits for the next slice; overdue slices (after a
  // pause) are merged into one child up to the latest due target.
  if (due < 0) return { kind: 'wait', reason: 'no slice due' };
  let quantity = twapCumulativeTarget(spec, due).sub(state.committed);
  if (spec.maxChildQuantity !== undefined) quantity = quantity.min(spec.maxChildQuantity);
  if (spec.participationCap !== undefined) {
    const allowed = state.marketVolume.mul(spec.participationCap).sub(state.committed);
    if (quantity.gt(allowed)) quantity = allowed;
  }
  quantity = quantity.min(remaining);
  const minimum = spec.minChildQuantity?.max(state.minQuantity) ?? state.minQuantity;
  const lot = Quantity.roundToLot(quantity.max(Decimal.ZERO), state.sizeIncrement);
  // Below the minimum child the quantity waits for the next slice (unless it is everything left).
  if (lot.isZero() || (lot.lt(minimum) && lot.lt(remaining))) return { kind: 'wait', reason: 'below the minimum child or the participation cap' };
  return { kind: 'child', index: due, quantity: lot, ...(spec.limitPrice ? { price: spec.limitPrice } : {}), final: false };
}

import { describe, expect, it } from 'vitest';
import { AccountId, Decimal, InstrumentId, ManualClock, Price, Quantity } from '../../../src/core';
import { nextTwapDecision, twapCumulativeTarget, twapDueAt, type TwapSpec, type TwapState } from '../../../src/engine/algos';

const clock = new ManualClock();
const START = clock.now();
const spec: TwapSpec = {
  kind: 'twap',
  parentId: 'twap-1',
  accountId: AccountId.parse('paper-fx'),
  instrumentId: InstrumentId.parse('EUR_USD.PAPER'),
  side: 'buy',
  quantity: Quantity.parse('10000'),
  startAt: START,
  endAt: START + 60_000,
  slices: 4,
  onEnd: 'leave',
};
const state = (extra: Partial<TwapState>): TwapState => ({
  now: START,
  filled: Decimal.ZERO,
  committed: Decimal.ZERO,
  openChildren: 0,
  nextIndex: 0,
  marketVolume: Decimal.ZERO,
  sizeIncrement: Decimal.parse('1'),
  minQuantity: Decimal.parse('1'),
  ...extra,
});

describe('TWAP schedule on a manual clock', () => {
  it('slices evenly: slice k is due at start + k * window / n and targets (k+1)/n of the quantity', () => {
    expect([0, 1, 2, 3].map((k) => twapDueAt(spec, k) - START)).toEqual([0, 15_000, 30_000, 45_000]);
    expect([0, 1, 2, 3].map((k) => twapCumulativeTarget(spec, k).toString())).toEqual(['2500', '5000', '7500', '10000']);
    const first = nextTwapDecision(spec, state({}));
    expect(first).toMatchObject({ kind: 'child', index: 0, final: false });
    expect(first.kind === 'child' && first.quantity.toString()).toBe('2500');
    // Just before the second boundary nothing is due; at it, the second slice is.
    expect(nextTwapDecision(spec, state({ now: START + 14_999, nextIndex: 1, committed: Decimal.parse('2500') })).kind).toBe('wait');
    const second = nextTwapDecision(spec, state({ now: START + 15_000, nextIndex: 1, committed: Decimal.parse('2500') }));
    expect(second.kind === 'child' && [second.index, second.quantity.toString()]).toEqual([1, '2500']);
  });

  it('a limit price is carried on every child, so none trades through it; an unfilled IOC rest waits for the next slice', () => {
    const limited = { ...spec, limitPrice: Price.parse('1.08000') };
    const decision = nextTwapDecision(limited, state({}));
    expect(decision.kind === 'child' && decision.price?.toString()).toBe('1.08000');
    // Slice 0 filled nothing (the market is above the limit): it does not re-issue before slice 1 is due.
    expect(nextTwapDecision(limited, state({ now: START + 1_000, nextIndex: 1 })).kind).toBe('wait');
    const next = nextTwapDecision(limited, state({ now: START + 15_000, nextIndex: 1 }));
    expect(next.kind === 'child' && next.quantity.toString()).toBe('5000');
  });

  it('the participation cap limits the committed quantity to cap x market volume; no volume, no child', () => {
    const capped = { ...spec, participationCap: Decimal.parse('0.1') };
    expect(nextTwapDecision(capped, state({ marketVolume: Decimal.ZERO })).kind).toBe('wait');
    const decision = nextTwapDecision(capped, state({ marketVolume: Decimal.parse('12000') }));
    expect(decision.kind === 'child' && decision.quantity.toString()).toBe('1200');
    // With 1,200 already committed and no new volume, the cap still binds.
    expect(nextTwapDecision(capped, state({ now: START + 15_000, nextIndex: 1, committed: Decimal.parse('1200'), marketVolume: Decimal.parse('12000') })).kind).toBe('wait');
  });

  it('min and max child sizes bound each child', () => {
    const bounded = { ...spec, maxChildQuantity: Quantity.parse('1000'), minChildQuantity: Quantity.parse('600') };
    const decision = nextTwapDecision(bounded, state({}));
    expect(decision.kind === 'child' && decision.quantity.toString()).toBe('1000');
    // 500 to go for the slice is below the minimum child: it waits (merged into the next slice).
    expect(nextTwapDecision(bounded, state({ now: START + 15_000, nextIndex: 1, committed: Decimal.parse('4500') })).kind).toBe('wait');
  });

  it('at the end time with quantity left: leave expires the parent; finish-aggressively sends one final child for the rest', () => {
    const end = state({ now: START + 60_000, nextIndex: 4, filled: Decimal.parse('7000'), committed: Decimal.parse('7000') });
    expect(nextTwapDecision(spec, end)).toEqual({ kind: 'finish', status: 'expired' });
    const aggressive = nextTwapDecision({ ...spec, onEnd: 'finish-aggressively' }, end);
    expect(aggressive.kind === 'child' && [aggressive.index, aggressive.quantity.toString(), aggressive.final]).toEqual([4, '3000', true]);
    // After the final child, whatever is still left expires.
    expect(nextTwapDecision({ ...spec, onEnd: 'finish-aggressively' }, { ...end, nextIndex: 5 })).toEqual({ kind: 'finish', status: 'expired' });
  });

  it('seeded randomisation is bounded and the same for the same seed', () => {
    const random = { ...spec, randomisation: { sizeFraction: Decimal.parse('0.2'), timingFraction: Decimal.parse('0.3'), seed: 42 } };
    for (let k = 0; k < 4; k++) {
      const shift = twapDueAt(random, k) - twapDueAt(spec, k);
      expect(Math.abs(shift)).toBeLessThanOrEqual(0.3 * 15_000);
      const delta = twapCumulativeTarget(random, k).sub(twapCumulativeTarget(spec, k)).abs();
      expect(delta.lte(Decimal.parse('500'))).toBe(true);
      expect(twapDueAt(random, k)).toBe(twapDueAt({ ...random }, k));
    }
    expect(twapCumulativeTarget(random, 3).toString()).toBe('10000');
  });
});

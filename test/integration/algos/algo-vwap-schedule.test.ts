import { describe, expect, it } from 'vitest';
import { AccountId, Decimal, InstrumentId, ManualClock, Price, Quantity } from '../../../src/core';
import { nextVwapDecision, vwapProfileFromVolume, vwapSchedule, vwapTarget, type VwapSpec, type VwapState } from '../../../src/engine/algos';
import { validateAlgoSpec } from '../../../src/engine/algos/validate';

const clock = new ManualClock();
const START = clock.now();
const d = (text: string) => Decimal.parse(text);
// Four 15 s buckets weighted 1:2:3:4 of a 10000 parent: cumulative targets 1000, 3000, 6000, 10000.
const spec: VwapSpec = {
  kind: 'vwap',
  parentId: 'vwap-1',
  accountId: AccountId.parse('paper-fx'),
  instrumentId: InstrumentId.parse('EUR_USD.PAPER'),
  side: 'buy',
  quantity: Quantity.parse('10000'),
  startAt: START,
  endAt: START + 60_000,
  profile: ['1', '2', '3', '4'].map(d),
  onEnd: 'leave',
};
const state = (extra: Partial<VwapState>): VwapState => ({
  now: START,
  committed: Decimal.ZERO,
  openChildren: 0,
  nextIndex: 0,
  marketVolume: Decimal.ZERO,
  sizeIncrement: d('1'),
  minQuantity: d('1'),
  ...extra,
});
const quantityOf = (decision: ReturnType<typeof nextVwapDecision>) => (decision.kind === 'child' ? decision.quantity.toString() : decision.kind);

describe('VWAP schedule on a manual clock', () => {
  it('follows a supplied curve: each bucket is due at its start and targets its cumulative weight', () => {
    expect(vwapSchedule(spec).map((s) => [s.dueAt - START, s.cumulativeTarget.toString()])).toEqual([
      [0, '1000'],
      [15_000, '3000'],
      [30_000, '6000'],
      [45_000, '10000'],
    ]);
    expect(quantityOf(nextVwapDecision(spec, state({})))).toBe('1000');
    // One millisecond before the boundary the first bucket is done; at the boundary the second is due.
    expect(nextVwapDecision(spec, state({ now: START + 14_999, committed: d('1000'), nextIndex: 1 })).kind).toBe('wait');
    expect(quantityOf(nextVwapDecision(spec, state({ now: START + 15_000, committed: d('1000'), nextIndex: 1 })))).toBe('2000');
    // Working children are waited for; everything filled completes the parent.
    expect(nextVwapDecision(spec, state({ now: START + 15_000, openChildren: 1 })).kind).toBe('wait');
    expect(nextVwapDecision(spec, state({ now: START + 20_000, committed: d('10000') }))).toEqual({ kind: 'finish', status: 'completed' });
  });

  it('tracks the actual volume: catches up when the market trades more, slows when it trades less, within maxDeviation', () => {
    const tracked: VwapSpec = { ...spec, expectedVolume: d('100000'), maxDeviation: d('0.05') };
    // Profile target in bucket 1 is 3000; the band is +-500.
    expect(vwapTarget(tracked, START + 15_000, d('32000')).toString()).toBe('3200');
    expect(vwapTarget(tracked, START + 15_000, d('90000')).toString()).toBe('3500');
    expect(vwapTarget(tracked, START + 15_000, d('10000')).toString()).toBe('2500');
    expect(quantityOf(nextVwapDecision(tracked, state({ now: START + 15_000, committed: d('1000'), marketVolume: d('90000') })))).toBe('2500');
    // Behind on volume with the parent already at 2500 committed: nothing more until the market trades.
    expect(nextVwapDecision(tracked, state({ now: START + 15_000, committed: d('2500'), marketVolume: d('10000') })).kind).toBe('wait');
  });

  it('never trades through the limit, respects the participation cap and the child bounds', () => {
    const capped: VwapSpec = { ...spec, limitPrice: Price.parse('1.08000'), participationCap: d('0.1'), maxChildQuantity: Quantity.parse('800'), minChildQuantity: Quantity.parse('300') };
    const first = nextVwapDecision(capped, state({ marketVolume: d('5000') }));
    expect(first).toMatchObject({ kind: 'child', final: false });
    expect(first.kind === 'child' && [first.quantity.toString(), first.price?.toString()]).toEqual(['500', '1.08000']);
    expect(quantityOf(nextVwapDecision(capped, state({ marketVolume: d('50000') })))).toBe('800');
    // The cap allows 200 more (2500 x 0.1 - 50): below the 300 minimum child, it waits.
    expect(nextVwapDecision(capped, state({ marketVolume: d('2500'), committed: d('50') })).kind).toBe('wait');
  });

  it('at the end time with quantity left: leaves it (expired) or finishes it aggressively at the limit', () => {
    expect(nextVwapDecision(spec, state({ now: START + 60_000, committed: d('9000'), nextIndex: 4 }))).toEqual({ kind: 'finish', status: 'expired' });
    const finish: VwapSpec = { ...spec, onEnd: 'finish-aggressively', limitPrice: Price.parse('1.1') };
    const last = nextVwapDecision(finish, state({ now: START + 60_000, committed: d('9000'), nextIndex: 4 }));
    expect(last).toMatchObject({ kind: 'child', index: 4, final: true });
    expect(last.kind === 'child' && [last.quantity.toString(), last.price?.toString()]).toEqual(['1000', '1.1']);
  });

  it('builds a profile from recorded volume by time of day, with the expected volume per day', () => {
    const day = 86_400_000;
    const open = 10 * 3_600_000;
    const samples = [0, 1].flatMap((k) => [
      { at: k * day + open + 1_000, quantity: d('10') },
      { at: k * day + open + 20_000, quantity: d('30') },
      { at: k * day + open + 59_000, quantity: d('60') },
      { at: k * day + open + 3_600_000, quantity: d('999') },
    ]);
    const { profile, expectedVolume } = vwapProfileFromVolume(samples, { startAt: 5 * day + open, endAt: 5 * day + open + 60_000 }, 3);
    expect(profile.map(String)).toEqual(['20', '60', '120']);
    expect(expectedVolume.toString()).toBe('100');
  });

  it('refuses a bad profile by field', () => {
    expect(() => validateAlgoSpec({ ...spec, profile: [d('0'), d('0')] })).toThrow(/profile/);
    expect(() => validateAlgoSpec({ ...spec, profile: [d('1'), d('-1')] })).toThrow(/profile\[1\] must not be negative/);
    expect(() => validateAlgoSpec({ ...spec, maxDeviation: d('2') })).toThrow(/maxDeviation must be in \[0, 1\]/);
  });
});

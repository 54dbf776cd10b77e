import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Decimal } from '../../../core/money/decimal';
import { toBookLevels } from '../../../core/book/scaled-levels';
import { scanDepthUpdate, scanScaledDepthUpdate } from './depth-scan';
import { DepthSynchronizer, scaleLevels, type DepthDiff } from './depth-sync';

const decimal = fc.tuple(fc.nat(99999), fc.integer({ min: 0, max: 8 }), fc.nat(99999999)).map(([i, d, f]) => (d === 0 ? String(i) : `${i}.${String(f % 10 ** d).padStart(d, '0')}`));
const level = fc.tuple(decimal, fc.oneof(decimal, fc.constant('0.00000000')));

describe('binance depth in scaled integers', () => {
  it('the scaled scan reads the same levels as the string scan, exactly', () => {
    fc.assert(
      fc.property(fc.nat(2 ** 40), fc.array(level, { maxLength: 30 }), fc.array(level, { maxLength: 30 }), (U, b, a) => {
        const text = JSON.stringify({ stream: 'btcusdt@depth@100ms', data: { e: 'depthUpdate', E: 1, s: 'BTCUSDT', U, u: U + 1, b, a } });
        const scaled = scanScaledDepthUpdate(text);
        const strings = scanDepthUpdate(text);
        expect(scaled?.U).toBe(strings?.U);
        expect(Array.from(scaled?.b ?? [])).toEqual(scaleLevels(strings?.b ?? []));
        expect(toBookLevels(scaled?.a ?? []).map((l) => `${l.price.toString()}:${l.quantity.toString()}`)).toEqual(a.map(([p, q]) => `${p}:${q}`));
      }),
    );
    expect(scanScaledDepthUpdate('{"e":"depthUpdate","E":1,"s":"X","U":1,"u":2,"b":[["-1","1"]],"a":[]}')).toBeUndefined();
    expect(scanScaledDepthUpdate('{"e":"depthUpdate","E":1,"s":"X","U":1,"u":2,"b":[["1e5","1"]],"a":[]}')).toBeUndefined();
  });

  it('the synchronizer over scaled diffs ends equal to a Decimal book for random diffs', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.array(level, { maxLength: 10 }), fc.array(level, { maxLength: 10 })), { maxLength: 40 }), (diffs) => {
        const sync = new DepthSynchronizer();
        sync.applySnapshot({ lastUpdateId: 0, bids: [], asks: [] });
        const reference = { b: new Map<string, string>(), a: new Map<string, string>() };
        diffs.forEach(([b, a], n) => {
          const diff: DepthDiff = { E: n, s: 'BTCUSDT', U: n + 1, u: n + 1, b, a };
          const text = JSON.stringify({ stream: 'btcusdt@depth@100ms', data: { e: 'depthUpdate', ...diff } });
          expect(sync.onDiff(scanScaledDepthUpdate(text) ?? diff).kind).toBe('applied');
          for (const [side, levels] of [['b', b], ['a', a]] as const) {
            for (const [p, q] of levels) {
              const key = Decimal.parse(p).normalize().toString();
              if (Decimal.parse(q).isZero()) reference[side].delete(key);
              else reference[side].set(key, Decimal.parse(q).normalize().toString());
            }
          }
        });
        const levels = sync.levels();
        const sorted = (m: Map<string, string>, dir: number) => [...m].sort(([x], [y]) => dir * Decimal.parse(x).compare(Decimal.parse(y))).map(([p, q]) => `${p}:${q}`);
        expect(levels.bids.map((l) => `${l.price.normalize().toString()}:${l.quantity.normalize().toString()}`)).toEqual(sorted(reference.b, -1));
        expect(levels.asks.map((l) => `${l.price.normalize().toString()}:${l.quantity.normalize().toString()}`)).toEqual(sorted(reference.a, 1));
      }),
      { numRuns: 200 },
    );
  });
});

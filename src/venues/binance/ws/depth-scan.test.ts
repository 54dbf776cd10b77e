import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { scanDepthUpdate } from './depth-scan';

describe('scanDepthUpdate', () => {
  it('reads the documented depthUpdate exactly as JSON.parse does', () => {
    const text = readFileSync(join(import.meta.dirname, '..', 'fixtures', 'depth-update.json'), 'utf8');
    const compact = JSON.stringify(JSON.parse(text));
    const { e: _e, ...expected } = JSON.parse(text) as Record<string, unknown>;
    expect(scanDepthUpdate(compact)).toEqual(expected);
    expect(scanDepthUpdate(JSON.stringify({ stream: 'bnbbtc@depth', data: JSON.parse(text) }))).toEqual(expected);
  });

  it('agrees with JSON.parse on generated messages and refuses shapes it does not know', () => {
    const decimal = fc.tuple(fc.nat(99999), fc.nat(99999999)).map(([i, f]) => `${i}.${String(f).padStart(8, '0')}`);
    const level = fc.tuple(decimal, decimal);
    fc.assert(
      fc.property(fc.nat(2 ** 40), fc.nat(1000), fc.array(level, { maxLength: 30 }), fc.array(level, { maxLength: 30 }), (U, n, b, a) => {
        const data = { e: 'depthUpdate', E: 1672515782136, s: 'BTCUSDT', U, u: U + n, b, a };
        expect(scanDepthUpdate(JSON.stringify({ stream: 'btcusdt@depth@100ms', data }))).toEqual({ E: data.E, s: 'BTCUSDT', U, u: U + n, b, a });
      }),
    );
    expect(scanDepthUpdate('{"e":"depthUpdate","E":1,"s":"X","U":1,"u":2,"b":[[0.1,"1"]],"a":[]}')).toBeUndefined();
    expect(scanDepthUpdate('{"e":"trade"}')).toBeUndefined();
  });
});

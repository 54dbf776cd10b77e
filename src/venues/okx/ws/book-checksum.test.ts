import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BookSync, type Level } from './book-sync';
import { BookChecksum, okxChecksum, scaledChecksum } from './checksum';

// Prices and sizes that repeat, with the same value written with different digits ("100.5" and "100.50"):
// the cached text of a level must follow the digits, not only the value.
const bidPrice = fc.constantFrom('99', '99.5', '99.50', '98.25', '97', '96.125', '95', '94.5', '93', '92');
const askPrice = fc.constantFrom('101', '101.5', '101.50', '102.25', '103', '104.125', '105', '106.5', '107', '108');
const size = fc.constantFrom('0', '1', '1.0', '0.25', '12.5', '3', '0.001');
const side = (price: fc.Arbitrary<string>): fc.Arbitrary<Level[]> => fc.array(fc.tuple(price, size), { maxLength: 6 }).map((levels) => levels.map(([p, s]) => [p, s] as Level));

describe('okx BookChecksum (cached level text)', () => {
  it('equals the checksum of the wire strings after every update of a random sequence, on one reused instance', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(side(bidPrice), side(askPrice)), { minLength: 1, maxLength: 30 }), (updates) => {
        const sync = new BookSync();
        const cached = new BookChecksum();
        const snapBids: Level[] = [['99', '1']];
        const snapAsks: Level[] = [['101', '1']];
        expect(sync.snapshot(snapBids, snapAsks, 1, okxChecksum(snapBids, snapAsks))).toBe('ok');
        let seq = 1;
        for (const [bids, asks] of updates) {
          sync.update(bids, asks, seq, seq + 1, undefined);
          seq += 1;
          const expected = okxChecksum(sync.bids, sync.asks);
          expect(cached.of(sync.book)).toBe(expected);
          expect(scaledChecksum(sync.book)).toBe(expected);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('verifies updates through BookSync: a right checksum passes, a wrong one fails', () => {
    const sync = new BookSync();
    const bids: Level[] = [['3366.1', '7'], ['3366', '6']];
    const asks: Level[] = [['3366.8', '9'], ['3368', '8']];
    expect(sync.snapshot(bids, asks, 1, -1881014294)).toBe('ok');
    expect(sync.update([['3366', '0']], [['3372', '8']], 1, 2, 831078360)).toBe('ok');
    expect(sync.update([['3366.1', '7.0']], [], 2, 3, 831078360)).toBe('checksum');
  });
});

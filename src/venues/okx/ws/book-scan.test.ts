import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { scaledToText } from '../../../core/book/scaled-number';
import { Decimal } from '../../../core/money/decimal';
import { BookSync, scaleLevels, type Level } from './book-sync';
import { scanBooks } from './book-scan';
import { okxChecksum } from './checksum';

const decimal = fc.tuple(fc.nat(99999), fc.integer({ min: 0, max: 8 }), fc.nat(99999999)).map(([i, d, f]) => (d === 0 ? String(i) : `${i}.${String(f % 10 ** d).padStart(d, '0')}`));
const level = fc.tuple(decimal, decimal).map(([p, s]) => [p, s, '0', '1']);

describe('okx books in scaled integers', () => {
  it('the hand scan reads what JSON.parse reads, whatever the order of the data fields', () => {
    fc.assert(
      fc.property(fc.array(level, { maxLength: 30 }), fc.array(level, { maxLength: 30 }), fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }), fc.boolean(), (bids, asks, checksum, reorder) => {
        const data = reorder ? { seqId: 12, prevSeqId: 11, checksum, ts: '1597026383085', bids, asks } : { asks, bids, ts: '1597026383085', checksum, prevSeqId: 11, seqId: 12 };
        const text = JSON.stringify({ arg: { channel: 'books', instId: 'BTC-USDT' }, action: 'update', data: [data] });
        const scanned = scanBooks(text);
        expect(scanned).toMatchObject({ channel: 'books', instId: 'BTC-USDT', action: 'update', ts: 1597026383085, checksum, prevSeqId: 11, seqId: 12 });
        expect(Array.from(scanned?.bids ?? [])).toEqual(scaleLevels(bids as never));
        expect(Array.from(scanned?.asks ?? [])).toEqual(scaleLevels(asks as never));
      }),
    );
    expect(scanBooks('{"arg":{"channel":"books","instId":"X"},"action":"update","data":[{"asks":[["1e5","1","0","1"]],"bids":[],"ts":"1"}]}')).toBeUndefined();
    expect(scanBooks('{"arg":{"channel":"trades","instId":"X"},"data":[]}')).toBeUndefined();
  });

  it('the checksum from the integer book equals the checksum of the wire strings', () => {
    // Distinct prices per side, best first, as a synced book holds them.
    const side = (descending: boolean) =>
      fc.uniqueArray(fc.tuple(fc.nat(99999), fc.integer({ min: 0, max: 3 })).map(([p, d]) => scaledToText(p, d)), { selector: (text) => Decimal.parse(text).normalize().toString(), maxLength: 40 }).chain((prices) =>
        fc.tuple(...prices.map(() => decimal)).map((sizes) => {
          const levels = prices.map((price, k): Level => [price, sizes[k] as string]);
          return levels.sort((x, y) => (descending ? -1 : 1) * Decimal.parse(x[0]).compare(Decimal.parse(y[0])));
        }),
      );
    fc.assert(
      fc.property(side(true), side(false), (bids, asks) => {
        const book = new BookSync();
        const wire = okxChecksum(bids, asks);
        const nonZero = (levels: Level[]) => levels.filter(([, s]) => !/^0(\.0*)?$/.test(s));
        if (nonZero(bids).length !== bids.length || nonZero(asks).length !== asks.length) return;
        expect(book.snapshot(bids, asks, 1, wire)).toBe('ok');
        expect(book.bids).toEqual(bids);
      }),
      { numRuns: 300 },
    );
  });
});

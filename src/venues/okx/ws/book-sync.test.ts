import { describe, expect, it } from 'vitest';
import { BookSync, comparePrice, type Level } from './book-sync';
import { okxChecksum } from './checksum';

const bids: Level[] = [['100.5', '1'], ['100', '2'], ['99.25', '3']];
const asks: Level[] = [['101', '1'], ['101.5', '2'], ['102', '3']];

function synced(): BookSync {
  const book = new BookSync();
  expect(book.snapshot(bids, asks, 10, okxChecksum(bids, asks))).toBe('ok');
  return book;
}

describe('okx book sync', () => {
  it('orders decimal strings exactly', () => {
    expect(comparePrice('3366.1', '3366.12')).toBeLessThan(0);
    expect(comparePrice('3366.9', '3366.12')).toBeGreaterThan(0);
    expect(comparePrice('999.99', '1000')).toBeLessThan(0);
    expect(comparePrice('3366', '3366.0001')).toBeLessThan(0);
  });

  it('applies an update that inserts, replaces and removes levels, then checks the checksum', () => {
    const book = synced();
    const after: { bids: Level[]; asks: Level[] } = { bids: [['100.75', '4'], ['100.5', '1'], ['99.25', '3']], asks: [['101', '5'], ['101.5', '2'], ['102', '3']] };
    const verdict = book.update([['100.75', '4'], ['100', '0']], [['101', '5']], 10, 12, okxChecksum(after.bids, after.asks));
    expect(verdict).toBe('ok');
    expect(book.bids).toEqual(after.bids);
    expect(book.asks).toEqual(after.asks);
    expect(book.seqId).toBe(12);
  });

  it('accepts an idle update (seqId == prevSeqId) without changing the book', () => {
    const book = synced();
    expect(book.update([], [], 10, 10, undefined)).toBe('idle');
    expect(book.valid).toBe(true);
  });

  it('invalidates the book on a sequence gap until the next snapshot', () => {
    const book = synced();
    expect(book.update([['100', '5']], [], 11, 12, undefined)).toBe('gap');
    expect(book.valid).toBe(false);
    expect(book.update([['100', '5']], [], 12, 13, undefined)).toBe('no-snapshot');
    expect(book.snapshot(bids, asks, 20, okxChecksum(bids, asks))).toBe('ok');
    expect(book.valid).toBe(true);
  });

  it('invalidates the book on a checksum mismatch', () => {
    const book = synced();
    expect(book.update([['100', '5']], [], 10, 11, 12345)).toBe('checksum');
    expect(book.valid).toBe(false);
  });
});

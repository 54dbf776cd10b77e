import { describe, expect, it } from 'vitest';
import { DepthSynchronizer, type DepthDiff } from './depth-sync';

const diff = (U: number, u: number, b: [string, string][] = [], a: [string, string][] = []): DepthDiff => ({ E: 1, s: 'BNBBTC', U, u, b, a });
const snapshot = (lastUpdateId: number) => ({ lastUpdateId, bids: [['0.0024', '10']] as [string, string][], asks: [['0.0026', '100']] as [string, string][] });

describe('binance depth sync (web-socket-streams.md "How to manage a local order book correctly")', () => {
  it('buffers until a snapshot, drops buffered events with u <= lastUpdateId and applies the rest', () => {
    const book = new DepthSynchronizer();
    expect(book.onDiff(diff(150, 155, [['0.0023', '1']])).kind).toBe('buffered');
    expect(book.onDiff(diff(156, 160, [['0.0024', '0']])).kind).toBe('buffered');
    expect(book.valid).toBe(false);
    expect(book.applySnapshot(snapshot(157))).toEqual({ kind: 'synced', applied: 1 });
    expect(book.valid).toBe(true);
    expect(book.lastUpdateId).toBe(160);
    // The first event (u=155 <= 157) was dropped: 0.0023 never entered; 0.0024 was removed by the second.
    expect(book.levels().bids).toHaveLength(0);
    expect(book.levels().asks.map((l) => l.price.toString())).toEqual(['0.0026']);
  });

  it('asks for another snapshot when its lastUpdateId is below the first buffered U', () => {
    const book = new DepthSynchronizer();
    book.onDiff(diff(200, 205));
    expect(book.applySnapshot(snapshot(150))).toEqual({ kind: 'stale', lastUpdateId: 150, firstBufferedU: 200 });
    expect(book.valid).toBe(false);
    expect(book.applySnapshot(snapshot(202)).kind).toBe('synced');
  });

  it('ignores an event already covered and treats U > local + 1 as a gap that invalidates the book', () => {
    const book = new DepthSynchronizer();
    book.onDiff(diff(100, 101));
    book.applySnapshot(snapshot(100));
    expect(book.onDiff(diff(95, 101)).kind).toBe('ignored');
    expect(book.onDiff(diff(102, 103, [['0.0025', '5']])).kind).toBe('applied');
    expect(book.onDiff(diff(110, 111))).toEqual({ kind: 'gap', expected: 104, found: 110 });
    expect(book.valid).toBe(false);
    expect(book.levels().bids).toHaveLength(0);
    // The event that revealed the gap is kept for the next sync.
    expect(book.firstBufferedU()).toBe(110);
  });

  it('keys levels by value, so "0.10" and "0.1000" are one level', () => {
    const book = new DepthSynchronizer();
    book.onDiff(diff(2, 3, [['0.1000', '3']]));
    book.applySnapshot({ lastUpdateId: 2, bids: [['0.10', '1']], asks: [] });
    expect(book.levels().bids.map((l) => l.quantity.toString())).toEqual(['3']);
  });
});

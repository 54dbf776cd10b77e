import { describe, expect, it } from 'vitest';
import { checksumOfString, okxChecksum } from './checksum';

// docs-v5 "Order book checksum": the published examples.
describe('okx book checksum', () => {
  it('matches the published example with more bids than asks: -1881014294', () => {
    expect(checksumOfString('3366.1:7:3366.8:9:3366:6:3368:8')).toBe(-1881014294);
    expect(okxChecksum([['3366.1', '7'], ['3366', '6']], [['3366.8', '9'], ['3368', '8']])).toBe(-1881014294);
  });

  it('matches the published example 831078360', () => {
    expect(checksumOfString('3366.1:7:3366.8:9:3368:8:3372:8')).toBe(831078360);
    // One bid, three asks: the asks continue alone once the bids run out.
    expect(okxChecksum([['3366.1', '7']], [['3366.8', '9'], ['3368', '8'], ['3372', '8']])).toBe(831078360);
  });

  it('covers the top 25 levels only', () => {
    const bids = Array.from({ length: 30 }, (_, i) => [String(100 - i), '1'] as const);
    const asks = Array.from({ length: 30 }, (_, i) => [String(101 + i), '1'] as const);
    expect(okxChecksum(bids, asks)).toBe(okxChecksum(bids.slice(0, 25), asks.slice(0, 25)));
    expect(okxChecksum(bids, asks)).not.toBe(okxChecksum(bids.slice(0, 24), asks.slice(0, 25)));
  });
});

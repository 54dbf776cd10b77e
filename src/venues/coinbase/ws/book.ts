import type { BookLevel } from '../../../core/events/market-events';
import { Decimal } from '../../../core/money/decimal';
import type { Price } from '../../../core/money/price';
import type { Quantity } from '../../../core/money/quantity';

/** One `l2_data` update as Coinbase sends it: side bid|offer, price and the level's new total ("0" removes). */
export interface L2Update {
  readonly side: string;
  readonly price_level: string;
  readonly new_quantity: string;
  readonly event_time?: string;
}

/**
 * One product's level-2 book from a snapshot and the updates after it. Levels are kept as the wire strings
 * (exact; parsed into decimals only when read), keyed by the price text. Invalid until its snapshot arrives.
 */
export class L2Book {
  private readonly bids = new Map<string, string>();
  private readonly asks = new Map<string, string>();
  private synced = false;

  get valid(): boolean {
    return this.synced;
  }

  /** Drops everything: the book is invalid until the next snapshot. */
  invalidate(): void {
    this.synced = false;
    this.bids.clear();
    this.asks.clear();
  }

  applySnapshot(updates: readonly L2Update[]): void {
    this.bids.clear();
    this.asks.clear();
    this.apply(updates);
    this.synced = true;
  }

  /** Applies updates; false (and nothing applied) when the book has no snapshot yet. */
  apply(updates: readonly L2Update[]): boolean {
    for (const update of updates) {
      const side = update.side === 'bid' ? this.bids : this.asks;
      if (isZero(update.new_quantity)) side.delete(update.price_level);
      else side.set(update.price_level, update.new_quantity);
    }
    return true;
  }

  /** Both sides best first, as exact decimals (sorting happens here, on read, not per update). */
  levels(depth = Number.POSITIVE_INFINITY): { bids: BookLevel[]; asks: BookLevel[] } {
    return { bids: sorted(this.bids, -1, depth), asks: sorted(this.asks, 1, depth) };
  }

  size(): { bids: number; asks: number } {
    return { bids: this.bids.size, asks: this.asks.size };
  }
}

/** "0", "0.0", "0.00000000": the level is gone. */
function isZero(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c !== 48 && c !== 46) return false;
  }
  return text.length > 0;
}

function sorted(side: ReadonlyMap<string, string>, direction: 1 | -1, depth: number): BookLevel[] {
  const levels = [...side].map(([price, size]) => ({ price: Decimal.parse(price) as Price, quantity: Decimal.parse(size) as Quantity }));
  levels.sort((a, b) => direction * a.price.compare(b.price));
  return levels.slice(0, depth);
}

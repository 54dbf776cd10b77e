import type { InstrumentId, Price, Timestamp } from '../../core';
import type { InstrumentScale } from './scale';
import type { BookLevelView, OrderBookView } from './types';

/**
 * One side of an L2 book: price levels in ticks with their displayed size in lots, best first. Two parallel
 * arrays and a binary search: at depth 50 this beats any tree, and it copies cheaply for snapshots.
 */
export class BookSide {
  prices: number[] = [];
  sizes: number[] = [];

  /** Bids are kept highest first, asks lowest first. */
  constructor(readonly isBid: boolean) {}

  /** Index of `price`, or of where it would be inserted. */
  private search(price: number): number {
    let low = 0;
    let high = this.prices.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      const at = this.prices[middle] as number;
      if (this.isBid ? at > price : at < price) low = middle + 1;
      else high = middle;
    }
    return low;
  }

  /** Sets the displayed size at a price; zero removes the level. */
  set(price: number, size: number): void {
    const index = this.search(price);
    const exists = this.prices[index] === price;
    if (size <= 0) {
      if (exists) {
        this.prices.splice(index, 1);
        this.sizes.splice(index, 1);
      }
    } else if (exists) this.sizes[index] = size;
    else {
      this.prices.splice(index, 0, price);
      this.sizes.splice(index, 0, size);
    }
  }

  sizeAt(price: number): number {
    const index = this.search(price);
    return this.prices[index] === price ? (this.sizes[index] as number) : 0;
  }

  best(): number | undefined {
    return this.prices[0];
  }

  get depth(): number {
    return this.prices.length;
  }

  /** Whether `price` is at or better than `limit` for someone taking this side (a buyer takes asks). */
  reaches(price: number, limit: number): boolean {
    return this.isBid ? price >= limit : price <= limit;
  }

  /** Removes up to `lots` displayed at `price` (our order took them); returns what was removed. */
  take(price: number, lots: number): number {
    const available = this.sizeAt(price);
    const taken = Math.min(available, lots);
    this.set(price, available - taken);
    return taken;
  }

  replace(levels: readonly (readonly [number, number])[]): void {
    const sorted = [...levels].filter(([, size]) => size > 0).sort((a, b) => (this.isBid ? b[0] - a[0] : a[0] - b[0]));
    this.prices = sorted.map(([price]) => price);
    this.sizes = sorted.map(([, size]) => size);
  }

  clear(): void {
    this.prices = [];
    this.sizes = [];
  }
}

/** The market's displayed liquidity for one instrument. Our own orders are not in it: they queue beside it. */
export class OrderBook implements OrderBookView {
  readonly bids = new BookSide(true);
  readonly asks = new BookSide(false);
  updatedAt: Timestamp = 0;
  /** Last public trade price in ticks, when one was seen. */
  lastTrade: number | undefined;

  constructor(
    readonly instrumentId: InstrumentId,
    readonly scale: InstrumentScale,
  ) {}

  side(isBid: boolean): BookSide {
    return isBid ? this.bids : this.asks;
  }

  bestBid(): Price | undefined {
    const best = this.bids.best();
    return best === undefined ? undefined : this.scale.price(best);
  }

  bestAsk(): Price | undefined {
    const best = this.asks.best();
    return best === undefined ? undefined : this.scale.price(best);
  }

  levels(depth: number): { readonly bids: readonly BookLevelView[]; readonly asks: readonly BookLevelView[] } {
    const view = (side: BookSide): BookLevelView[] =>
      side.prices.slice(0, depth).map((price, index) => ({
        price: this.scale.price(price),
        quantity: this.scale.quantity(side.sizes[index] as number),
      }));
    return { bids: view(this.bids), asks: view(this.asks) };
  }

  isCrossed(): boolean {
    const bid = this.bids.best();
    const ask = this.asks.best();
    return bid !== undefined && ask !== undefined && bid >= ask;
  }

  /** Mid in ticks times two (an integer even when the spread is odd), or undefined on a one-sided book. */
  midTimesTwo(): number | undefined {
    const bid = this.bids.best();
    const ask = this.asks.best();
    return bid === undefined || ask === undefined ? undefined : bid + ask;
  }

  save(): { bids: [number[], number[]]; asks: [number[], number[]]; updatedAt: number; lastTrade?: number } {
    const saved = { bids: [[...this.bids.prices], [...this.bids.sizes]] as [number[], number[]], asks: [[...this.asks.prices], [...this.asks.sizes]] as [number[], number[]], updatedAt: this.updatedAt };
    return this.lastTrade === undefined ? saved : { ...saved, lastTrade: this.lastTrade };
  }

  restore(saved: ReturnType<OrderBook['save']>): void {
    this.bids.prices = [...saved.bids[0]];
    this.bids.sizes = [...saved.bids[1]];
    this.asks.prices = [...saved.asks[0]];
    this.asks.sizes = [...saved.asks[1]];
    this.updatedAt = saved.updatedAt;
    this.lastTrade = saved.lastTrade;
  }
}

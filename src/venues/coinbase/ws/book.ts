import { ScaledBook } from '../../../core/book/scaled-book';
import { readScaled, type ScaledValue } from '../../../core/book/scaled-number';
import type { ScaledLevels } from '../../../core/book/scaled-levels';
import type { BookLevel } from '../../../core/events/market-events';

/** One `l2_data` update as Coinbase sends it: side bid|offer, price and the level's new total ("0" removes). */
export interface L2Update {
  readonly side: string;
  readonly price_level: string;
  readonly new_quantity: string;
  readonly event_time?: string;
}

/** One l2_data event's changed levels as exact scaled integers, split by side (core/book/scaled-levels.ts). */
export interface ScaledL2 {
  readonly bids: ScaledLevels;
  readonly asks: ScaledLevels;
}

/**
 * One product's level-2 book from a snapshot and the updates after it, in exact scaled integers (a
 * ScaledBook: sorted sides, no Decimal per level; Decimals are made when levels are read). Invalid until its
 * snapshot arrives, and after a value it cannot hold exactly.
 */
export class L2Book {
  private readonly book = new ScaledBook();
  private synced = false;

  get valid(): boolean {
    return this.synced;
  }

  /** Drops everything: the book is invalid until the next snapshot. */
  invalidate(): void {
    this.synced = false;
    this.book.clear();
  }

  /** A fresh snapshot; false (book invalid) when a level cannot be held exactly. */
  applySnapshot(levels: ScaledL2): boolean {
    this.book.clear();
    this.synced = true;
    return this.apply(levels);
  }

  /** Applies updates (size 0 removes); false, and the book invalid, when a level cannot be held exactly. */
  apply(levels: ScaledL2): boolean {
    if (setLevels(this.book, true, levels.bids) && setLevels(this.book, false, levels.asks)) return true;
    this.invalidate();
    return false;
  }

  /** Both sides best first, as exact decimals, each at the digits Coinbase wrote it with. */
  levels(depth = Number.POSITIVE_INFINITY): { bids: BookLevel[]; asks: BookLevel[] } {
    return this.book.levels(depth);
  }

  /** Best `depth` levels of a side as scaled integers (for an event that converts lazily). */
  scaledLevels(bid: boolean, depth = Number.POSITIVE_INFINITY): ScaledLevels {
    return this.book.scaledLevels(bid, depth);
  }

  size(): { bids: number; asks: number } {
    return { bids: this.book.bids.length, asks: this.book.asks.length };
  }
}

const price: ScaledValue = { mantissa: 0, digits: 0 };
const size: ScaledValue = { mantissa: 0, digits: 0 };

function setLevels(book: ScaledBook, bid: boolean, levels: ScaledLevels): boolean {
  for (let i = 0; i + 3 < levels.length; i += 4) {
    price.mantissa = levels[i] as number;
    price.digits = levels[i + 1] as number;
    size.mantissa = levels[i + 2] as number;
    size.digits = levels[i + 3] as number;
    if (!book.set(bid, price, size)) return false;
  }
  return true;
}

/** JSON.parse'd updates (wire strings) as scaled levels per side; undefined when a value is not a plain decimal that fits. */
export function scaleUpdates(updates: readonly L2Update[]): ScaledL2 | undefined {
  const bids: number[] = [];
  const asks: number[] = [];
  const value: ScaledValue = { mantissa: 0, digits: 0 };
  for (const update of updates) {
    const side = update.side === 'bid' ? bids : update.side === 'offer' ? asks : undefined;
    if (side === undefined || typeof update.price_level !== 'string' || typeof update.new_quantity !== 'string') return undefined;
    if (!readScaled(update.price_level, 0, update.price_level.length, value)) return undefined;
    const m = value.mantissa;
    const d = value.digits;
    if (!readScaled(update.new_quantity, 0, update.new_quantity.length, value)) return undefined;
    side.push(m, d, value.mantissa, value.digits);
  }
  return { bids, asks };
}

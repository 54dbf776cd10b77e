import { ScaledBook } from '../../../core/book/scaled-book';
import { readScaled, scaledToText, type ScaledValue } from '../../../core/book/scaled-number';
import type { ScaledLevels } from '../../../core/book/scaled-levels';
import type { BookSide } from '../../../core/book/book-side';
import { BookChecksum } from './checksum';

export type Level = [price: string, size: string];

/**
 * Exact order of two non-negative decimal strings without leading zeros ("3366.1" < "3366.12" < "3367"),
 * without turning prices into floats: integer parts by length then digits, then fractions digit by digit.
 */
export function comparePrice(a: string, b: string): number {
  if (a === b) return 0;
  const da = a.indexOf('.');
  const db = b.indexOf('.');
  const ia = da < 0 ? a.length : da;
  const ib = db < 0 ? b.length : db;
  if (ia !== ib) return ia - ib;
  return a < b ? -1 : a > b ? 1 : 0;
}

/** `unrepresentable`: a level that is not a plain decimal, or that the integer book cannot hold exactly. */
export type SyncVerdict = 'ok' | 'idle' | 'gap' | 'checksum' | 'no-snapshot' | 'unrepresentable';

/**
 * One instrument's `books` channel kept exact: snapshot (prevSeqId -1), then updates whose prevSeqId must equal
 * the last seqId (an idle update repeats it: seqId == prevSeqId), each checked against the CRC32 checksum. A
 * failed check leaves the book invalid until the next snapshot. Levels live in a ScaledBook (exact scaled
 * integers, sorted; the checksum is computed from them, see checksum.ts); the string methods serve the
 * JSON.parse fallback and tests.
 */
export class BookSync {
  readonly book = new ScaledBook();
  private readonly checksum = new BookChecksum();
  seqId = -1;
  valid = false;

  /** Best first, as the wire strings (rebuilt from the integers; for views and tests, not the hot path). */
  get bids(): Level[] {
    return textLevels(this.book, this.book.bids);
  }

  get asks(): Level[] {
    return textLevels(this.book, this.book.asks);
  }

  snapshot(bids: readonly Level[], asks: readonly Level[], seqId: number, checksum: number | undefined): SyncVerdict {
    const b = scaleLevels(bids);
    const a = scaleLevels(asks);
    if (b === undefined || a === undefined) return this.unrepresentable();
    return this.scaledSnapshot(b, a, seqId, checksum);
  }

  update(bids: readonly Level[], asks: readonly Level[], prevSeqId: number, seqId: number, checksum: number | undefined): SyncVerdict {
    const b = scaleLevels(bids);
    const a = scaleLevels(asks);
    if (b === undefined || a === undefined) return this.unrepresentable();
    return this.scaledUpdate(b, a, prevSeqId, seqId, checksum);
  }

  scaledSnapshot(bids: ScaledLevels, asks: ScaledLevels, seqId: number, checksum: number | undefined): SyncVerdict {
    this.book.clear();
    this.seqId = seqId;
    if (!setLevels(this.book, true, bids) || !setLevels(this.book, false, asks)) return this.unrepresentable();
    if (checksum !== undefined && this.checksum.of(this.book) !== checksum) {
      this.valid = false;
      return 'checksum';
    }
    this.valid = true;
    return 'ok';
  }

  scaledUpdate(bids: ScaledLevels, asks: ScaledLevels, prevSeqId: number, seqId: number, checksum: number | undefined): SyncVerdict {
    if (!this.valid) return 'no-snapshot';
    if (prevSeqId !== this.seqId) {
      this.valid = false;
      return 'gap';
    }
    this.seqId = seqId;
    if (seqId === prevSeqId && bids.length === 0 && asks.length === 0) return 'idle';
    if (!setLevels(this.book, true, bids) || !setLevels(this.book, false, asks)) return this.unrepresentable();
    if (checksum !== undefined && this.checksum.of(this.book) !== checksum) {
      this.valid = false;
      return 'checksum';
    }
    return 'ok';
  }

  invalidate(): void {
    this.valid = false;
  }

  private unrepresentable(): SyncVerdict {
    this.valid = false;
    this.book.clear();
    return 'unrepresentable';
  }
}

const price: ScaledValue = { mantissa: 0, digits: 0 };
const size: ScaledValue = { mantissa: 0, digits: 0 };

/** Sets, replaces or (size 0) removes each level; false when one cannot be held exactly. */
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

/** Wire levels (JSON.parse path) as scaled levels; undefined when a value is not a plain decimal that fits. */
export function scaleLevels(levels: readonly (readonly [string, string, ...string[]])[]): number[] | undefined {
  const out: number[] = [];
  const value: ScaledValue = { mantissa: 0, digits: 0 };
  for (const level of levels) {
    const p = level[0];
    const q = level[1];
    if (typeof p !== 'string' || typeof q !== 'string' || !readScaled(p, 0, p.length, value)) return undefined;
    const m = value.mantissa;
    const d = value.digits;
    if (!readScaled(q, 0, q.length, value)) return undefined;
    out.push(m, d, value.mantissa, value.digits);
  }
  return out;
}

function textLevels(book: ScaledBook, side: BookSide): Level[] {
  const out: Level[] = [];
  const written = { price: { mantissa: 0, digits: 0 }, size: { mantissa: 0, digits: 0 } };
  for (let i = 0; i < side.length; i++) {
    book.written(side, i, written);
    out.push([scaledToText(written.price.mantissa, written.price.digits), scaledToText(written.size.mantissa, written.size.digits)]);
  }
  return out;
}

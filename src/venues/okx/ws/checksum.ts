import { crc32 } from 'node:zlib';
import type { BookSide } from '../../../core/book/book-side';
import type { ScaledBook } from '../../../core/book/scaled-book';
import { POW10 } from '../../../core/book/scaled-number';
import { CRC_START, crcAppend, crcByte, crcFinish, rawCrc } from './crc32-shift';

/**
 * OKX's book checksum (docs-v5 "Checksum"): CRC32 of the top 25 levels interleaved `bidPx:bidSz:askPx:askSz`,
 * the longer side continuing alone once the other runs out, over the original wire strings, as a signed int32.
 */
export function okxChecksum(bids: readonly (readonly [string, string])[], asks: readonly (readonly [string, string])[]): number {
  let text = '';
  for (let i = 0; i < 25; i++) {
    const bid = bids[i];
    const ask = asks[i];
    if (bid !== undefined) text += text.length === 0 ? `${bid[0]}:${bid[1]}` : `:${bid[0]}:${bid[1]}`;
    if (ask !== undefined) text += text.length === 0 ? `${ask[0]}:${ask[1]}` : `:${ask[0]}:${ask[1]}`;
    if (bid === undefined && ask === undefined) break;
  }
  return crc32(text) | 0;
}

/** The checksum of an already-joined string (the published examples are given this way). */
export function checksumOfString(text: string): number {
  return crc32(text) | 0;
}

/** The bytes of the checksum text, reused (a checksum is never re-entered; a plain Uint8Array indexes faster than a Buffer). */
const bytes = new Uint8Array(4096);

/**
 * The same checksum straight from the integer book: each level's text is written as ASCII digits from its
 * mantissa and the digits the venue wrote it with (so "0.10" stays "0.10"), into one reused buffer, then one
 * native CRC32. No string per level, no concatenation.
 */
export function scaledChecksum(book: ScaledBook): number {
  let length = 0;
  const bids = book.bids;
  const asks = book.asks;
  const priceScale = book.priceScale;
  const sizeScale = book.sizeScale;
  // At most 50 levels of two values, each at most 38 characters, a point and colons: 4096 bytes suffice.
  for (let i = 0; i < 25; i++) {
    const bid = i < bids.length;
    const ask = i < asks.length;
    if (!bid && !ask) break;
    if (bid) {
      if (length > 0) bytes[length++] = 58; // ':'
      length = writeLevel(bytes, bids, i, priceScale, sizeScale, length);
    }
    if (ask) {
      if (length > 0) bytes[length++] = 58;
      length = writeLevel(bytes, asks, i, priceScale, sizeScale, length);
    }
  }
  return crc32(bytes.subarray(0, length)) | 0;
}

/** "px:sz" of level `index` at `at`, each value at the digits the venue wrote it with; the index after it. */
function writeLevel(out: Uint8Array, side: BookSide, index: number, priceScale: number, sizeScale: number, at: number): number {
  const pd = side.priceDigits(index);
  const sd = side.sizeDigits(index);
  const price = side.price(index);
  const size = side.size(index);
  at = writeScaled(out, pd === priceScale ? price : price / (POW10[priceScale - pd] as number), pd, at);
  out[at++] = 58;
  return writeScaled(out, sd === sizeScale ? size : size / (POW10[sizeScale - sd] as number), sd, at);
}

const reversed = new Uint8Array(40);

/** mantissa / 10^digits as plain decimal text ("3366.10"), written at `at`; the index after it. */
function writeScaled(out: Uint8Array, mantissa: number, digits: number, at: number): number {
  // Digits least significant first; int32 arithmetic when the mantissa allows (a float modulo is a slow call).
  let n = 0;
  if (mantissa < 2147483648) {
    let m = mantissa | 0;
    do {
      const q = (m / 10) | 0;
      reversed[n++] = m - q * 10;
      m = q;
    } while (m > 0);
  } else {
    let m = mantissa;
    do {
      const q = Math.floor(m / 10);
      reversed[n++] = m - q * 10;
      m = q;
    } while (m > 0);
  }
  while (n <= digits) reversed[n++] = 0; // "0.05": the leading zeros
  for (let k = n - 1; k >= 0; k--) {
    out[at++] = 48 + (reversed[k] as number);
    if (k === digits && digits > 0) out[at++] = 46; // '.'
  }
  return at;
}

/** Levels as checksummed: values, digits, and the raw CRC and length of each level's "px:sz" text. */
class Slots {
  readonly price = new Float64Array(25);
  readonly size = new Float64Array(25);
  readonly priceDigits = new Int8Array(25).fill(-1);
  readonly sizeDigits = new Int8Array(25).fill(-1);
  readonly raw = new Int32Array(25);
  readonly length = new Uint8Array(25);
}

/** How far a level may have moved between two checksums and still be found: an insert or removal shifts it by one. */
const REACH = 2;

/**
 * One side's top 25 as last checksummed. A level whose values were seen at the same place, or a place or
 * two away (levels above it came or went), reuses its text's CRC; only new or changed levels are written as
 * digits again. Two sets of slots, swapped per checksum, so the last one stays whole while the next is built.
 */
class SideText {
  private last = new Slots();
  private next = new Slots();
  private lastCount = 0;

  invalidate(): void {
    this.lastCount = 0;
  }

  /** Level `index`'s "px:sz" appended to the register. */
  append(side: BookSide, index: number, priceScale: number, sizeScale: number, register: number): number {
    const price = side.price(index);
    const size = side.size(index);
    const pd = side.priceDigits(index);
    const sd = side.sizeDigits(index);
    const last = this.last;
    const next = this.next;
    let found = -1;
    if (index < this.lastCount && last.price[index] === price && last.size[index] === size && last.priceDigits[index] === pd && last.sizeDigits[index] === sd) found = index;
    else {
      const to = Math.min(this.lastCount - 1, index + REACH);
      for (let k = Math.max(0, index - REACH); k <= to; k++) {
        if (k !== index && last.price[k] === price && last.size[k] === size && last.priceDigits[k] === pd && last.sizeDigits[k] === sd) {
          found = k;
          break;
        }
      }
    }
    if (found >= 0) {
      next.raw[index] = last.raw[found] as number;
      next.length[index] = last.length[found] as number;
    } else {
      const end = writeLevel(bytes, side, index, priceScale, sizeScale, 0);
      next.raw[index] = rawCrc(bytes, 0, end);
      next.length[index] = end;
    }
    next.price[index] = price;
    next.size[index] = size;
    next.priceDigits[index] = pd;
    next.sizeDigits[index] = sd;
    return crcAppend(register, next.raw[index], next.length[index]);
  }

  /** After a checksum: what was built becomes what the next one looks in. */
  finish(count: number): void {
    const last = this.last;
    this.last = this.next;
    this.next = last;
    this.lastCount = count;
  }
}

/**
 * scaledChecksum for one book, remembering each level's text as a raw CRC (crc32-shift.ts): an update moves
 * a few levels of the top 25, so only those are written as digits again; every level then costs a colon
 * byte and four table lookups. Same value as scaledChecksum (a property test holds them equal); one per book.
 */
export class BookChecksum {
  private readonly bids = new SideText();
  private readonly asks = new SideText();
  private priceScale = -1;
  private sizeScale = -1;

  of(book: ScaledBook): number {
    if (book.priceScale !== this.priceScale || book.sizeScale !== this.sizeScale) {
      this.priceScale = book.priceScale;
      this.sizeScale = book.sizeScale;
      this.bids.invalidate();
      this.asks.invalidate();
    }
    const bids = book.bids;
    const asks = book.asks;
    let register = CRC_START;
    let first = true;
    for (let i = 0; i < 25; i++) {
      const bid = i < bids.length;
      const ask = i < asks.length;
      if (!bid && !ask) break;
      if (bid) {
        if (!first) register = crcByte(register, 58);
        first = false;
        register = this.bids.append(bids, i, this.priceScale, this.sizeScale, register);
      }
      if (ask) {
        if (!first) register = crcByte(register, 58);
        first = false;
        register = this.asks.append(asks, i, this.priceScale, this.sizeScale, register);
      }
    }
    this.bids.finish(Math.min(25, bids.length));
    this.asks.finish(Math.min(25, asks.length));
    return crcFinish(register);
  }
}

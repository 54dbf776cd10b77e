import { okxChecksum } from './checksum';

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

const isZero = (size: string): boolean => /^0(\.0*)?$/.test(size);

export type SyncVerdict = 'ok' | 'idle' | 'gap' | 'checksum' | 'no-snapshot';

/**
 * One instrument's `books` channel kept exact: snapshot (prevSeqId -1), then updates whose prevSeqId must equal
 * the last seqId (an idle update repeats it: seqId == prevSeqId), each checked against the CRC32 checksum. A
 * failed check leaves the book invalid until the next snapshot.
 */
export class BookSync {
  /** Best first: bids descending, asks ascending; the wire strings as received. */
  bids: Level[] = [];
  asks: Level[] = [];
  seqId = -1;
  valid = false;

  snapshot(bids: readonly Level[], asks: readonly Level[], seqId: number, checksum: number | undefined): SyncVerdict {
    this.bids = bids.map((l) => [l[0], l[1]]);
    this.asks = asks.map((l) => [l[0], l[1]]);
    this.seqId = seqId;
    if (checksum !== undefined && okxChecksum(this.bids, this.asks) !== checksum) {
      this.valid = false;
      return 'checksum';
    }
    this.valid = true;
    return 'ok';
  }

  update(bids: readonly Level[], asks: readonly Level[], prevSeqId: number, seqId: number, checksum: number | undefined): SyncVerdict {
    if (!this.valid) return 'no-snapshot';
    if (prevSeqId !== this.seqId) {
      this.valid = false;
      return 'gap';
    }
    this.seqId = seqId;
    if (seqId === prevSeqId && bids.length === 0 && asks.length === 0) return 'idle';
    for (const level of bids) apply(this.bids, level, true);
    for (const level of asks) apply(this.asks, level, false);
    if (checksum !== undefined && okxChecksum(this.bids, this.asks) !== checksum) {
      this.valid = false;
      return 'checksum';
    }
    return 'ok';
  }

  invalidate(): void {
    this.valid = false;
  }
}

/** Inserts, replaces or (size 0) removes one level, keeping the side sorted best first (binary search). */
function apply(side: Level[], level: Level, descending: boolean): void {
  const price = level[0];
  let low = 0;
  let high = side.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    const order = comparePrice((side[mid] as Level)[0], price);
    if (order === 0) {
      if (isZero(level[1])) side.splice(mid, 1);
      else (side[mid] as Level)[1] = level[1];
      return;
    }
    if (descending ? order > 0 : order < 0) low = mid + 1;
    else high = mid;
  }
  if (!isZero(level[1])) side.splice(low, 0, [level[0], level[1]]);
}

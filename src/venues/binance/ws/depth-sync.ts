import { ScaledBook } from '../../../core/book/scaled-book';
import { readScaled, type ScaledValue } from '../../../core/book/scaled-number';
import type { ScaledLevels } from '../../../core/book/scaled-levels';
import type { BookLevel } from '../../../core/events/market-events';
import type { WireDepth } from '../parse/wire';

/** A diff-depth event (web-socket-streams.md "Diff. Depth Stream"): `U` first and `u` final update id. */
export interface DepthDiff {
  readonly E: number;
  readonly s: string;
  readonly U: number;
  readonly u: number;
  readonly b: readonly (readonly [string, string])[];
  readonly a: readonly (readonly [string, string])[];
}

/** The same event with its levels already read into exact scaled integers (core/book/scaled-levels.ts). */
export interface ScaledDepthDiff {
  readonly scaled: true;
  readonly E: number;
  readonly s: string;
  readonly U: number;
  readonly u: number;
  readonly b: ScaledLevels;
  readonly a: ScaledLevels;
}

export type DiffOutcome =
  /** Waiting for a snapshot: kept in the buffer. */
  | { readonly kind: 'buffered' }
  /** Already covered by the book (`u` <= the book's update id). */
  | { readonly kind: 'ignored' }
  /** Applied; the changed levels are the event's own (scaled integers, quantity 0 removes). */
  | { readonly kind: 'applied'; readonly bids: ScaledLevels; readonly asks: ScaledLevels }
  /** A price or size that cannot be held exactly (not a plain decimal, or past 2^53 at the book's scale): the book is discarded. */
  | { readonly kind: 'unrepresentable' }
  /** `U` > book id + 1: events were missed; the book is discarded and must be resynced. */
  | { readonly kind: 'gap'; readonly expected: number; readonly found: number };

export type SnapshotOutcome =
  | { readonly kind: 'synced'; readonly applied: number }
  /** lastUpdateId < first buffered U: the snapshot is too old, fetch another. */
  | { readonly kind: 'stale'; readonly lastUpdateId: number; readonly firstBufferedU: number }
  /** A level that cannot be held exactly: the book stays discarded (the caller reports it). */
  | { readonly kind: 'unrepresentable' };

/**
 * One symbol's local book kept exactly as Binance's "How to manage a local order book correctly" says:
 * buffer; snapshot; a snapshot older than the first buffered U is fetched again; drop u <= lastUpdateId;
 * apply; U > local + 1 is a gap and the book is discarded until the next snapshot. Pure: no I/O, no timers.
 * Levels live in a ScaledBook (exact scaled integers, sorted): Decimals are made only when levels are read.
 */
export class DepthSynchronizer {
  private readonly book = new ScaledBook();
  private buffer: ScaledDepthDiff[] = [];
  private updateId = -1;
  private synced = false;

  /** Bound on the buffer while a snapshot is awaited; past it the oldest are dropped (the snapshot will cover them or be stale). */
  constructor(private readonly maxBuffer = 10_000) {}

  get valid(): boolean {
    return this.synced;
  }

  get lastUpdateId(): number {
    return this.updateId;
  }

  /** The integer book itself (sorted sides, for views that read it without Decimals). */
  get scaledBook(): ScaledBook {
    return this.book;
  }

  onDiff(wire: DepthDiff | ScaledDepthDiff): DiffOutcome {
    const diff = 'scaled' in wire ? wire : scaleDiff(wire);
    if (diff === undefined) return this.unrepresentable();
    if (!this.synced) {
      this.buffer.push(diff);
      if (this.buffer.length > this.maxBuffer) this.buffer.shift();
      return { kind: 'buffered' };
    }
    return this.apply(diff);
  }

  /** The first buffered U, or undefined when nothing is buffered yet (the snapshot must wait for one event). */
  firstBufferedU(): number | undefined {
    return this.buffer[0]?.U;
  }

  applySnapshot(snapshot: WireDepth): SnapshotOutcome {
    const first = this.buffer[0];
    if (first !== undefined && snapshot.lastUpdateId < first.U) {
      return { kind: 'stale', lastUpdateId: snapshot.lastUpdateId, firstBufferedU: first.U };
    }
    this.book.clear();
    const bids = scaleLevels(snapshot.bids);
    const asks = scaleLevels(snapshot.asks);
    if (bids === undefined || asks === undefined || !this.setLevels(true, bids) || !this.setLevels(false, asks)) {
      this.reset();
      return { kind: 'unrepresentable' };
    }
    this.updateId = snapshot.lastUpdateId;
    this.synced = true;
    const pending = this.buffer.filter((diff) => diff.u > snapshot.lastUpdateId);
    this.buffer = [];
    let applied = 0;
    for (const diff of pending) {
      const outcome = this.apply(diff);
      if (outcome.kind === 'gap') return { kind: 'stale', lastUpdateId: snapshot.lastUpdateId, firstBufferedU: diff.U };
      if (outcome.kind === 'unrepresentable') return outcome;
      if (outcome.kind === 'applied') applied++;
    }
    return { kind: 'synced', applied };
  }

  /** Discards the book (gap, reconnect): it stays invalid until the next snapshot. */
  reset(): void {
    this.synced = false;
    this.updateId = -1;
    this.buffer = [];
    this.book.clear();
  }

  /** Best `depth` levels per side, best first, as exact Decimals. */
  levels(depth = Number.POSITIVE_INFINITY): { bids: BookLevel[]; asks: BookLevel[] } {
    return this.book.levels(depth);
  }

  /** Best `depth` levels of a side as scaled integers (a snapshot event converts them lazily). */
  scaledLevels(bid: boolean, depth = Number.POSITIVE_INFINITY): ScaledLevels {
    return this.book.scaledLevels(bid, depth);
  }

  private apply(diff: ScaledDepthDiff): DiffOutcome {
    if (diff.u <= this.updateId) return { kind: 'ignored' };
    if (diff.U > this.updateId + 1) {
      const expected = this.updateId + 1;
      this.reset();
      this.buffer.push(diff);
      return { kind: 'gap', expected, found: diff.U };
    }
    if (!this.setLevels(true, diff.b) || !this.setLevels(false, diff.a)) return this.unrepresentable();
    this.updateId = diff.u;
    return { kind: 'applied', bids: diff.b, asks: diff.a };
  }

  private unrepresentable(): DiffOutcome {
    this.reset();
    return { kind: 'unrepresentable' };
  }

  /** Sets each level; quantity zero removes it (web-socket-streams.md update procedure). Indexed loop: hot path. */
  private setLevels(bid: boolean, levels: ScaledLevels): boolean {
    for (let i = 0; i + 3 < levels.length; i += 4) {
      price.mantissa = levels[i] as number;
      price.digits = levels[i + 1] as number;
      size.mantissa = levels[i + 2] as number;
      size.digits = levels[i + 3] as number;
      if (!this.book.set(bid, price, size)) return false;
    }
    return true;
  }
}

const price: ScaledValue = { mantissa: 0, digits: 0 };
const size: ScaledValue = { mantissa: 0, digits: 0 };

/** Wire string levels as scaled integers, or undefined when one is not a plain decimal that fits. */
export function scaleLevels(levels: readonly (readonly [string, string])[]): number[] | undefined {
  const out: number[] = [];
  const value: ScaledValue = { mantissa: 0, digits: 0 };
  for (const [p, q] of levels) {
    if (!readScaled(p, 0, p.length, value)) return undefined;
    const m = value.mantissa;
    const d = value.digits;
    if (!readScaled(q, 0, q.length, value)) return undefined;
    out.push(m, d, value.mantissa, value.digits);
  }
  return out;
}

/** A diff from JSON.parse (wire strings) in scaled form. */
export function scaleDiff(diff: DepthDiff): ScaledDepthDiff | undefined {
  const b = scaleLevels(diff.b);
  const a = scaleLevels(diff.a);
  if (b === undefined || a === undefined) return undefined;
  return { scaled: true, E: diff.E, s: diff.s, U: diff.U, u: diff.u, b, a };
}

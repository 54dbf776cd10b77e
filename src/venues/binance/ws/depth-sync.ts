import { Decimal } from '../../../core/money/decimal';
import type { Price } from '../../../core/money/price';
import type { Quantity } from '../../../core/money/quantity';
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

export type DiffOutcome =
  /** Waiting for a snapshot: kept in the buffer. */
  | { readonly kind: 'buffered' }
  /** Already covered by the book (`u` <= the book's update id). */
  | { readonly kind: 'ignored' }
  | { readonly kind: 'applied'; readonly bids: BookLevel[]; readonly asks: BookLevel[] }
  /** `U` > book id + 1: events were missed; the book is discarded and must be resynced. */
  | { readonly kind: 'gap'; readonly expected: number; readonly found: number };

export type SnapshotOutcome =
  | { readonly kind: 'synced'; readonly applied: number }
  /** lastUpdateId < first buffered U: the snapshot is too old, fetch another. */
  | { readonly kind: 'stale'; readonly lastUpdateId: number; readonly firstBufferedU: number };

/**
 * One symbol's local book kept exactly as Binance's "How to manage a local order book correctly" says:
 * buffer; snapshot; a snapshot older than the first buffered U is fetched again; drop u <= lastUpdateId;
 * apply; U > local + 1 is a gap and the book is discarded until the next snapshot. Pure: no I/O, no timers.
 */
export class DepthSynchronizer {
  private readonly bids = new Map<string, BookLevel>();
  private readonly asks = new Map<string, BookLevel>();
  private buffer: DepthDiff[] = [];
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

  onDiff(diff: DepthDiff): DiffOutcome {
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
    this.bids.clear();
    this.asks.clear();
    setLevels(this.bids, snapshot.bids);
    setLevels(this.asks, snapshot.asks);
    this.updateId = snapshot.lastUpdateId;
    this.synced = true;
    const pending = this.buffer.filter((diff) => diff.u > snapshot.lastUpdateId);
    this.buffer = [];
    let applied = 0;
    for (const diff of pending) {
      const outcome = this.apply(diff);
      if (outcome.kind === 'gap') return { kind: 'stale', lastUpdateId: snapshot.lastUpdateId, firstBufferedU: diff.U };
      if (outcome.kind === 'applied') applied++;
    }
    return { kind: 'synced', applied };
  }

  /** Discards the book (gap, reconnect): it stays invalid until the next snapshot. */
  reset(): void {
    this.synced = false;
    this.updateId = -1;
    this.buffer = [];
    this.bids.clear();
    this.asks.clear();
  }

  /** Best `depth` levels per side, best first. */
  levels(depth = Number.POSITIVE_INFINITY): { bids: BookLevel[]; asks: BookLevel[] } {
    const bids = [...this.bids.values()].sort((x, y) => y.price.compare(x.price));
    const asks = [...this.asks.values()].sort((x, y) => x.price.compare(y.price));
    return { bids: bids.slice(0, depth), asks: asks.slice(0, depth) };
  }

  private apply(diff: DepthDiff): DiffOutcome {
    if (diff.u <= this.updateId) return { kind: 'ignored' };
    if (diff.U > this.updateId + 1) {
      const expected = this.updateId + 1;
      this.reset();
      this.buffer.push(diff);
      return { kind: 'gap', expected, found: diff.U };
    }
    const bids = setLevels(this.bids, diff.b);
    const asks = setLevels(this.asks, diff.a);
    this.updateId = diff.u;
    return { kind: 'applied', bids, asks };
  }
}

/** Sets each level (quantity zero removes it) and returns the changes as engine levels. */
function setLevels(side: Map<string, BookLevel>, levels: readonly (readonly [string, string])[]): BookLevel[] {
  const changes: BookLevel[] = [];
  for (const [priceText, quantityText] of levels) {
    const price = Decimal.parse(priceText) as Price;
    const quantity = Decimal.parse(quantityText) as Quantity;
    // Keyed by the normalized price so "0.10" and "0.1000" are one level.
    const key = price.normalize().toString();
    if (quantity.isZero()) side.delete(key);
    else side.set(key, { price, quantity });
    changes.push({ price, quantity });
  }
  return changes;
}

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
  /** Applied; the changed levels are the event's own (wire strings, quantity "0" removes). */
  | { readonly kind: 'applied'; readonly bids: DepthDiff['b']; readonly asks: DepthDiff['a'] }
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
  /** Levels as wire strings keyed by price (see priceKey): exact, and parsed into decimals only when read. */
  private readonly bids = new Map<number | string, readonly [string, string]>();
  private readonly asks = new Map<number | string, readonly [string, string]>();
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
    const bids = [...this.bids.values()].map(toLevel).sort((x, y) => y.price.compare(x.price));
    const asks = [...this.asks.values()].map(toLevel).sort((x, y) => x.price.compare(y.price));
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
    setLevels(this.bids, diff.b);
    setLevels(this.asks, diff.a);
    this.updateId = diff.u;
    return { kind: 'applied', bids: diff.b, asks: diff.a };
  }
}

/** Wire levels as engine levels (exact decimals). */
export function toLevel(level: readonly [string, string]): BookLevel {
  return { price: Decimal.parse(level[0]) as Price, quantity: Decimal.parse(level[1]) as Quantity };
}

/** 10^(8 - k): scales a mantissa with k fractional digits to units of 1e-8. */
const SCALE = [1e8, 1e7, 1e6, 1e5, 1e4, 1e3, 1e2, 1e1, 1];

/**
 * The key of a price level: its value in exact integer units of 1e-8 (Binance's finest precision) when that
 * integer is below 2^53, else the canonical text (trailing fractional zeros dropped). Either way "0.10" and
 * "0.1000" are one level. Integer keys avoid a string allocation and a string hash on every level of every
 * message; no binary fraction is ever involved.
 */
function priceKey(text: string): number | string {
  let mantissa = 0;
  let fraction = -1;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 46 && fraction < 0) {
      fraction = 0;
      continue;
    }
    if (c < 48 || c > 57) return canonical(text);
    mantissa = mantissa * 10 + (c - 48);
    if (fraction >= 0) fraction++;
  }
  const digits = fraction < 0 ? 0 : fraction;
  if (digits > 8) return canonical(text);
  const key = mantissa * (SCALE[digits] as number);
  return Number.isSafeInteger(key) ? key : canonical(text);
}

function canonical(text: string): string {
  if (text.indexOf('.') < 0) return text;
  let end = text.length;
  while (end > 0 && text.charCodeAt(end - 1) === 48) end--;
  if (text.charCodeAt(end - 1) === 46) end--;
  return end === text.length ? text : text.slice(0, end);
}

/** A wire quantity is zero when it has no digit other than 0 ("0", "0.00000000"). */
function isZero(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c !== 48 && c !== 46) return false;
  }
  return true;
}

/** Sets each level; quantity zero removes it (web-socket-streams.md update procedure). Indexed loop: hot path. */
function setLevels(side: Map<number | string, readonly [string, string]>, levels: readonly (readonly [string, string])[]): void {
  for (let i = 0; i < levels.length; i++) {
    const level = levels[i] as readonly [string, string];
    const key = priceKey(level[0]);
    if (isZero(level[1])) side.delete(key);
    else side.set(key, level);
  }
}

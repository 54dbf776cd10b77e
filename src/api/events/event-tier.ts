import type { SequencedEvent } from '../../engine/trading-engine';

/** A read position in a tier, moving toward newer events. */
export interface TierCursor {
  peek(): SequencedEvent | undefined;
  advance(): void;
}

/**
 * One tier of the event log: events in cursor order with the time each arrived, at most `capacity` of them.
 * `floor` is one past the cursor of the newest event the tier has dropped: every event of this tier with a
 * cursor at or above it is still here.
 */
export class EventTier {
  private readonly items: SequencedEvent[] = [];
  private readonly times: number[] = [];
  private start = 0;
  private dropped = 0;

  constructor(private readonly capacity: number) {}

  get floor(): number {
    return this.dropped + 1;
  }

  get size(): number {
    return this.items.length - this.start;
  }

  push(item: SequencedEvent, at: number): void {
    this.items.push(item);
    this.times.push(at);
    while (this.size > this.capacity) this.dropFirst();
    this.compact();
  }

  /** Drops the events that arrived before `time`. */
  dropOlderThan(time: number): void {
    while (this.size > 0 && (this.times[this.start] ?? time) < time) this.dropFirst();
    this.compact();
  }

  /**
   * After a restart: every event of this tier up to `cursor` is gone (it was not kept, or is past its retention),
   * so a reader from before it is told its cursor expired rather than given a silent gap.
   */
  lostUpTo(cursor: number): void {
    this.dropped = Math.max(this.dropped, cursor);
  }

  /** A position at the first event with cursor > after (binary search: cursors only grow). */
  cursorAfter(after: number): TierCursor {
    let low = this.start;
    let high = this.items.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if ((this.items[middle]?.cursor ?? Infinity) <= after) low = middle + 1;
      else high = middle;
    }
    let index = low;
    return {
      peek: () => this.items[index],
      advance: () => {
        index++;
      },
    };
  }

  *newestFirst(): Generator<SequencedEvent> {
    for (let index = this.items.length - 1; index >= this.start; index--) {
      const item = this.items[index];
      if (item !== undefined) yield item;
    }
  }

  private dropFirst(): void {
    const item = this.items[this.start];
    if (item !== undefined) this.dropped = item.cursor;
    this.items[this.start] = undefined as unknown as SequencedEvent;
    this.start++;
  }

  /** Reclaims the dropped front now and then, so that dropping stays O(1) amortised. */
  private compact(): void {
    if (this.start > 1024 && this.start * 2 > this.items.length) {
      this.items.splice(0, this.start);
      this.times.splice(0, this.start);
      this.start = 0;
    }
  }
}

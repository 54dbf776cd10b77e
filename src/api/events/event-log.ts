import { TmtError, type EngineEvent, type MessageBus } from '../../core';
import type { SequencedEvent } from '../../engine/trading-engine';

export type EventListener = (event: SequencedEvent) => void;

/**
 * The recent-events window behind `GET /events` and the live stream: every bus event gets the next cursor
 * (1, 2, 3...) and the last `retention` are kept. A reader asks for "everything after cursor N"; if N has
 * already left the window it gets API_CURSOR_EXPIRED rather than a silent gap.
 */
export class EventLog {
  private readonly ring: (SequencedEvent | undefined)[];
  private nextCursor = 1;
  private readonly listeners = new Set<EventListener>();
  private readonly unsubscribe: () => void;

  constructor(
    bus: MessageBus,
    private readonly retention: number,
  ) {
    this.ring = new Array<SequencedEvent | undefined>(retention);
    this.unsubscribe = bus.subscribe('*', (event) => this.append(event));
  }

  /** The cursor of the newest event (0 before the first). */
  get head(): number {
    return this.nextCursor - 1;
  }

  /** The oldest cursor still kept. */
  get oldest(): number {
    return Math.max(1, this.nextCursor - this.retention);
  }

  append(event: EngineEvent): SequencedEvent {
    const sequenced: SequencedEvent = { cursor: this.nextCursor++, event };
    this.ring[sequenced.cursor % this.retention] = sequenced;
    for (const listener of this.listeners) listener(sequenced);
    return sequenced;
  }

  /** Events with cursor > after, oldest first. Throws API_CURSOR_EXPIRED when some of them are gone. */
  after(after: number, limit = Number.MAX_SAFE_INTEGER): SequencedEvent[] {
    if (after > this.head) return [];
    if (after + 1 < this.oldest) {
      throw new TmtError(
        'API_CURSOR_EXPIRED',
        `cursor ${after} is older than the retained window (oldest ${this.oldest})`,
        {
          field: 'cursor',
          details: { oldest: String(this.oldest), head: String(this.head) },
        },
      );
    }
    const out: SequencedEvent[] = [];
    for (let cursor = after + 1; cursor <= this.head && out.length < limit; cursor++) {
      const entry = this.ring[cursor % this.retention];
      if (entry !== undefined) out.push(entry);
    }
    return out;
  }

  /** The newest `limit` events. */
  recent(limit: number): SequencedEvent[] {
    return this.after(Math.max(this.oldest - 1, this.head - limit), limit);
  }

  listen(listener: EventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  close(): void {
    this.unsubscribe();
    this.listeners.clear();
  }
}

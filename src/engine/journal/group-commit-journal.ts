import type { Clock, JournalEntryInput, JournalStore } from '../../core';
import { encodeExact } from '../../core';
import type { Logger } from '../../shared/logger';

interface Waiter {
  resolve: () => void;
  reject: (error: unknown) => void;
}

/**
 * Group commit: every record() made in the same tick goes to the store in one append, so a burst of submits
 * costs one transaction (one fsync under 'power' durability) instead of one each. While an append is in
 * flight, new records gather for the next one. The promise of a record resolves once its batch is durable.
 */
export class GroupCommitJournal {
  /** Payloads are encoded at flush time, off the caller's synchronous path (a fill's position update). */
  private pending: { type: string; stream: string; payload: unknown; recordedAt: number }[] = [];
  private waiters: Waiter[] = [];
  private scheduled = false;
  private flushing: Promise<void> | undefined;
  private failure: unknown;
  private appended = 0;
  private lastSequence = 0;

  /** Called once, on the first failed append: the engine stops taking intents (corrupt is worse than none). */
  onFailure: (error: unknown) => void = () => undefined;

  constructor(
    private readonly store: JournalStore,
    private readonly clock: Clock,
    private readonly logger: Logger,
  ) {}

  /** Queues one record; the returned promise settles when it is durable. */
  record(type: string, stream: string, payload: unknown): Promise<void> {
    this.pending.push({ type, stream, payload, recordedAt: this.clock.now() });
    return new Promise<void>((resolve, reject) => {
      this.waiters.push({ resolve, reject });
      this.schedule();
    });
  }

  /** Queues a record whose durability nobody waits for (fills, late facts): errors are logged. */
  recordQuietly(type: string, stream: string, payload: unknown): void {
    this.pending.push({ type, stream, payload, recordedAt: this.clock.now() });
    this.waiters.push({
      resolve: noop,
      reject: (error) => this.logger.error({ err: error, type }, 'journal append failed'),
    });
    this.schedule();
  }

  /** Resolves once everything recorded so far is durable. */
  async flush(): Promise<void> {
    while (this.pending.length > 0 || this.flushing !== undefined) {
      if (this.flushing !== undefined) await this.flushing;
      else await this.drain();
    }
  }

  /** Sets the sequence the store had at start (before this run appended anything). */
  startAt(sequence: number): void {
    this.lastSequence = sequence;
  }

  /** The last sequence made durable by this journal; exact only while idle(). */
  durableSequence(): number {
    return this.lastSequence;
  }

  /** Nothing pending and nothing being written: the in-memory state equals the journal up to durableSequence(). */
  idle(): boolean {
    return this.pending.length === 0 && this.flushing === undefined;
  }

  entriesAppended(): number {
    return this.appended;
  }

  /** The first append failure, if any: after it the engine must stop taking intents (corrupt is worse than none). */
  lastFailure(): unknown {
    return this.failure;
  }

  private schedule(): void {
    if (this.scheduled || this.flushing !== undefined) return;
    this.scheduled = true;
    queueMicrotask(() => {
      this.scheduled = false;
      void this.drain();
    });
  }

  private drain(): Promise<void> {
    if (this.flushing !== undefined || this.pending.length === 0) return this.flushing ?? Promise.resolve();
    const pending = this.pending;
    const waiters = this.waiters;
    this.pending = [];
    this.waiters = [];
    let entries: JournalEntryInput[];
    try {
      entries = pending.map((p) => ({
        type: p.type,
        stream: p.stream,
        payload: encodeExact(p.payload),
        recordedAt: p.recordedAt,
      }));
    } catch (error) {
      for (const waiter of waiters) waiter.reject(error);
      return Promise.resolve();
    }
    this.flushing = this.store.append(entries).then(
      (written) => {
        this.appended += entries.length;
        const last = written[written.length - 1];
        if (last !== undefined) this.lastSequence = last.sequence;
        for (const waiter of waiters) waiter.resolve();
      },
      (error: unknown) => {
        if (this.failure === undefined) {
          this.failure = error;
          this.logger.error({ err: error }, 'journal append failed');
          this.onFailure(error);
        }
        for (const waiter of waiters) waiter.reject(error);
      },
    );
    return this.flushing.finally(() => {
      this.flushing = undefined;
      if (this.pending.length > 0) this.schedule();
    });
  }
}

function noop(): void {}

import type { Clock, CompanionWrite, JournalEntry, JournalEntryInput, JournalStore } from '../../core';
import { encodeExactDirect } from '../../core';
import type { Logger } from '../../shared/logger';

interface Waiter {
  resolve: () => void;
  reject: (error: unknown) => void;
}

interface Pending {
  readonly type: string;
  readonly stream: string;
  readonly payload: unknown;
  readonly recordedAt: number;
}

const noop = (): void => undefined;

/**
 * Group commit: every record() and join() made before the current microtask queue drains goes to the store in
 * one append, one transaction: the journal records, the audit records and any other companion write of the
 * same group (one fsync under 'power' durability). While an append is in flight (only with an asynchronous
 * store: 'power', PostgreSQL), new records gather for the next one. A record's promise resolves once its
 * batch is durable.
 *
 * Why a microtask and not setImmediate: a submit's records are all made in one synchronous run, so the
 * microtask already sees the whole group, and waiting a whole event-loop turn would add the turn's latency
 * (timers, I/O polling) to every submit without making any group larger. With 'process' durability and a
 * synchronous store the commit is made on that microtask, and the waiters resolve on the next one.
 */
export class GroupCommitJournal {
  /** Payloads are encoded at flush time, off the caller's synchronous path (a fill's position update). */
  private pending: Pending[] = [];
  private companions: CompanionWrite[] = [];
  private waiters: Waiter[] = [];
  private scheduled = false;
  private flushing: Promise<void> | undefined;
  private failure: unknown;
  private appended = 0;
  private lastSequence = 0;
  /** The synchronous fast path: 'process' durability over a store with appendSync (SQLite). */
  private readonly synchronous: boolean;
  private readonly drainOnMicrotask = (): void => {
    this.scheduled = false;
    void this.drain();
  };

  /** Called once, on the first failed append: the engine stops taking intents (corrupt is worse than none). */
  onFailure: (error: unknown) => void = () => undefined;

  constructor(
    private readonly store: JournalStore,
    private readonly clock: Clock,
    private readonly logger: Logger,
  ) {
    this.synchronous = store.durability === 'process' && store.appendSync !== undefined;
  }

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

  /**
   * Queues a companion write (an audit record) for the next group commit: it runs inside the journal's own
   * transaction where the store supports it (SQLite), else right after that group's append is durable. The
   * promise settles when the write is durable with its group.
   */
  join(write: CompanionWrite): Promise<void> {
    this.companions.push(write);
    return new Promise<void>((resolve, reject) => {
      this.waiters.push({ resolve, reject });
      this.schedule();
    });
  }

  /**
   * Whether a companion write runs inside the journal's transaction, before its COMMIT ('process' over a
   * store that runs companions in its transaction). Otherwise companions follow their group's commit.
   */
  companionsBeforeCommit(): boolean {
    return this.synchronous && this.store.companionsInTransaction === true;
  }

  /** Resolves once everything recorded so far is durable. */
  async flush(): Promise<void> {
    while (this.hasPending() || this.flushing !== undefined) {
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
    return !this.hasPending() && this.flushing === undefined;
  }

  entriesAppended(): number {
    return this.appended;
  }

  /** The first append failure, if any: after it the engine must stop taking intents (corrupt is worse than none). */
  lastFailure(): unknown {
    return this.failure;
  }

  private hasPending(): boolean {
    return this.pending.length > 0 || this.companions.length > 0;
  }

  private schedule(): void {
    if (this.scheduled || this.flushing !== undefined) return;
    this.scheduled = true;
    queueMicrotask(this.drainOnMicrotask);
  }

  private drain(): Promise<void> {
    if (this.flushing !== undefined) return this.flushing;
    if (!this.hasPending()) return Promise.resolve();
    const pending = this.pending;
    const companions = this.companions;
    const waiters = this.waiters;
    this.pending = [];
    this.companions = [];
    this.waiters = [];
    let entries: JournalEntryInput[];
    try {
      entries = encodeAll(pending);
    } catch (error) {
      for (const waiter of waiters) waiter.reject(error);
      return Promise.resolve();
    }
    if (this.synchronous) {
      this.commitNow(entries, companions, waiters);
      return Promise.resolve();
    }
    this.flushing = this.appendLater(entries, companions).then(
      (written) => this.succeeded(entries.length, written, waiters),
      (error: unknown) => this.failed(error, waiters),
    );
    return this.flushing.finally(() => {
      this.flushing = undefined;
      if (this.hasPending()) this.schedule();
    });
  }

  /** 'process' over SQLite: durable when appendSync returns, companions inside the same transaction. */
  private commitNow(entries: JournalEntryInput[], companions: CompanionWrite[], waiters: Waiter[]): void {
    const store = this.store as Required<Pick<JournalStore, 'appendSync'>> & JournalStore;
    let written: readonly JournalEntry[];
    try {
      if (store.companionsInTransaction === true) written = store.appendSync(entries, companions);
      else {
        written = entries.length === 0 ? [] : store.appendSync(entries);
        for (const write of companions) write();
      }
    } catch (error) {
      this.failed(error, waiters);
      return;
    }
    this.succeeded(entries.length, written, waiters);
  }

  private async appendLater(
    entries: JournalEntryInput[],
    companions: CompanionWrite[],
  ): Promise<readonly JournalEntry[]> {
    const written = entries.length === 0 ? [] : await this.store.append(entries);
    // No shared transaction across an asynchronous store: the companions follow their group once it is durable.
    for (const write of companions) write();
    return written;
  }

  private succeeded(count: number, written: readonly JournalEntry[], waiters: Waiter[]): void {
    this.appended += count;
    const last = written[written.length - 1];
    if (last !== undefined) this.lastSequence = last.sequence;
    for (const waiter of waiters) waiter.resolve();
  }

  private failed(error: unknown, waiters: Waiter[]): void {
    if (this.failure === undefined) {
      this.failure = error;
      this.logger.error({ err: error }, 'journal append failed');
      this.onFailure(error);
    }
    for (const waiter of waiters) waiter.reject(error);
  }
}

function encodeAll(pending: readonly Pending[]): JournalEntryInput[] {
  const entries = new Array<JournalEntryInput>(pending.length);
  for (let i = 0; i < pending.length; i++) {
    const p = pending[i] as Pending;
    entries[i] = { type: p.type, stream: p.stream, payload: encodeExactDirect(p.payload), recordedAt: p.recordedAt };
  }
  return entries;
}

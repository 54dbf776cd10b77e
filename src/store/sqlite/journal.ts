import type { Database, Statement } from 'better-sqlite3';

import {
  TmtError,
  type CompanionWrite,
  type Durability,
  type IntegrityReport,
  type JournalEntry,
  type JournalEntryInput,
  type JournalStore,
  type Snapshot,
} from '../../core';
import type { Logger } from '../../shared/logger';
import { chainChecksum } from '../checksum';
import { validateEntries } from '../entry-validation';
import {
  newestValidSnapshot,
  SNAPSHOTS_KEPT,
  snapshotStateChecksum,
  type StoredSnapshotRow,
} from '../snapshots';
import { verifySqliteJournal, type VerifyOptions } from './integrity';
import type { WalFsync } from './wal-fsync';

interface PendingAppend {
  readonly entries: readonly JournalEntryInput[];
  resolve(result: readonly JournalEntry[]): void;
  reject(error: unknown): void;
}

/**
 * The journal over one better-sqlite3 connection, the only writer. The last sequence and checksum live in
 * memory (read once at open, after verification), so an append is: hash, INSERT, COMMIT. The position (rowid)
 * is set equal to the sequence, so a second writer that slipped past the single-writer rule fails on the
 * primary key instead of forking the chain.
 *
 * Durability 'process' (synchronous=NORMAL): a COMMIT reaches the OS before it returns; `append` resolves at
 * once and `appendSync` is the same without the promise. `appendSync` also takes companion writes (the audit
 * record of the same intent, in a database attached to this connection: see `attach`), run inside the same
 * transaction. 'power': appends are grouped: every `append` made before the microtask queue drains joins one
 * transaction (a microtask, not setImmediate: no idle event-loop turn is added to a commit that durability
 * does not need), and all their promises resolve together once it is on disk: by default after an fsync of the WAL on the thread pool that later
 * commits share (wal-fsync.ts: the event loop never waits for the disk); with powerSync 'full', by
 * synchronous=FULL inside the COMMIT (one blocking fsync per group). Each caller's batch keeps its own
 * commit-end marker, so a caller's batch is still the unit of atomicity seen by verify().
 */
export class SqliteJournal implements JournalStore {
  private lastSequenceValue: number;
  private lastChecksum: string;
  private queue: PendingAppend[] = [];
  private flushScheduled = false;
  private closed = false;
  private transactions = 0;
  private readonly insert: Statement;
  private readonly selectAfter: Statement;
  private readonly writeBatches: (batches: readonly (readonly JournalEntryInput[])[]) => JournalEntry[][];
  private readonly writeWithCompanions: (
    entries: readonly JournalEntryInput[],
    companions: readonly CompanionWrite[],
  ) => JournalEntry[][];
  private readonly flushQueue = (): void => this.flush();
  /** appendSync runs its companions inside the journal's transaction. */
  readonly companionsInTransaction = true;

  constructor(
    private readonly db: Database,
    readonly durability: Durability,
    last: { readonly sequence: number; readonly checksum: string },
    private readonly logger: Logger,
    /** Present for 'power' with powerSync 'async-fsync': the COMMIT does not fsync, this does. */
    private readonly walFsync?: WalFsync,
  ) {
    this.lastSequenceValue = last.sequence;
    this.lastChecksum = last.checksum;
    this.insert = db.prepare(
      `INSERT INTO journal (position, sequence, type, stream, payload, recorded_at, checksum, previous_checksum, commit_end)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.selectAfter = db.prepare(
      'SELECT sequence, type, stream, payload, recorded_at, checksum FROM journal WHERE position > ? ORDER BY position LIMIT ?',
    );
    this.writeBatches = db.transaction((batches: readonly (readonly JournalEntryInput[])[]) =>
      this.insertBatches(batches),
    );
    this.writeWithCompanions = db.transaction(
      (entries: readonly JournalEntryInput[], companions: readonly CompanionWrite[]) => {
        const written = entries.length === 0 ? [] : this.insertBatches([entries]);
        for (const write of companions) write();
        return written;
      },
    );
  }

  /**
   * Attaches another SQLite file to this connection under `schema`, so that its writes can be companions of
   * journal appends: one transaction, one commit call for both files. Returns the connection to prepare
   * statements on (tables as `<schema>.<table>`). Each file keeps its own WAL; in WAL mode SQLite makes a
   * commit atomic per file, so a crash inside the commit can keep the journal's part and lose the other
   * (never the reverse order: the main database commits first). Idempotent per schema name.
   */
  attach(filename: string, schema: string): Database {
    this.assertOpen();
    if (!/^[a-z_][a-z0-9_]*$/.test(schema))
      throw new TmtError('STORE_INVALID_ENTRY', 'schema must be a lower-case SQL identifier', {
        field: 'schema',
      });
    const attached = this.db.prepare('SELECT name FROM pragma_database_list WHERE name = ?').get(schema);
    if (attached === undefined) this.db.prepare(`ATTACH DATABASE ? AS ${schema}`).run(filename);
    return this.db;
  }

  /** The synchronous fast path: durable at `durability` when it returns. Appends queued by `append` go first. */
  appendSync(
    entries: readonly JournalEntryInput[],
    companions: readonly CompanionWrite[] = [],
  ): readonly JournalEntry[] {
    this.assertOpen();
    validateEntries(entries);
    if (this.queue.length > 0) this.flush();
    if (companions.length > 0) {
      const written = this.commit([entries], companions)[0] ?? [];
      this.walFsync?.syncNow();
      return written;
    }
    if (entries.length === 0) return [];
    const written = this.commit([entries])[0] ?? [];
    this.walFsync?.syncNow();
    return written;
  }

  async append(entries: readonly JournalEntryInput[]): Promise<readonly JournalEntry[]> {
    this.assertOpen();
    validateEntries(entries);
    if (entries.length === 0) return [];
    if (this.durability === 'process') return this.commit([entries])[0] ?? [];
    return new Promise((resolve, reject) => {
      this.queue.push({ entries, resolve, reject });
      if (!this.flushScheduled) {
        this.flushScheduled = true;
        queueMicrotask(this.flushQueue);
      }
    });
  }

  async read(after: number, limit: number): Promise<readonly JournalEntry[]> {
    return this.readSync(after, limit);
  }

  /** Entries with sequence > after, oldest first: replay at open without a promise per page. */
  readSync(after: number, limit: number): readonly JournalEntry[] {
    this.assertOpen();
    if (!Number.isSafeInteger(after) || after < 0)
      throw new TmtError('STORE_INVALID_ENTRY', 'after must be a non-negative integer', { field: 'after' });
    if (!Number.isSafeInteger(limit) || limit < 1)
      throw new TmtError('STORE_INVALID_ENTRY', 'limit must be a positive integer', { field: 'limit' });
    const rows = this.selectAfter.all(after, limit) as {
      sequence: number;
      type: string;
      stream: string;
      payload: string;
      recorded_at: number;
      checksum: string;
    }[];
    return rows.map((row) => ({
      sequence: row.sequence,
      type: row.type,
      stream: row.stream,
      payload: row.payload,
      recordedAt: row.recorded_at,
      checksum: row.checksum,
    }));
  }

  async lastSequence(): Promise<number> {
    this.assertOpen();
    return this.lastSequenceValue;
  }

  lastSequenceSync(): number {
    return this.lastSequenceValue;
  }

  /** Transactions committed since open: with `power`, appends / transactions is the group-commit size. */
  get transactionCount(): number {
    return this.transactions;
  }

  /** WAL fsyncs made by the async-fsync group commit since open (undefined for other modes). */
  get fsyncCount(): number | undefined {
    return this.walFsync?.completed;
  }

  async verify(options: VerifyOptions = {}): Promise<IntegrityReport> {
    this.assertOpen();
    if (this.queue.length > 0) this.flush();
    return verifySqliteJournal(this.db, options).report;
  }

  async saveSnapshot(snapshot: Snapshot): Promise<void> {
    this.assertOpen();
    if (
      !Number.isSafeInteger(snapshot.sequence) ||
      snapshot.sequence < 1 ||
      snapshot.sequence > this.lastSequenceValue
    ) {
      throw new TmtError(
        'STORE_INVALID_ENTRY',
        `snapshot.sequence must be within the journal (1..${this.lastSequenceValue})`,
        {
          field: 'snapshot.sequence',
          details: { found: String(snapshot.sequence), lastSequence: String(this.lastSequenceValue) },
        },
      );
    }
    if (typeof snapshot.state !== 'string')
      throw new TmtError('STORE_INVALID_ENTRY', 'snapshot.state must be a string', {
        field: 'snapshot.state',
      });
    this.db.transaction(() => {
      this.db
        .prepare(
          `INSERT OR REPLACE INTO snapshots (sequence, state, created_at, state_checksum, journal_checksum)
           VALUES (?, ?, ?, ?, (SELECT checksum FROM journal WHERE position = ?))`,
        )
        .run(
          snapshot.sequence,
          snapshot.state,
          snapshot.createdAt,
          snapshotStateChecksum(snapshot.state),
          snapshot.sequence,
        );
      this.db
        .prepare(
          'DELETE FROM snapshots WHERE sequence NOT IN (SELECT sequence FROM snapshots ORDER BY sequence DESC LIMIT ?)',
        )
        .run(SNAPSHOTS_KEPT);
    })();
  }

  /** The newest snapshot that still belongs to this journal (see newestValidSnapshot). */
  async latestSnapshot(): Promise<Snapshot | undefined> {
    this.assertOpen();
    const rows = this.db
      .prepare(
        `SELECT s.sequence, s.state, s.created_at, s.state_checksum, s.journal_checksum,
                j.checksum AS current_checksum
         FROM snapshots s LEFT JOIN journal j ON j.position = s.sequence ORDER BY s.sequence DESC`,
      )
      .all() as StoredSnapshotRow[];
    return newestValidSnapshot(rows, this.logger);
  }

  /** Commits what is queued; the store closes the database afterwards. */
  async close(): Promise<void> {
    if (this.closed) return;
    if (this.queue.length > 0) this.flush();
    this.closed = true;
    await this.walFsync?.close();
  }

  private flush(): void {
    this.flushScheduled = false;
    const pending = this.queue;
    this.queue = [];
    if (pending.length === 0) return;
    let results: JournalEntry[][];
    try {
      results = this.commit(pending.map((item) => item.entries));
    } catch (error) {
      for (const item of pending) item.reject(error);
      return;
    }
    const settle = (): void => pending.forEach((item, index) => item.resolve(results[index] ?? []));
    if (this.walFsync === undefined) settle();
    else {
      this.walFsync.request().then(settle, (error: unknown) => {
        for (const item of pending) item.reject(error);
      });
    }
  }

  private commit(
    batches: readonly (readonly JournalEntryInput[])[],
    companions?: readonly CompanionWrite[],
  ): JournalEntry[][] {
    const startSequence = this.lastSequenceValue;
    const startChecksum = this.lastChecksum;
    try {
      // One row needs no explicit BEGIN/COMMIT: the INSERT's own implicit transaction is the same guarantee.
      const only = batches.length === 1 && batches[0]?.length === 1;
      const results =
        companions !== undefined
          ? this.writeWithCompanions(batches[0] ?? [], companions)
          : only
            ? this.insertBatches(batches)
            : this.writeBatches(batches);
      this.transactions += 1;
      return results;
    } catch (error) {
      this.lastSequenceValue = startSequence;
      this.lastChecksum = startChecksum;
      if ((error as { code?: string }).code === 'SQLITE_CONSTRAINT_PRIMARYKEY') {
        // Our next sequence is taken: another writer appended to this file. Retrying cannot help.
        throw new TmtError(
          'STORE_CONFLICT',
          'another writer has appended to this journal; reopen the store',
          {
            cause: error,
            details: { sequence: String(startSequence + 1) },
          },
        );
      }
      throw new TmtError('STORE_UNAVAILABLE', `journal append failed: ${String(error)}`, { cause: error });
    }
  }

  private insertBatches(batches: readonly (readonly JournalEntryInput[])[]): JournalEntry[][] {
    let sequence = this.lastSequenceValue;
    let previous = this.lastChecksum;
    const results = batches.map((entries) =>
      entries.map((input, index) => {
        sequence += 1;
        const entry = {
          sequence,
          type: input.type,
          stream: input.stream,
          payload: input.payload,
          recordedAt: input.recordedAt,
        };
        const checksum = chainChecksum(entry, previous);
        const commitEnd = index === entries.length - 1 ? 1 : 0;
        this.insert.run(
          sequence,
          sequence,
          entry.type,
          entry.stream,
          entry.payload,
          entry.recordedAt,
          checksum,
          previous,
          commitEnd,
        );
        previous = checksum;
        return { ...entry, checksum };
      }),
    );
    this.lastSequenceValue = sequence;
    this.lastChecksum = previous;
    return results;
  }

  private assertOpen(): void {
    if (this.closed) throw new TmtError('STORE_CLOSED', 'the journal is closed');
  }
}

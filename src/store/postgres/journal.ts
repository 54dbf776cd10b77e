import type { Pool, PoolClient } from 'pg';

import {
  TmtError,
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
import { verifyPostgresJournal } from './integrity';

interface PendingAppend {
  readonly entries: readonly JournalEntryInput[];
  resolve(result: readonly JournalEntry[]): void;
  reject(error: unknown): void;
}

/**
 * The journal over one dedicated connection (`writer`, which also holds the single-writer advisory lock).
 * Group commit comes from the round trip: while one INSERT is in flight, appends queue; the next INSERT takes
 * them all, one statement (atomic without BEGIN/COMMIT, one round trip), each caller's batch with its own
 * commit-end marker. Durability maps to synchronous_commit: 'power' = on (WAL flushed to disk before the
 * commit returns), 'process' = off (the commit is in the server: it survives this process crashing, and a
 * server crash may lose the last few hundred ms).
 */
export class PostgresJournal implements JournalStore {
  private queue: PendingAppend[] = [];
  private pumping: Promise<void> | undefined;
  private closed = false;

  constructor(
    private readonly pool: Pool,
    private readonly writer: PoolClient,
    private readonly schema: string,
    readonly durability: Durability,
    private last: { sequence: number; checksum: string },
    private readonly logger: Logger,
  ) {}

  async append(entries: readonly JournalEntryInput[]): Promise<readonly JournalEntry[]> {
    this.assertOpen();
    validateEntries(entries);
    if (entries.length === 0) return [];
    return new Promise((resolve, reject) => {
      this.queue.push({ entries, resolve, reject });
      void this.pump();
    });
  }

  async read(after: number, limit: number): Promise<readonly JournalEntry[]> {
    this.assertOpen();
    if (!Number.isSafeInteger(after) || after < 0)
      throw new TmtError('STORE_INVALID_ENTRY', 'after must be a non-negative integer', { field: 'after' });
    if (!Number.isSafeInteger(limit) || limit < 1)
      throw new TmtError('STORE_INVALID_ENTRY', 'limit must be a positive integer', { field: 'limit' });
    const { rows } = await this.pool.query<{
      sequence: string;
      type: string;
      stream: string;
      payload: string;
      recorded_at: string;
      checksum: string;
    }>(
      `SELECT sequence, type, stream, payload, recorded_at, checksum FROM ${this.schema}.journal
       WHERE position > $1 ORDER BY position LIMIT $2`,
      [after, limit],
    );
    return rows.map((row) => ({
      sequence: Number(row.sequence),
      type: row.type,
      stream: row.stream,
      payload: row.payload,
      recordedAt: Number(row.recorded_at),
      checksum: row.checksum,
    }));
  }

  async lastSequence(): Promise<number> {
    this.assertOpen();
    return this.last.sequence;
  }

  async verify(): Promise<IntegrityReport> {
    this.assertOpen();
    return (await verifyPostgresJournal(this.pool, this.schema)).report;
  }

  async saveSnapshot(snapshot: Snapshot): Promise<void> {
    this.assertOpen();
    if (
      !Number.isSafeInteger(snapshot.sequence) ||
      snapshot.sequence < 1 ||
      snapshot.sequence > this.last.sequence
    ) {
      throw new TmtError(
        'STORE_INVALID_ENTRY',
        `snapshot.sequence must be within the journal (1..${this.last.sequence})`,
        {
          field: 'snapshot.sequence',
          details: { found: String(snapshot.sequence), lastSequence: String(this.last.sequence) },
        },
      );
    }
    if (typeof snapshot.state !== 'string')
      throw new TmtError('STORE_INVALID_ENTRY', 'snapshot.state must be a string', {
        field: 'snapshot.state',
      });
    const s = this.schema;
    await this.pool.query(
      `INSERT INTO ${s}.snapshots (sequence, state, created_at, state_checksum, journal_checksum)
       VALUES ($1, $2, $3, $4, (SELECT checksum FROM ${s}.journal WHERE position = $1))
       ON CONFLICT (sequence) DO UPDATE SET state = excluded.state, created_at = excluded.created_at,
         state_checksum = excluded.state_checksum, journal_checksum = excluded.journal_checksum`,
      [snapshot.sequence, snapshot.state, snapshot.createdAt, snapshotStateChecksum(snapshot.state)],
    );
    // Pruning is separate and harmless if it fails: old snapshots are derived data.
    await this.pool.query(
      `DELETE FROM ${s}.snapshots WHERE sequence NOT IN (SELECT sequence FROM ${s}.snapshots ORDER BY sequence DESC LIMIT $1)`,
      [SNAPSHOTS_KEPT],
    );
  }

  /** The newest snapshot that still belongs to this journal (see newestValidSnapshot). */
  async latestSnapshot(): Promise<Snapshot | undefined> {
    this.assertOpen();
    const { rows } = await this.pool.query<StoredSnapshotRow>(
      `SELECT s.sequence, s.state, s.created_at, s.state_checksum, s.journal_checksum, j.checksum AS current_checksum
       FROM ${this.schema}.snapshots s
       LEFT JOIN ${this.schema}.journal j ON j.position = s.sequence ORDER BY s.sequence DESC`,
    );
    return newestValidSnapshot(rows, this.logger);
  }

  /** Waits for queued appends to commit; the store releases the connection afterwards. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    while (this.pumping !== undefined || this.queue.length > 0) await this.pump();
  }

  /** One drain at a time; callers share it. Never rejects: each append's own promise carries its failure. */
  private pump(): Promise<void> {
    this.pumping ??= this.drain().finally(() => {
      this.pumping = undefined;
    });
    return this.pumping;
  }

  private async drain(): Promise<void> {
    while (this.queue.length > 0) {
      const pending = this.queue.splice(0);
      try {
        const results = await this.commit(pending.map((item) => item.entries));
        pending.forEach((item, index) => item.resolve(results[index] ?? []));
      } catch (error) {
        for (const item of pending) item.reject(error);
      }
    }
  }

  private async commit(batches: readonly (readonly JournalEntryInput[])[]): Promise<JournalEntry[][]> {
    const columns: unknown[][] = [[], [], [], [], [], [], [], []];
    let { sequence, checksum: previous } = this.last;
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
        [
          sequence,
          entry.type,
          entry.stream,
          entry.payload,
          entry.recordedAt,
          checksum,
          previous,
          index === entries.length - 1,
        ].forEach((value, column) => columns[column]?.push(value));
        previous = checksum;
        return { ...entry, checksum };
      }),
    );
    try {
      await this.writer.query(
        `INSERT INTO ${this.schema}.journal
           (position, sequence, type, stream, payload, recorded_at, checksum, previous_checksum, commit_end)
         SELECT s, s, t, st, p, r, c, pc, ce
         FROM unnest($1::bigint[], $2::text[], $3::text[], $4::text[], $5::bigint[], $6::text[], $7::text[], $8::boolean[])
           AS rows(s, t, st, p, r, c, pc, ce)`,
        columns,
      );
    } catch (error) {
      // The outcome may be unknown (a connection lost after sending): learn the last record from the database.
      await this.resynchronise();
      if ((error as { code?: string }).code === '23505') {
        throw new TmtError(
          'STORE_CONFLICT',
          'another writer has appended to this journal; reopen the store',
          { cause: error },
        );
      }
      throw new TmtError('STORE_UNAVAILABLE', `journal append failed: ${String(error)}`, { cause: error });
    }
    this.last = { sequence, checksum: previous };
    return results;
  }

  private async resynchronise(): Promise<void> {
    try {
      const { rows } = await this.writer.query<{ sequence: string; checksum: string }>(
        `SELECT sequence, checksum FROM ${this.schema}.journal ORDER BY position DESC LIMIT 1`,
      );
      const row = rows[0];
      if (row !== undefined) this.last = { sequence: Number(row.sequence), checksum: row.checksum };
    } catch (error) {
      this.logger.error(
        { err: error },
        'journal: cannot read the last record after a failed append; reopen the store',
      );
      this.closed = true;
    }
  }

  private assertOpen(): void {
    if (this.closed) throw new TmtError('STORE_CLOSED', 'the journal is closed');
  }
}

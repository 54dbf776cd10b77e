import type { Database } from 'better-sqlite3';

import type { Timestamp } from '../../core';
import type { Logger } from '../../shared/logger';
import {
  ChainVerifier,
  type ChainVerdict,
  type StoredRecord,
  type TailAnchor,
  type TornTail,
} from '../integrity';
import { newestValidSnapshotRow, type StoredSnapshotRow } from '../snapshots';

export interface JournalRow {
  position: number;
  sequence: number;
  type: string;
  stream: string;
  payload: string;
  recorded_at: number;
  checksum: string;
  previous_checksum: string;
  commit_end: number;
}

export const toStoredRecord = (row: JournalRow): StoredRecord => ({
  position: row.position,
  sequence: row.sequence,
  type: row.type,
  stream: row.stream,
  payload: row.payload,
  recordedAt: row.recorded_at,
  checksum: row.checksum,
  previousChecksum: row.previous_checksum,
  commitEnd: row.commit_end === 1,
});

export interface VerifyOptions {
  /** Called every `progressEvery` records (default 10,000) with the number walked so far. */
  readonly onProgress?: (walked: number) => void;
  readonly progressEvery?: number;
  /** Walk only from this record on (a snapshot's verified position, see snapshotAnchor); default: all. */
  readonly from?: TailAnchor;
}

/** The newest snapshot that belongs to this journal, as a starting point for the walk at open. */
export function snapshotAnchor(db: Database, logger: Logger): TailAnchor | undefined {
  const rows = db
    .prepare(
      `SELECT s.sequence, s.state, s.created_at, s.state_checksum, s.journal_checksum,
              j.checksum AS current_checksum
       FROM snapshots s LEFT JOIN journal j ON j.position = s.sequence ORDER BY s.sequence DESC`,
    )
    .all() as StoredSnapshotRow[];
  const chosen = newestValidSnapshotRow(rows, logger);
  if (chosen === undefined) return undefined;
  const record = db
    .prepare('SELECT position, sequence, previous_checksum FROM journal WHERE position = ?')
    .get(Number(chosen.sequence)) as
    { position: number; sequence: number; previous_checksum: string } | undefined;
  // A record at the snapshot's position that holds another sequence is damage: the full walk names it.
  if (record?.sequence !== Number(chosen.sequence)) return undefined;
  return { position: record.position, sequence: record.sequence, previousChecksum: record.previous_checksum };
}

/**
 * Walks the journal in position order. Synchronous on purpose: it runs at open, before the engine takes
 * any work, and a long walk reports progress rather than yielding.
 */
export function verifySqliteJournal(db: Database, options: VerifyOptions = {}): ChainVerdict {
  const every = options.progressEvery ?? 10_000;
  // Answered only once, for the first out-of-place record: a full scan there is fine.
  const hasSequence = db.prepare('SELECT 1 FROM journal WHERE sequence = ? LIMIT 1').pluck();
  const from = options.from;
  const verifier = new ChainVerifier(
    (sequence) => hasSequence.get(sequence) !== undefined,
    from === undefined ? undefined : { sequence: from.sequence - 1, checksum: from.previousChecksum },
  );
  let walked = 0;
  const rows = db
    .prepare('SELECT * FROM journal WHERE position >= ? ORDER BY position')
    .iterate(from?.position ?? 0) as Iterable<JournalRow>;
  for (const row of rows) {
    verifier.accept(toStoredRecord(row));
    walked += 1;
    if (options.onProgress !== undefined && walked % every === 0) options.onProgress(walked);
  }
  options.onProgress?.(walked);
  const verdict = verifier.finish();
  if (from === undefined) return verdict;
  return { ...verdict, report: { ...verdict.report, verifiedFrom: from.sequence - 1 } };
}

/**
 * Recovers a torn final write: the whole torn transaction is copied to journal_quarantine with the reason
 * and the time, then removed from the journal, in one transaction (the delete trigger refuses a row that is
 * not already in quarantine). Nothing is dropped: the operator can read every quarantined byte.
 */
export function quarantineTornTail(db: Database, tail: TornTail, now: Timestamp): void {
  db.transaction(() => {
    db.prepare(
      `INSERT INTO journal_quarantine
         (position, sequence, type, stream, payload, recorded_at, checksum, previous_checksum, commit_end, quarantined_at, reason)
       SELECT position, sequence, type, stream, payload, recorded_at, checksum, previous_checksum, commit_end, ?, ?
       FROM journal WHERE position >= ?`,
    ).run(now, `torn final write: ${tail.reason}`, tail.fromPosition);
    db.prepare('DELETE FROM journal WHERE position >= ?').run(tail.fromPosition);
  }).immediate();
}

export interface QuarantinedRecord extends StoredRecord {
  readonly quarantinedAt: Timestamp;
  readonly reason: string;
}

export function listQuarantine(db: Database): readonly QuarantinedRecord[] {
  const rows = db
    .prepare('SELECT * FROM journal_quarantine ORDER BY quarantined_at, position')
    .all() as (JournalRow & {
    quarantined_at: number;
    reason: string;
  })[];
  return rows.map((row) => ({
    ...toStoredRecord(row),
    quarantinedAt: row.quarantined_at,
    reason: row.reason,
  }));
}

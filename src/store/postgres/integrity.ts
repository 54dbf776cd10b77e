import type { ClientBase, Pool, PoolClient } from 'pg';

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

const PAGE = 5_000;

export interface PostgresJournalRow {
  position: string;
  sequence: string;
  type: string;
  stream: string;
  payload: string;
  recorded_at: string;
  checksum: string;
  previous_checksum: string;
  commit_end: boolean;
}

/** BIGINT arrives as a string from pg; journal numbers stay far below 2^53, so Number() is exact here. */
export const toStoredRecord = (row: PostgresJournalRow): StoredRecord => ({
  position: Number(row.position),
  sequence: Number(row.sequence),
  type: row.type,
  stream: row.stream,
  payload: row.payload,
  recordedAt: Number(row.recorded_at),
  checksum: row.checksum,
  previousChecksum: row.previous_checksum,
  commitEnd: row.commit_end,
});

/** As sqlite/integrity.ts snapshotAnchor: where the open's walk starts (the newest valid snapshot's record). */
export async function postgresSnapshotAnchor(
  db: Pool | ClientBase,
  schema: string,
  logger: Logger,
): Promise<TailAnchor | undefined> {
  const { rows } = await db.query<StoredSnapshotRow>(
    `SELECT s.sequence, s.state, s.created_at, s.state_checksum, s.journal_checksum, j.checksum AS current_checksum
     FROM ${schema}.snapshots s
     LEFT JOIN ${schema}.journal j ON j.position = s.sequence ORDER BY s.sequence DESC`,
  );
  const chosen = newestValidSnapshotRow(rows, logger);
  if (chosen === undefined) return undefined;
  const found = await db.query<{ position: string; sequence: string; previous_checksum: string }>(
    `SELECT position, sequence, previous_checksum FROM ${schema}.journal WHERE position = $1`,
    [chosen.sequence],
  );
  const record = found.rows[0];
  if (record === undefined || Number(record.sequence) !== Number(chosen.sequence)) return undefined;
  return {
    position: Number(record.position),
    sequence: Number(record.sequence),
    previousChecksum: record.previous_checksum,
  };
}

/**
 * The walk of ../integrity.ts over keyset-paged reads; the one out-of-place lookup is asked at the end.
 * `from` starts it at a verified snapshot position (the open); without it the whole chain is walked.
 */
export async function verifyPostgresJournal(
  db: Pool | ClientBase,
  schema: string,
  onProgress?: (walked: number) => void,
  from?: TailAnchor,
): Promise<ChainVerdict> {
  const verifier = new ChainVerifier(
    undefined,
    from === undefined ? undefined : { sequence: from.sequence - 1, checksum: from.previousChecksum },
  );
  let after = from === undefined ? -1 : from.position - 1;
  let walked = 0;
  for (;;) {
    const { rows } = await db.query<PostgresJournalRow>(
      `SELECT * FROM ${schema}.journal WHERE position > $1 ORDER BY position LIMIT ${PAGE}`,
      [after],
    );
    for (const row of rows) verifier.accept(toStoredRecord(row));
    walked += rows.length;
    onProgress?.(walked);
    const last = rows.at(-1);
    if (last === undefined || rows.length < PAGE) break;
    after = Number(last.position);
  }
  const lookup = verifier.pendingLookup;
  const storedElsewhere =
    lookup !== undefined &&
    (await db.query(`SELECT 1 FROM ${schema}.journal WHERE sequence = $1 LIMIT 1`, [lookup])).rowCount === 1;
  const verdict = verifier.finish(storedElsewhere);
  if (from === undefined) return verdict;
  return { ...verdict, report: { ...verdict.report, verifiedFrom: from.sequence - 1 } };
}

/** As sqlite/integrity.ts: the torn transaction is copied to quarantine with its reason, then removed. */
export async function quarantinePostgresTail(
  client: PoolClient,
  schema: string,
  tail: TornTail,
  now: Timestamp,
): Promise<void> {
  await client.query('BEGIN');
  try {
    await client.query(
      `INSERT INTO ${schema}.journal_quarantine
         (position, sequence, type, stream, payload, recorded_at, checksum, previous_checksum, commit_end, quarantined_at, reason)
       SELECT position, sequence, type, stream, payload, recorded_at, checksum, previous_checksum, commit_end, $1, $2
       FROM ${schema}.journal WHERE position >= $3`,
      [now, `torn final write: ${tail.reason}`, tail.fromPosition],
    );
    await client.query(`DELETE FROM ${schema}.journal WHERE position >= $1`, [tail.fromPosition]);
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  }
}

import { hash } from 'node:crypto';

import type { Snapshot } from '../core';
import type { Logger } from '../shared/logger';

/** Snapshots older than the newest few are pruned: they are derived data, and replay needs only the latest. */
export const SNAPSHOTS_KEPT = 3;

/** The digest stored beside a snapshot's state, so a damaged state is never replayed from. */
export function snapshotStateChecksum(state: string): string {
  return hash('sha256', state, 'hex');
}

/** A stored snapshot, newest first, with the checksum of the journal record it covers as the journal has it now. */
export interface StoredSnapshotRow {
  readonly sequence: number | string;
  readonly state: string;
  readonly created_at: number | string;
  readonly state_checksum: string;
  readonly journal_checksum: string;
  readonly current_checksum: string | null;
}

/**
 * The newest snapshot that still belongs to this journal: its state matches its checksum and the journal
 * record it covers is the one it was taken at (a snapshot taken before a torn tail was quarantined would
 * cover records that no longer exist). A snapshot that fails is skipped with a warning: replaying more is
 * slower, replaying from a wrong state is worse. Both stores choose by this one rule.
 */
export function newestValidSnapshot(
  rows: readonly StoredSnapshotRow[],
  logger: Logger,
): Snapshot | undefined {
  const row = newestValidSnapshotRow(rows, logger);
  return row === undefined
    ? undefined
    : { sequence: Number(row.sequence), state: row.state, createdAt: Number(row.created_at) };
}

/** The row newestValidSnapshot chooses: the open starts its integrity walk from its journal position. */
export function newestValidSnapshotRow(
  rows: readonly StoredSnapshotRow[],
  logger: Logger,
): StoredSnapshotRow | undefined {
  for (const row of rows) {
    if (row.current_checksum === null || row.current_checksum !== row.journal_checksum) {
      logger.warn(
        { sequence: row.sequence },
        'snapshot skipped: the journal record it covers is not the one it was taken at',
      );
    } else if (snapshotStateChecksum(row.state) !== row.state_checksum) {
      logger.warn({ sequence: row.sequence }, 'snapshot skipped: its state does not match its checksum');
    } else {
      return row;
    }
  }
  return undefined;
}

import Database from 'better-sqlite3';

import type { IntegrityReport } from '../core';
import { openJournalForVerification } from '../store';

/** Records in a journal file, for a progress bar's total (read-only; safe beside a running service). */
export function journalRecordCount(path: string): number {
  const db = new Database(path, { readonly: true, fileMustExist: true });
  try {
    return (db.prepare('SELECT COUNT(*) AS n FROM journal').get() as { n: number }).n;
  } finally {
    db.close();
  }
}

export function verifyJournalFile(
  path: string,
  onProgress: (walked: number) => void,
): Promise<IntegrityReport> {
  return openJournalForVerification(path, { onProgress, progressEvery: 5_000 });
}

import { existsSync } from 'node:fs';

import Database from 'better-sqlite3';

import { TmtError, type IntegrityReport } from '../../core';
import { verifySqliteJournal } from './integrity';

export interface JournalVerificationOptions {
  /** Called every `progressEvery` records (default 10,000) and once at the end, with the records walked. */
  readonly onProgress?: (walked: number) => void;
  readonly progressEvery?: number;
  /** For a postgres:// location: the schema holding the journal. Default 'tmt'. */
  readonly schema?: string;
}

/**
 * For tooling (`tmt journal verify`): opens the journal file read-only, walks the whole chain and returns
 * the report. Unlike the engine's open it never writes: a torn final write is reported as
 * STORE_TORN_WRITE (the engine quarantines it at its next start) and is not moved. Safe to run beside a
 * running engine (WAL readers do not block the writer). A postgres:// URL verifies a PostgreSQL journal the
 * same way (read-only queries).
 */
export async function openJournalForVerification(
  path: string,
  options: JournalVerificationOptions = {},
): Promise<IntegrityReport> {
  if (/^postgres(ql)?:\/\//.test(path)) {
    // Loaded only when asked for, so that SQLite users never load pg.
    const { verifyPostgresLocation } = await import('../postgres/verification-reader');
    return verifyPostgresLocation(path, options.schema ?? 'tmt', options.onProgress);
  }
  if (!existsSync(path))
    throw new TmtError('STORE_UNAVAILABLE', `no journal database at ${path}`, { field: 'path' });
  let db: Database.Database;
  try {
    db = new Database(path, { readonly: true, fileMustExist: true });
  } catch (error) {
    throw new TmtError('STORE_UNAVAILABLE', `cannot open the journal database ${path}: ${String(error)}`, {
      field: 'path',
      cause: error,
    });
  }
  try {
    const table = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'journal'").get();
    if (table === undefined)
      throw new TmtError('STORE_UNAVAILABLE', `${path} is not a TMT journal (no journal table)`, {
        field: 'path',
      });
    return verifySqliteJournal(db, options).report;
  } finally {
    db.close();
  }
}

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import Database from 'better-sqlite3';

import { openSqliteStore, type SqliteStoreOptions } from '../../../src/store';
import type { StoreHarness, StoreTamper } from '../../contract/store-contract';

/**
 * Edits a closed journal file the way a person with the sqlite3 shell would: the append-only triggers are
 * dropped first (they are what stops the store itself from doing this).
 */
export function sqliteTamper(path: string): StoreTamper {
  const edit = (change: (db: Database.Database) => void): Promise<void> => {
    const db = new Database(path);
    try {
      db.exec(
        'DROP TRIGGER IF EXISTS journal_no_update; DROP TRIGGER IF EXISTS journal_delete_only_quarantined;',
      );
      change(db);
    } finally {
      db.close();
    }
    return Promise.resolve();
  };
  const last = (db: Database.Database): number =>
    db.prepare('SELECT max(position) FROM journal').pluck().get() as number;
  return {
    flipPayloadByte: (sequence) =>
      edit((db) => {
        const payload = db
          .prepare('SELECT payload FROM journal WHERE sequence = ?')
          .pluck()
          .get(sequence) as string;
        const bytes = Buffer.from(payload, 'utf8');
        const index = Math.floor(bytes.length / 2);
        bytes[index] = (bytes[index] ?? 0) ^ 0x01;
        db.prepare('UPDATE journal SET payload = CAST(? AS TEXT) WHERE sequence = ?').run(bytes, sequence);
      }),
    deleteRecord: (sequence) =>
      edit((db) => void db.prepare('DELETE FROM journal WHERE sequence = ?').run(sequence)),
    swapRecords: (first, second) =>
      edit((db) => {
        const move = db.prepare('UPDATE journal SET position = ? WHERE sequence = ?');
        const positionOf = db.prepare('SELECT position FROM journal WHERE sequence = ?').pluck();
        const [a, b] = [positionOf.get(first) as number, positionOf.get(second) as number];
        db.transaction(() => {
          move.run(-1, first);
          move.run(a, second);
          move.run(b, first);
        })();
      }),
    tearFinalRecord: () =>
      edit((db) => {
        db.prepare(
          'UPDATE journal SET payload = substr(payload, 1, length(payload) / 2) WHERE position = ?',
        ).run(last(db));
      }),
    dropFinalCommitEnd: () =>
      edit((db) => void db.prepare('UPDATE journal SET commit_end = 0 WHERE position = ?').run(last(db))),
  };
}

export function temporaryDirectory(): { readonly dir: string; dispose(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'tmt-store-'));
  return { dir, dispose: () => rmSync(dir, { recursive: true, force: true }) };
}

export async function sqliteHarness(extra: Partial<SqliteStoreOptions> = {}): Promise<StoreHarness> {
  const { dir, dispose } = temporaryDirectory();
  const path = join(dir, 'journal.db');
  return {
    open: (options = {}) => openSqliteStore({ path, checkpointIntervalMs: 50, ...extra, ...options }),
    tamper: sqliteTamper(path),
    dispose: async () => dispose(),
  };
}

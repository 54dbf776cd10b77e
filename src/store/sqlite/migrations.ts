import type { Database } from 'better-sqlite3';

import { TmtError, type Timestamp } from '../../core';
import { orderHistorySchema } from '../order-history-sql';

export interface SqliteMigration {
  /** 1, 2, 3...: applied in order, each once; recorded in schema_migrations. Never renumber a released one. */
  readonly version: number;
  readonly name: string;
  readonly up: string | ((db: Database) => void);
}

/**
 * The journal database's schema. The journal table has no UPDATE or DELETE path in code; triggers refuse
 * UPDATE outright, and DELETE is refused unless the row was first copied to the quarantine (the one recovery
 * that removes a record, see ../integrity.ts).
 */
export const SQLITE_MIGRATIONS: readonly SqliteMigration[] = [
  {
    version: 1,
    name: 'journal, snapshots, dead letters, key-value',
    up: `
      CREATE TABLE journal (
        position INTEGER PRIMARY KEY,
        sequence INTEGER NOT NULL,
        type TEXT NOT NULL,
        stream TEXT NOT NULL,
        payload TEXT NOT NULL,
        recorded_at INTEGER NOT NULL,
        checksum TEXT NOT NULL,
        previous_checksum TEXT NOT NULL,
        commit_end INTEGER NOT NULL
      );
      CREATE TABLE journal_quarantine (
        position INTEGER NOT NULL,
        sequence INTEGER NOT NULL,
        type TEXT NOT NULL,
        stream TEXT NOT NULL,
        payload TEXT NOT NULL,
        recorded_at INTEGER NOT NULL,
        checksum TEXT NOT NULL,
        previous_checksum TEXT NOT NULL,
        commit_end INTEGER NOT NULL,
        quarantined_at INTEGER NOT NULL,
        reason TEXT NOT NULL
      );
      CREATE TRIGGER journal_no_update BEFORE UPDATE ON journal
        BEGIN SELECT RAISE(ABORT, 'the journal is append-only'); END;
      CREATE TRIGGER journal_delete_only_quarantined BEFORE DELETE ON journal
        WHEN NOT EXISTS (SELECT 1 FROM journal_quarantine q WHERE q.position = OLD.position AND q.checksum = OLD.checksum)
        BEGIN SELECT RAISE(ABORT, 'a journal record is removed only after it is quarantined'); END;
      CREATE TABLE snapshots (
        sequence INTEGER PRIMARY KEY,
        state TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        state_checksum TEXT NOT NULL,
        journal_checksum TEXT NOT NULL
      );
      CREATE TABLE dead_letters (
        id TEXT PRIMARY KEY,
        command TEXT NOT NULL,
        command_type TEXT NOT NULL,
        account_id TEXT NOT NULL,
        client_order_id TEXT,
        error TEXT NOT NULL,
        attempts INTEGER NOT NULL,
        created_at INTEGER NOT NULL,
        resolution_kind TEXT,
        resolution_actor TEXT,
        resolution_at INTEGER
      );
      CREATE INDEX dead_letters_unresolved ON dead_letters (created_at) WHERE resolution_kind IS NULL;
      CREATE TABLE key_value (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
    `,
  },
  // Versions are applied in order and need not be contiguous: 9 was taken apart from the write-path work that
  // landed beside it (issue 9), so that neither renumbers the other.
  { version: 9, name: 'finished orders (order history)', up: orderHistorySchema('', 'INTEGER') },
];

function appliedVersions(db: Database): Set<number> {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL)`);
  const rows = db.prepare('SELECT version FROM schema_migrations').all() as { version: number }[];
  return new Set(rows.map((row) => row.version));
}

/**
 * Applies the pending migrations, all in one transaction: SQLite's DDL is transactional, so a failure in any of
 * them rolls back every one (STORE_MIGRATION_FAILED, naming the version) and leaves the database as it was.
 * Running it again on an up-to-date database changes nothing. A database migrated by a newer build (a
 * version this build does not know) is refused rather than written with an older idea of the schema.
 */
export function migrate(
  db: Database,
  migrations: readonly SqliteMigration[],
  now: Timestamp,
): readonly number[] {
  let applied: readonly number[] = [];
  const run = db.transaction(() => {
    const done = appliedVersions(db);
    const known = new Set(migrations.map((migration) => migration.version));
    const unknown = [...done].filter((version) => !known.has(version));
    if (unknown.length > 0) {
      throw new TmtError(
        'STORE_MIGRATION_FAILED',
        `the database has schema version(s) ${unknown.join(', ')} that this build does not know`,
        {
          details: { unknownVersions: unknown.join(',') },
        },
      );
    }
    const pending = [...migrations]
      .filter((migration) => !done.has(migration.version))
      .sort((a, b) => a.version - b.version);
    const record = db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)');
    for (const migration of pending) {
      try {
        if (typeof migration.up === 'string') db.exec(migration.up);
        else migration.up(db);
      } catch (error) {
        throw new TmtError(
          'STORE_MIGRATION_FAILED',
          `migration ${migration.version} (${migration.name}) failed: ${String(error)}`,
          {
            details: { version: String(migration.version) },
            cause: error,
          },
        );
      }
      record.run(migration.version, migration.name, now);
    }
    applied = pending.map((migration) => migration.version);
  });
  run.immediate();
  return applied;
}

export function schemaVersions(db: Database): readonly number[] {
  const rows = db.prepare('SELECT version FROM schema_migrations ORDER BY version').all() as {
    version: number;
  }[];
  return rows.map((row) => row.version);
}

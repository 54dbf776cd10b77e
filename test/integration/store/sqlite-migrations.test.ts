import { join } from 'node:path';

import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { migrate, openSqliteStore, SQLITE_MIGRATIONS, type SqliteMigration } from '../../../src/store';
import { temporaryDirectory } from './sqlite-harness';

const tables = (db: Database.Database): string[] =>
  db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").pluck().all() as string[];
const versions = (db: Database.Database): number[] =>
  db.prepare('SELECT version FROM schema_migrations ORDER BY version').pluck().all() as number[];

describe('sqlite schema migrations', () => {
  let dispose: () => void;
  let path: string;

  beforeEach(() => {
    const directory = temporaryDirectory();
    dispose = directory.dispose;
    path = join(directory.dir, 'journal.db');
  });
  afterEach(() => dispose());

  const BASE_VERSIONS = SQLITE_MIGRATIONS.map((migration) => migration.version);

  it('applies each migration once; running again changes nothing', () => {
    const db = new Database(path);
    try {
      expect(migrate(db, SQLITE_MIGRATIONS, 1)).toEqual(BASE_VERSIONS);
      expect(migrate(db, SQLITE_MIGRATIONS, 2)).toEqual([]);
      expect(versions(db)).toEqual(BASE_VERSIONS);
      expect(tables(db)).toEqual(
        expect.arrayContaining(['journal', 'journal_quarantine', 'snapshots', 'dead_letters', 'key_value']),
      );
    } finally {
      db.close();
    }
  });

  it('a failed migration is STORE_MIGRATION_FAILED naming it, and none of the pending ones is applied', async () => {
    const extra: SqliteMigration[] = [
      ...SQLITE_MIGRATIONS,
      { version: 2, name: 'add orders view', up: 'CREATE TABLE order_view (id TEXT PRIMARY KEY)' },
      { version: 3, name: 'broken', up: 'ALTER TABLE no_such_table ADD COLUMN x TEXT' },
    ];
    const store = await openSqliteStore({ path, checkpoint: 'none' });
    store.journal.appendSync([{ type: 'T', stream: 's', payload: '{}', recordedAt: 1 }]);
    await store.close();
    await expect(openSqliteStore({ path, checkpoint: 'none', migrations: extra })).rejects.toMatchObject({
      code: 'STORE_MIGRATION_FAILED',
      details: { version: '3' },
      message: expect.stringContaining('migration 3 (broken)'),
    });
    const db = new Database(path);
    try {
      expect(versions(db)).toEqual(BASE_VERSIONS);
      expect(tables(db)).not.toContain('order_view');
      expect(db.prepare('SELECT count(*) FROM journal').pluck().get()).toBe(1);
    } finally {
      db.close();
    }
  });

  it('a database migrated by a newer build is refused, not written', async () => {
    const newer: SqliteMigration[] = [
      ...SQLITE_MIGRATIONS,
      { version: 2, name: 'future', up: 'CREATE TABLE future (x TEXT)' },
    ];
    const store = await openSqliteStore({ path, checkpoint: 'none', migrations: newer });
    await store.close();
    await expect(openSqliteStore({ path, checkpoint: 'none' })).rejects.toMatchObject({
      code: 'STORE_MIGRATION_FAILED',
      details: { unknownVersions: '2' },
    });
  });
});

import type { PoolClient } from 'pg';

import { TmtError, type Timestamp } from '../../core';
import { orderHistorySchema } from '../order-history-sql';

export interface PostgresMigration {
  readonly version: number;
  readonly name: string;
  /** SQL with `{schema}` where the store's schema name goes. */
  readonly up: string;
}

/** The same tables as the SQLite schema (sqlite/migrations.ts), in PostgreSQL types. */
export const POSTGRES_MIGRATIONS: readonly PostgresMigration[] = [
  {
    version: 1,
    name: 'journal, snapshots, dead letters, key-value',
    up: `
      CREATE TABLE {schema}.journal (
        position BIGINT PRIMARY KEY,
        sequence BIGINT NOT NULL,
        type TEXT NOT NULL,
        stream TEXT NOT NULL,
        payload TEXT NOT NULL,
        recorded_at BIGINT NOT NULL,
        checksum TEXT NOT NULL,
        previous_checksum TEXT NOT NULL,
        commit_end BOOLEAN NOT NULL
      );
      CREATE TABLE {schema}.journal_quarantine (
        position BIGINT NOT NULL,
        sequence BIGINT NOT NULL,
        type TEXT NOT NULL,
        stream TEXT NOT NULL,
        payload TEXT NOT NULL,
        recorded_at BIGINT NOT NULL,
        checksum TEXT NOT NULL,
        previous_checksum TEXT NOT NULL,
        commit_end BOOLEAN NOT NULL,
        quarantined_at BIGINT NOT NULL,
        reason TEXT NOT NULL
      );
      CREATE FUNCTION {schema}.journal_guard() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'UPDATE' THEN RAISE EXCEPTION 'the journal is append-only'; END IF;
        IF NOT EXISTS (SELECT 1 FROM {schema}.journal_quarantine q WHERE q.position = OLD.position AND q.checksum = OLD.checksum) THEN
          RAISE EXCEPTION 'a journal record is removed only after it is quarantined';
        END IF;
        RETURN OLD;
      END $$;
      CREATE TRIGGER journal_guard BEFORE UPDATE OR DELETE ON {schema}.journal
        FOR EACH ROW EXECUTE FUNCTION {schema}.journal_guard();
      CREATE TABLE {schema}.snapshots (
        sequence BIGINT PRIMARY KEY,
        state TEXT NOT NULL,
        created_at BIGINT NOT NULL,
        state_checksum TEXT NOT NULL,
        journal_checksum TEXT NOT NULL
      );
      CREATE TABLE {schema}.dead_letters (
        id TEXT PRIMARY KEY,
        command TEXT NOT NULL,
        command_type TEXT NOT NULL,
        account_id TEXT NOT NULL,
        client_order_id TEXT,
        error TEXT NOT NULL,
        attempts INTEGER NOT NULL,
        created_at BIGINT NOT NULL,
        resolution_kind TEXT,
        resolution_actor TEXT,
        resolution_at BIGINT
      );
      CREATE TABLE {schema}.key_value (key TEXT PRIMARY KEY, value TEXT NOT NULL);
    `,
  },
  // As in sqlite/migrations.ts: 9, apart from the parallel write-path work (versions need not be contiguous).
  { version: 9, name: 'finished orders (order history)', up: orderHistorySchema('{schema}.', 'BIGINT') },
];

/**
 * Applies the pending migrations in one transaction (PostgreSQL DDL is transactional): a failure rolls all
 * of them back (STORE_MIGRATION_FAILED naming the version). A transaction-scoped advisory lock keeps two
 * processes starting at once from migrating twice.
 */
export async function migratePostgres(
  client: PoolClient,
  schema: string,
  migrations: readonly PostgresMigration[],
  now: Timestamp,
): Promise<readonly number[]> {
  await client.query('BEGIN');
  try {
    await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`tmt-migrate:${schema}`]);
    await client.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
    await client.query(`CREATE TABLE IF NOT EXISTS ${schema}.schema_migrations (
      version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)`);
    const done = new Set(
      (await client.query<{ version: number }>(`SELECT version FROM ${schema}.schema_migrations`)).rows.map(
        (r) => r.version,
      ),
    );
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
    const pending = migrations
      .filter((migration) => !done.has(migration.version))
      .sort((a, b) => a.version - b.version);
    for (const migration of pending) {
      try {
        await client.query(migration.up.replaceAll('{schema}', schema));
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
      await client.query(
        `INSERT INTO ${schema}.schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)`,
        [migration.version, migration.name, now],
      );
    }
    await client.query('COMMIT');
    return pending.map((migration) => migration.version);
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  }
}

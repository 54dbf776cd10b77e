import { randomBytes } from 'node:crypto';

import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { openJournalForVerification } from '../../../src/store';
import { openPostgresStore, POSTGRES_MIGRATIONS } from '../../../src/store/postgres';
import { CONNECTION, ensurePostgres } from './postgres-harness';

const schema = `tmt_test_${randomBytes(6).toString('hex')}`;
const entry = { type: 'OrderAccepted', stream: 'acc-1', payload: '{}', recordedAt: 1 };

async function query(text: string): Promise<pg.QueryResult> {
  const client = new pg.Client({ connectionString: CONNECTION });
  await client.connect();
  try {
    return await client.query(text);
  } finally {
    await client.end();
  }
}

describe('postgres store: single writer and migrations', () => {
  beforeAll(ensurePostgres, 60_000);
  afterAll(async () => void (await query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`)));

  it('refuses a second writer on the same schema while the first is open', async () => {
    const first = await openPostgresStore({ connectionString: CONNECTION, schema });
    try {
      await expect(openPostgresStore({ connectionString: CONNECTION, schema })).rejects.toMatchObject({
        code: 'STORE_UNAVAILABLE',
      });
      await first.journal.append([entry]);
    } finally {
      await first.close();
    }
    const second = await openPostgresStore({ connectionString: CONNECTION, schema });
    expect(await second.journal.lastSequence()).toBe(1);
    await second.close();
  });

  it('the verification reader walks a PostgreSQL journal given its URL and schema', async () => {
    const store = await openPostgresStore({ connectionString: CONNECTION, schema });
    const before = await store.journal.lastSequence();
    await store.journal.append([entry, entry, entry]);
    const walked: number[] = [];
    const report = await openJournalForVerification(CONNECTION, {
      schema,
      onProgress: (n) => walked.push(n),
    });
    await store.close();
    expect(report).toEqual({ ok: true, checked: before + 3, lastSequence: before + 3 });
    expect(walked.at(-1)).toBe(before + 3);
    await expect(openJournalForVerification(CONNECTION, { schema: 'no_such_schema' })).rejects.toMatchObject({
      code: 'STORE_UNAVAILABLE',
    });
  });

  it('a failed migration is STORE_MIGRATION_FAILED and applies none of the pending ones', async () => {
    const migrations = [
      ...POSTGRES_MIGRATIONS,
      { version: 2, name: 'order view', up: 'CREATE TABLE {schema}.order_view (id TEXT PRIMARY KEY)' },
      { version: 3, name: 'broken', up: 'ALTER TABLE {schema}.no_such_table ADD COLUMN x TEXT' },
    ];
    await expect(
      openPostgresStore({ connectionString: CONNECTION, schema, migrations }),
    ).rejects.toMatchObject({
      code: 'STORE_MIGRATION_FAILED',
      details: { version: '3' },
    });
    const versions = await query(`SELECT version FROM ${schema}.schema_migrations ORDER BY version`);
    expect(versions.rows.map((row: { version: number }) => Number(row.version))).toEqual(
      POSTGRES_MIGRATIONS.map((migration) => migration.version),
    );
    const view = await query(`SELECT to_regclass('${schema}.order_view') AS found`);
    expect(view.rows[0]).toEqual({ found: null });
  });
});

import { execSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readdirSync } from 'node:fs';

import pg from 'pg';

import { openPostgresStore, type PostgresStoreOptions } from '../../../src/store/postgres';
import type { StoreHarness, StoreTamper } from '../../contract/store-contract';

export const CONNECTION = 'postgres://postgres@127.0.0.1:5432/test';

async function reachable(): Promise<boolean> {
  const client = new pg.Client({ connectionString: CONNECTION, connectionTimeoutMillis: 10_000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** PostgreSQL runs on this machine; if it is down, start the cluster and wait for it to answer. */
export async function ensurePostgres(): Promise<void> {
  if (await reachable()) return;
  const version = readdirSync('/etc/postgresql')[0] ?? '15';
  try {
    execSync(`pg_ctlcluster --skip-systemctl-redirect ${version} main start`, { stdio: 'ignore' });
  } catch {
    // Already running but slow to answer on a loaded machine: the wait below decides.
  }
  for (let attempt = 0; attempt < 120; attempt++) {
    if (await reachable()) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error('PostgreSQL did not come up on 127.0.0.1:5432');
}

async function sql(text: string, values: unknown[] = []): Promise<pg.QueryResult> {
  const client = new pg.Client({ connectionString: CONNECTION });
  await client.connect();
  try {
    return await client.query(text, values);
  } finally {
    await client.end();
  }
}

function postgresTamper(schema: string): StoreTamper {
  const edit = async (text: string, values: unknown[] = []): Promise<void> => {
    await sql(`DROP TRIGGER IF EXISTS journal_guard ON ${schema}.journal`);
    await sql(text, values);
  };
  const last = `(SELECT max(position) FROM ${schema}.journal)`;
  return {
    async flipPayloadByte(sequence) {
      const { rows } = await sql(`SELECT payload FROM ${schema}.journal WHERE sequence = $1`, [sequence]);
      const bytes = Buffer.from((rows[0] as { payload: string }).payload, 'utf8');
      const index = Math.floor(bytes.length / 2);
      bytes[index] = (bytes[index] ?? 0) ^ 0x01;
      await edit(`UPDATE ${schema}.journal SET payload = $1 WHERE sequence = $2`, [
        bytes.toString('utf8'),
        sequence,
      ]);
    },
    deleteRecord: (sequence) => edit(`DELETE FROM ${schema}.journal WHERE sequence = $1`, [sequence]),
    async swapRecords(first, second) {
      const positionOf = async (sequence: number): Promise<number> =>
        Number(
          (await sql(`SELECT position FROM ${schema}.journal WHERE sequence = $1`, [sequence])).rows[0]
            ?.position,
        );
      const [a, b] = [await positionOf(first), await positionOf(second)];
      // The primary key is checked row by row: one record waits at -1 while the other moves.
      await edit(`BEGIN;
        UPDATE ${schema}.journal SET position = -1 WHERE position = ${a};
        UPDATE ${schema}.journal SET position = ${a} WHERE position = ${b};
        UPDATE ${schema}.journal SET position = ${b} WHERE position = -1;
        COMMIT;`);
    },
    tearFinalRecord: () =>
      edit(
        `UPDATE ${schema}.journal SET payload = left(payload, length(payload) / 2) WHERE position = ${last}`,
      ),
    dropFinalCommitEnd: () =>
      edit(`UPDATE ${schema}.journal SET commit_end = false WHERE position = ${last}`),
  };
}

export async function postgresHarness(extra: Partial<PostgresStoreOptions> = {}): Promise<StoreHarness> {
  const schema = `tmt_test_${randomBytes(6).toString('hex')}`;
  return {
    open: (options = {}) => openPostgresStore({ connectionString: CONNECTION, schema, ...extra, ...options }),
    tamper: postgresTamper(schema),
    dispose: async () => void (await sql(`DROP SCHEMA IF EXISTS ${schema} CASCADE`)),
  };
}

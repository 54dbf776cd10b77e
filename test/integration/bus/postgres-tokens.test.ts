import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { ApiTokenRecord } from '../../../src/core';
import { PostgresTokenStore } from '../../../src/store/postgres/token-store';
import { CONNECTION, ensurePostgres } from '../store/postgres-harness';
import { eventually } from './servers';

const schema = `tmt_tokens_${randomBytes(4).toString('hex')}`;

function token(id: string): ApiTokenRecord {
  return {
    id,
    name: `n-${id}`,
    scope: 'trade',
    secretHash: 'ab'.repeat(32),
    createdAt: 1_700_000_000_000,
    createdBy: 'test',
    rateLimitPerSecond: 5,
  };
}

describe('API tokens in PostgreSQL, shared by two processes', () => {
  beforeAll(async () => {
    await ensurePostgres();
  }, 60_000);
  afterAll(async () => {
    const client = new pg.Client({ connectionString: CONNECTION });
    await client.connect();
    await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await client.end();
  });

  it('a token added or revoked in one store is seen by another and survives a reopen; a duplicate id is refused', async () => {
    const one = await PostgresTokenStore.open({ connectionString: CONNECTION, schema, refreshMs: 50 });
    const two = await PostgresTokenStore.open({ connectionString: CONNECTION, schema, refreshMs: 50 });
    one.add(token('t1'));
    expect(one.list().map((t) => t.id)).toEqual(['t1']);
    expect(() => one.add(token('t1'))).toThrow(/already exists/);
    await one.flush();
    await eventually(() => two.list().some((t) => t.id === 't1'), 'the second process to see the token');
    expect(two.list()[0]).toEqual(token('t1'));
    expect(two.revoke('t1', 1_700_000_000_500)).toBe(true);
    expect(two.revoke('t1', 1_700_000_000_600)).toBe(false);
    await two.flush();
    await eventually(
      () => one.list()[0]?.revokedAt === 1_700_000_000_500,
      'the revocation to reach the first',
    );
    one.close();
    two.close();
    const reopened = await PostgresTokenStore.open({ connectionString: CONNECTION, schema });
    expect(reopened.list()).toEqual([{ ...token('t1'), revokedAt: 1_700_000_000_500 }]);
    reopened.close();
  }, 60_000);
});

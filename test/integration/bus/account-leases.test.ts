import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { AccountLeaseKeeper } from '../../../src/app/account-lease-keeper';
import { isTmtError } from '../../../src/core';
import { silentLogger } from '../../../src/shared/logger';
import { SystemClock } from '../../../src/shared/system-clock';
import { PostgresAccountLeases } from '../../../src/store/postgres/account-leases';
import { CONNECTION, ensurePostgres } from '../store/postgres-harness';
import { eventually } from './servers';

const schema = `tmt_lease_${randomBytes(4).toString('hex')}`;

async function refusal(work: Promise<unknown>): Promise<unknown> {
  return work.then(
    () => undefined,
    (error: unknown) => error,
  );
}

describe('one writer per account: fenced leases in PostgreSQL', () => {
  let a: PostgresAccountLeases;
  let b: PostgresAccountLeases;
  beforeAll(async () => {
    await ensurePostgres();
    a = await PostgresAccountLeases.open(CONNECTION, schema);
    b = await PostgresAccountLeases.open(CONNECTION, schema);
    const setup = new pg.Client({ connectionString: CONNECTION });
    await setup.connect();
    await setup.query(`CREATE TABLE ${schema}.orders (account_id TEXT, note TEXT)`);
    await setup.end();
  }, 60_000);
  afterAll(async () => {
    await a.close();
    await b.close();
    const cleanup = new pg.Client({ connectionString: CONNECTION });
    await cleanup.connect();
    await cleanup.query(`DROP SCHEMA ${schema} CASCADE`);
    await cleanup.end();
  });

  it('a second process is refused while the lease is held, takes over after it expires; the stale token is refused', async () => {
    const first = await a.acquire('acc-1', 'engine-a', 400);
    expect(first.token).toBe(1);
    const held = await refusal(b.acquire('acc-1', 'engine-b', 400));
    expect(isTmtError(held, 'STORE_LEASE_HELD')).toBe(true);
    expect((held as { details: Record<string, string> }).details.holder).toBe('engine-a');
    // Renewing keeps the token.
    expect((await a.renew(first, 400)).token).toBe(1);

    let taken: Awaited<ReturnType<typeof b.acquire>> | undefined;
    // Retried until the first lease has expired on the database's clock.
    async function tryTake() {
      for (;;) {
        try {
          taken = await b.acquire('acc-1', 'engine-b', 60_000);
          return;
        } catch (error) {
          if (!isTmtError(error, 'STORE_LEASE_HELD')) throw error;
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
      }
    }
    await tryTake();
    expect(taken?.token).toBe(2);

    // The old holder learns it lost the lease, and its writes are fenced off.
    expect(isTmtError(await refusal(a.renew(first, 400)), 'STORE_LEASE_STALE')).toBe(true);
    expect(isTmtError(await refusal(a.assertCurrent('acc-1', 1)), 'STORE_LEASE_STALE')).toBe(true);
    const staleWrite = await refusal(
      a.fenced('acc-1', 1, (client) =>
        client.query(`INSERT INTO ${schema}.orders VALUES ('acc-1', 'stale')`),
      ),
    );
    expect(isTmtError(staleWrite, 'STORE_LEASE_STALE')).toBe(true);
    await b.fenced('acc-1', 2, (client) =>
      client.query(`INSERT INTO ${schema}.orders VALUES ('acc-1', 'current')`),
    );
    const { rows } = await b.fenced('acc-1', 2, (client) =>
      client.query<{ note: string }>(`SELECT note FROM ${schema}.orders`),
    );
    expect(rows.map((row) => row.note)).toEqual(['current']);
  }, 60_000);

  it('the keeper trades only leased accounts: the second engine disables the account, then takes over when the first stops', async () => {
    const calls = { a: [] as string[], b: [] as string[] };
    const keeper = (name: 'a' | 'b', leases: PostgresAccountLeases) =>
      new AccountLeaseKeeper({
        leases,
        engine: { setAccountEnabled: (id, enabled) => void calls[name].push(`${id}:${enabled}`) },
        accounts: ['acc-2'],
        owner: `engine-${name}`,
        ttlMs: 600,
        clock: new SystemClock(),
        logger: silentLogger(),
      });
    const keeperA = keeper('a', a);
    const keeperB = keeper('b', b);
    await keeperA.start();
    await keeperB.start();
    expect(keeperA.holds('acc-2')).toBe(true);
    expect(keeperB.holds('acc-2')).toBe(false);
    expect(calls.a).toEqual(['acc-2:true']);
    expect(calls.b).toEqual(['acc-2:false']);
    await keeperA.stop();
    await eventually(() => keeperB.holds('acc-2'), 'engine b to take the account over', 30_000);
    expect(calls.b.at(-1)).toBe('acc-2:true');
    expect(keeperB.token('acc-2')).toBe(2);
    await keeperB.stop();
  }, 60_000);
});

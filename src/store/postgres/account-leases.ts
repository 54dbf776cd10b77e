import pg from 'pg';

import { TmtError, type AccountLease, type AccountLeaseStore } from '../../core';

interface LeaseRow {
  account_id: string;
  owner: string;
  token: string;
  expires_at: string;
}

const toLease = (row: LeaseRow): AccountLease => ({
  accountId: row.account_id,
  owner: row.owner,
  token: Number(row.token),
  expiresAt: Number(row.expires_at),
});

/** The database's clock in epoch ms: every process compares expiry against the same clock. */
const NOW_MS = `(extract(epoch from clock_timestamp()) * 1000)::bigint`;

/**
 * Fenced account leases in PostgreSQL, in a schema shared by every engine (default tmt_shared; each engine's
 * journal has a schema of its own). The token only grows: a takeover increments it, a renewal keeps it, so
 * a process that lost its lease (paused, partitioned) is refused at its next fenced write.
 */
export class PostgresAccountLeases implements AccountLeaseStore {
  private constructor(
    private readonly pool: pg.Pool,
    private readonly table: string,
  ) {}

  static async open(connectionString: string, schema = 'tmt_shared'): Promise<PostgresAccountLeases> {
    if (!/^[a-z_][a-z0-9_]{0,62}$/.test(schema))
      throw new TmtError('STORE_INVALID_ENTRY', 'lease schema must be a lower-case SQL identifier', {
        field: 'schema',
      });
    const pool = new pg.Pool({ connectionString, max: 2 });
    pool.on('error', () => undefined); // an idle client's failure surfaces at the next query
    try {
      await pool.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
      await pool.query(`CREATE TABLE IF NOT EXISTS ${schema}.account_leases (
        account_id TEXT PRIMARY KEY,
        owner TEXT NOT NULL,
        token BIGINT NOT NULL,
        expires_at BIGINT NOT NULL
      )`);
    } catch (error) {
      await pool.end();
      // Concurrent first opens race on CREATE: the loser's error is harmless once the table exists.
      if (!String(error).includes('already exists'))
        throw new TmtError('STORE_UNAVAILABLE', 'cannot prepare the account lease table', { cause: error });
      return PostgresAccountLeases.open(connectionString, schema);
    }
    return new PostgresAccountLeases(pool, `${schema}.account_leases`);
  }

  async acquire(accountId: string, owner: string, ttlMs: number): Promise<AccountLease> {
    const { rows } = await this.pool.query<LeaseRow>(
      `INSERT INTO ${this.table} AS lease (account_id, owner, token, expires_at)
       VALUES ($1, $2, 1, ${NOW_MS} + $3)
       ON CONFLICT (account_id) DO UPDATE
         SET owner = excluded.owner,
             token = CASE WHEN lease.owner = excluded.owner AND lease.expires_at >= ${NOW_MS} THEN lease.token ELSE lease.token + 1 END,
             expires_at = excluded.expires_at
         WHERE lease.owner = excluded.owner OR lease.expires_at < ${NOW_MS}
       RETURNING account_id, owner, token, expires_at`,
      [accountId, owner, ttlMs],
    );
    const row = rows[0];
    if (row !== undefined) return toLease(row);
    const holder = await this.current(accountId);
    throw new TmtError(
      'STORE_LEASE_HELD',
      `account ${accountId} is traded by ${holder?.owner ?? 'another process'} (lease until ${holder?.expiresAt ?? '?'})`,
      {
        field: 'accountId',
        details: { accountId, holder: holder?.owner ?? '', expiresAt: String(holder?.expiresAt ?? '') },
      },
    );
  }

  async renew(lease: AccountLease, ttlMs: number): Promise<AccountLease> {
    const { rows } = await this.pool.query<LeaseRow>(
      `UPDATE ${this.table} SET expires_at = ${NOW_MS} + $4
       WHERE account_id = $1 AND owner = $2 AND token = $3
       RETURNING account_id, owner, token, expires_at`,
      [lease.accountId, lease.owner, lease.token, ttlMs],
    );
    const row = rows[0];
    if (row === undefined) throw stale(lease.accountId, lease.token, await this.current(lease.accountId));
    return toLease(row);
  }

  async release(lease: AccountLease): Promise<void> {
    // Expired rather than deleted: the token must keep growing for the next holder.
    await this.pool.query(`UPDATE ${this.table} SET expires_at = 0 WHERE account_id = $1 AND token = $2`, [
      lease.accountId,
      lease.token,
    ]);
  }

  async assertCurrent(accountId: string, token: number): Promise<void> {
    const current = await this.current(accountId);
    if (current?.token !== token) throw stale(accountId, token, current);
  }

  /**
   * Runs `work` in a transaction that first checks the fencing token under a share lock on the lease row:
   * a takeover (which updates the row) waits for it, and a stale token writes nothing.
   */
  async fenced<T>(accountId: string, token: number, work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      const { rows } = await client.query<LeaseRow>(
        `SELECT account_id, owner, token, expires_at FROM ${this.table} WHERE account_id = $1 FOR SHARE`,
        [accountId],
      );
      const current = rows[0] === undefined ? undefined : toLease(rows[0]);
      if (current?.token !== token) throw stale(accountId, token, current);
      const result = await work(client);
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }

  async current(accountId: string): Promise<AccountLease | undefined> {
    const { rows } = await this.pool.query<LeaseRow>(
      `SELECT account_id, owner, token, expires_at FROM ${this.table} WHERE account_id = $1`,
      [accountId],
    );
    return rows[0] === undefined ? undefined : toLease(rows[0]);
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}

function stale(accountId: string, token: number, current: AccountLease | undefined): TmtError {
  return new TmtError(
    'STORE_LEASE_STALE',
    `fencing token ${token} for account ${accountId} is stale: the lease is now ${current === undefined ? 'gone' : `token ${current.token}, held by ${current.owner}`}`,
    {
      field: 'fencingToken',
      details: { accountId, token: String(token), current: String(current?.token ?? '') },
    },
  );
}

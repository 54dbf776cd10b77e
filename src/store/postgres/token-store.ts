import pg from 'pg';

import { TmtError, type ApiScope, type ApiTokenRecord, type TokenStore } from '../../core';
import { silentLogger, type Logger } from '../../shared/logger';

interface TokenRow {
  id: string;
  name: string;
  scope: ApiScope;
  secret_hash: string;
  created_at: string;
  created_by: string;
  revoked_at: string | null;
  rate_limit: number | null;
}

const toRecord = (row: TokenRow): ApiTokenRecord => ({
  id: row.id,
  name: row.name,
  scope: row.scope,
  secretHash: row.secret_hash,
  createdAt: Number(row.created_at),
  createdBy: row.created_by,
  ...(row.revoked_at === null ? {} : { revokedAt: Number(row.revoked_at) }),
  ...(row.rate_limit === null ? {} : { rateLimitPerSecond: row.rate_limit }),
});

/**
 * API tokens in PostgreSQL (store.kind postgres), the same rows as the SQLite store: only each secret's
 * SHA-256, revocation marks a row, nothing is deleted. The TokenStore port is synchronous (the API checks a
 * token on every request), so reads come from memory: loaded at open, refreshed every `refreshMs` (tokens
 * another process created or revoked appear within it), and writes update memory at once and the table in
 * order behind it. `flush()` resolves once every write is committed.
 */
export class PostgresTokenStore implements TokenStore {
  private tokens: ApiTokenRecord[] = [];
  private writes: Promise<void> = Promise.resolve();
  private readonly timer: NodeJS.Timeout;
  private closed = false;

  private constructor(
    private readonly pool: pg.Pool,
    private readonly table: string,
    private readonly logger: Logger,
    refreshMs: number,
  ) {
    this.timer = setInterval(() => void this.refresh(), refreshMs);
    this.timer.unref();
  }

  static async open(options: {
    connectionString: string;
    schema?: string;
    logger?: Logger;
    refreshMs?: number;
  }): Promise<PostgresTokenStore> {
    const schema = options.schema ?? 'tmt';
    if (!/^[a-z_][a-z0-9_]{0,62}$/.test(schema))
      throw new TmtError('STORE_INVALID_ENTRY', 'schema must be a lower-case SQL identifier', {
        field: 'schema',
      });
    const pool = new pg.Pool({ connectionString: options.connectionString, max: 2 });
    pool.on('error', () => undefined);
    try {
      await pool.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
      await pool.query(`CREATE TABLE IF NOT EXISTS ${schema}.api_tokens (
        id TEXT PRIMARY KEY, name TEXT NOT NULL, scope TEXT NOT NULL, secret_hash TEXT NOT NULL,
        created_at BIGINT NOT NULL, created_by TEXT NOT NULL, revoked_at BIGINT, rate_limit INTEGER)`);
    } catch (error) {
      await pool.end();
      throw new TmtError('STORE_UNAVAILABLE', 'cannot prepare the API token table in PostgreSQL', {
        cause: error,
      });
    }
    const store = new PostgresTokenStore(
      pool,
      `${schema}.api_tokens`,
      options.logger ?? silentLogger(),
      options.refreshMs ?? 2_000,
    );
    await store.refresh();
    return store;
  }

  add(token: ApiTokenRecord): void {
    if (this.tokens.some((known) => known.id === token.id))
      throw new TmtError('STORE_CONFLICT', `token ${token.id} already exists`, { field: 'id' });
    this.tokens = [...this.tokens, token];
    this.write(
      `INSERT INTO ${this.table} (id, name, scope, secret_hash, created_at, created_by, revoked_at, rate_limit)
       VALUES ($1, $2, $3, $4, $5, $6, NULL, $7)`,
      [
        token.id,
        token.name,
        token.scope,
        token.secretHash,
        token.createdAt,
        token.createdBy,
        token.rateLimitPerSecond ?? null,
      ],
    );
  }

  list(): readonly ApiTokenRecord[] {
    return this.tokens;
  }

  revoke(id: string, at: number): boolean {
    const known = this.tokens.find((token) => token.id === id);
    if (known === undefined || known.revokedAt !== undefined) return false;
    this.tokens = this.tokens.map((token) => (token.id === id ? { ...token, revokedAt: at } : token));
    this.write(`UPDATE ${this.table} SET revoked_at = $1 WHERE id = $2 AND revoked_at IS NULL`, [at, id]);
    return true;
  }

  /** Resolves once every add and revoke so far is committed. */
  flush(): Promise<void> {
    return this.writes;
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.timer);
    void this.writes.then(() => this.pool.end());
  }

  private write(sql: string, params: unknown[]): void {
    this.writes = this.writes
      .then(async () => {
        await this.pool.query(sql, params);
      })
      .catch((error: unknown) => this.logger.error({ err: error }, 'API token write to PostgreSQL failed'));
  }

  private async refresh(): Promise<void> {
    if (this.closed) return;
    try {
      // After pending writes, so a refresh never brings back a state older than memory.
      await this.writes;
      const { rows } = await this.pool.query<TokenRow>(`SELECT * FROM ${this.table} ORDER BY created_at, id`);
      this.tokens = rows.map(toRecord);
    } catch (error) {
      this.logger.warn(
        { err: error },
        'API token refresh from PostgreSQL failed; serving the last known tokens',
      );
    }
  }
}

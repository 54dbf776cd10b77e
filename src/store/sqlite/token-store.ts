import Database from 'better-sqlite3';

import type { ApiScope, ApiTokenRecord, TokenStore } from '../../core';

interface TokenRow {
  id: string;
  name: string;
  scope: ApiScope;
  secret_hash: string;
  created_at: number;
  created_by: string;
  revoked_at: number | null;
  rate_limit: number | null;
}

const toRecord = (row: TokenRow): ApiTokenRecord => ({
  id: row.id,
  name: row.name,
  scope: row.scope,
  secretHash: row.secret_hash,
  createdAt: row.created_at,
  createdBy: row.created_by,
  ...(row.revoked_at === null ? {} : { revokedAt: row.revoked_at }),
  ...(row.rate_limit === null ? {} : { rateLimitPerSecond: row.rate_limit }),
});

/** API tokens: only the SHA-256 of each secret is stored. Revocation marks the row; rows are never deleted. */
export function openSqliteTokenStore(filename: string): TokenStore {
  const db = new Database(filename);
  db.pragma('journal_mode = WAL');
  db.exec(`
    CREATE TABLE IF NOT EXISTS api_tokens (
      id TEXT PRIMARY KEY,
      name TEXT NOT NULL,
      scope TEXT NOT NULL,
      secret_hash TEXT NOT NULL,
      created_at INTEGER NOT NULL,
      created_by TEXT NOT NULL,
      revoked_at INTEGER,
      rate_limit INTEGER
    );
  `);
  const insert = db.prepare(
    `INSERT INTO api_tokens (id, name, scope, secret_hash, created_at, created_by, revoked_at, rate_limit)
     VALUES (@id, @name, @scope, @secretHash, @createdAt, @createdBy, NULL, @rateLimit)`,
  );
  const revoke = db.prepare('UPDATE api_tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL');
  const list = db.prepare('SELECT * FROM api_tokens ORDER BY created_at, id');
  return {
    add(token) {
      insert.run({ ...token, rateLimit: token.rateLimitPerSecond ?? null });
    },
    list() {
      return (list.all() as TokenRow[]).map(toRecord);
    },
    revoke(id, at) {
      return revoke.run(at, id).changes > 0;
    },
    close() {
      db.close();
    },
  };
}

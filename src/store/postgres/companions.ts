import type { Pool } from 'pg';

import { TmtError, type DeadLetter, type DeadLetterStore, type KeyValueStore } from '../../core';
import {
  deadLetterFromRow,
  duplicateLetter,
  letterColumns,
  unresolvable,
  validateLetter,
  validateResolution,
  type DeadLetterRow,
} from '../dead-letter-rules';

/** The same rules as sqlite/dead-letters.ts: never deleted, resolved once, with the actor. */
export class PostgresDeadLetterStore implements DeadLetterStore {
  constructor(
    private readonly connections: Pool,
    private readonly schema: string,
  ) {}

  private get pool(): Pool {
    if (this.connections.ending || this.connections.ended)
      throw new TmtError('STORE_CLOSED', 'the store is closed');
    return this.connections;
  }

  async add(letter: Omit<DeadLetter, 'resolution'>): Promise<void> {
    validateLetter(letter);
    const result = await this.pool.query(
      `INSERT INTO ${this.schema}.dead_letters (id, command, command_type, account_id, client_order_id, error, attempts, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (id) DO NOTHING`,
      letterColumns(letter),
    );
    if (result.rowCount === 0) {
      throw duplicateLetter(letter.id);
    }
  }

  async list(options: { readonly includeResolved?: boolean } = {}): Promise<readonly DeadLetter[]> {
    const where = options.includeResolved === true ? '' : 'WHERE resolution_kind IS NULL';
    const { rows } = await this.pool.query<DeadLetterRow>(
      `SELECT * FROM ${this.schema}.dead_letters ${where} ORDER BY created_at, id`,
    );
    return rows.map(deadLetterFromRow);
  }

  async get(id: string): Promise<DeadLetter | undefined> {
    const { rows } = await this.pool.query<DeadLetterRow>(
      `SELECT * FROM ${this.schema}.dead_letters WHERE id = $1`,
      [id],
    );
    return rows[0] === undefined ? undefined : deadLetterFromRow(rows[0]);
  }

  async resolve(id: string, resolution: NonNullable<DeadLetter['resolution']>): Promise<void> {
    validateResolution(resolution);
    const result = await this.pool.query(
      `UPDATE ${this.schema}.dead_letters SET resolution_kind = $1, resolution_actor = $2, resolution_at = $3
       WHERE id = $4 AND resolution_kind IS NULL`,
      [resolution.kind, resolution.actor, resolution.at, id],
    );
    if (result.rowCount === 1) return;
    throw unresolvable(id, await this.get(id));
  }
}

export class PostgresKeyValueStore implements KeyValueStore {
  constructor(
    private readonly connections: Pool,
    private readonly schema: string,
  ) {}

  private get pool(): Pool {
    if (this.connections.ending || this.connections.ended)
      throw new TmtError('STORE_CLOSED', 'the store is closed');
    return this.connections;
  }

  async get(key: string): Promise<string | undefined> {
    const { rows } = await this.pool.query<{ value: string }>(
      `SELECT value FROM ${this.schema}.key_value WHERE key = $1`,
      [key],
    );
    return rows[0]?.value;
  }

  async set(key: string, value: string): Promise<void> {
    if (typeof key !== 'string' || key.length === 0)
      throw new TmtError('STORE_INVALID_ENTRY', 'key must be a non-empty string', { field: 'key' });
    if (typeof value !== 'string')
      throw new TmtError('STORE_INVALID_ENTRY', 'value must be a string', { field: 'value' });
    await this.pool.query(
      `INSERT INTO ${this.schema}.key_value (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = excluded.value`,
      [key, value],
    );
  }

  async delete(key: string): Promise<void> {
    await this.pool.query(`DELETE FROM ${this.schema}.key_value WHERE key = $1`, [key]);
  }

  /** left() rather than LIKE: '%' and '_' in a prefix are literal. COLLATE "C": byte order, as in SQLite. */
  async list(prefix: string): Promise<readonly { key: string; value: string }[]> {
    const { rows } = await this.pool.query<{ key: string; value: string }>(
      `SELECT key, value FROM ${this.schema}.key_value WHERE left(key, $1) = $2 ORDER BY key COLLATE "C"`,
      [prefix.length, prefix],
    );
    return rows;
  }
}

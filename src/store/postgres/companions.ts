import type { Pool } from 'pg';

import { TmtError, type DeadLetter, type DeadLetterStore, type KeyValueStore } from '../../core';
import { deadLetterFromRow, requireText, type DeadLetterRow } from '../dead-letter-rows';

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
    for (const field of ['id', 'command', 'commandType', 'accountId', 'error'] as const)
      requireText(letter[field], `letter.${field}`);
    if (!Number.isSafeInteger(letter.attempts) || letter.attempts < 0) {
      throw new TmtError('STORE_INVALID_ENTRY', 'letter.attempts must be a non-negative integer', {
        field: 'letter.attempts',
      });
    }
    const result = await this.pool.query(
      `INSERT INTO ${this.schema}.dead_letters (id, command, command_type, account_id, client_order_id, error, attempts, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (id) DO NOTHING`,
      [
        letter.id,
        letter.command,
        letter.commandType,
        letter.accountId,
        letter.clientOrderId ?? null,
        letter.error,
        letter.attempts,
        letter.createdAt,
      ],
    );
    if (result.rowCount === 0) {
      throw new TmtError('STORE_CONFLICT', `dead letter ${letter.id} already exists`, {
        field: 'letter.id',
        details: { id: letter.id },
      });
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
    if (resolution.kind !== 'retried' && resolution.kind !== 'discarded') {
      throw new TmtError('STORE_INVALID_ENTRY', "resolution.kind must be 'retried' or 'discarded'", {
        field: 'resolution.kind',
      });
    }
    requireText(resolution.actor, 'resolution.actor');
    const result = await this.pool.query(
      `UPDATE ${this.schema}.dead_letters SET resolution_kind = $1, resolution_actor = $2, resolution_at = $3
       WHERE id = $4 AND resolution_kind IS NULL`,
      [resolution.kind, resolution.actor, resolution.at, id],
    );
    if (result.rowCount === 1) return;
    const existing = await this.get(id);
    if (existing === undefined)
      throw new TmtError('STORE_NOT_FOUND', `no dead letter ${id}`, { field: 'id', details: { id } });
    throw new TmtError(
      'STORE_CONFLICT',
      `dead letter ${id} was already ${existing.resolution?.kind ?? 'resolved'}`,
      {
        field: 'id',
        details: { id, resolution: existing.resolution?.kind ?? '' },
      },
    );
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

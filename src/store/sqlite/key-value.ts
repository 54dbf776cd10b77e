import type { Database } from 'better-sqlite3';

import { TmtError, type KeyValueStore } from '../../core';

/** Small mutable state beside the journal (not journaled, not chained): settings, cursors, tokens. */
export class SqliteKeyValueStore implements KeyValueStore {
  constructor(private readonly database: Database) {}

  private get db(): Database {
    if (!this.database.open) throw new TmtError('STORE_CLOSED', 'the store is closed');
    return this.database;
  }

  async get(key: string): Promise<string | undefined> {
    const row = this.db.prepare('SELECT value FROM key_value WHERE key = ?').get(key) as
      { value: string } | undefined;
    return row?.value;
  }

  async set(key: string, value: string): Promise<void> {
    if (typeof key !== 'string' || key.length === 0)
      throw new TmtError('STORE_INVALID_ENTRY', 'key must be a non-empty string', { field: 'key' });
    if (typeof value !== 'string')
      throw new TmtError('STORE_INVALID_ENTRY', 'value must be a string', { field: 'value' });
    this.db
      .prepare(
        'INSERT INTO key_value (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
      )
      .run(key, value);
  }

  async delete(key: string): Promise<void> {
    this.db.prepare('DELETE FROM key_value WHERE key = ?').run(key);
  }

  /** Keys starting with `prefix`, in key order. substr() rather than LIKE: '%' and '_' in a key are literal. */
  async list(prefix: string): Promise<readonly { key: string; value: string }[]> {
    return this.db
      .prepare('SELECT key, value FROM key_value WHERE substr(key, 1, ?) = ? ORDER BY key')
      .all(prefix.length, prefix) as { key: string; value: string }[];
  }
}

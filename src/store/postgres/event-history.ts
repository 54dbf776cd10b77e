import type { Pool } from 'pg';

import type { EngineEvent, EventHistoryStore, StoredEvent, Timestamp } from '../../core';
import { decodeExact, encodeExact } from '../../core';

/**
 * The API's event history in PostgreSQL (issue 15): the same rows as SQLite's event_history, in the store's
 * schema. The table is created on first use when missing: it is the API's, and an older schema simply gains it.
 */
export class PostgresEventHistory implements EventHistoryStore {
  private ready: Promise<void> | undefined;

  constructor(
    private readonly pool: Pool,
    private readonly schema: string,
  ) {}

  private table(): Promise<void> {
    this.ready ??= (async () => {
      await this.pool.query(
        `CREATE TABLE IF NOT EXISTS ${this.schema}.event_history (cursor BIGINT PRIMARY KEY, at BIGINT NOT NULL, body TEXT NOT NULL)`,
      );
      await this.pool.query(`CREATE INDEX IF NOT EXISTS event_history_at ON ${this.schema}.event_history (at)`);
    })();
    return this.ready;
  }

  async append(events: readonly StoredEvent[]): Promise<void> {
    if (events.length === 0) return;
    await this.table();
    const values: unknown[] = [];
    const rows = events.map((event, index) => {
      values.push(event.cursor, event.at, encodeExact(event.event));
      return `($${index * 3 + 1}, $${index * 3 + 2}, $${index * 3 + 3})`;
    });
    await this.pool.query(
      `INSERT INTO ${this.schema}.event_history (cursor, at, body) VALUES ${rows.join(', ')} ON CONFLICT (cursor) DO NOTHING`,
      values,
    );
  }

  async since(since: Timestamp): Promise<readonly StoredEvent[]> {
    await this.table();
    const { rows } = await this.pool.query<{ cursor: string; at: string; body: string }>(
      `SELECT cursor, at, body FROM ${this.schema}.event_history WHERE at >= $1 ORDER BY cursor`,
      [since],
    );
    return rows.map((row) => ({ cursor: Number(row.cursor), at: Number(row.at), event: decodeExact<EngineEvent>(row.body) }));
  }

  async lastCursor(): Promise<number> {
    await this.table();
    const { rows } = await this.pool.query<{ cursor: string | null }>(`SELECT MAX(cursor) AS cursor FROM ${this.schema}.event_history`);
    return rows[0]?.cursor === null || rows[0]?.cursor === undefined ? 0 : Number(rows[0].cursor);
  }

  async prune(before: Timestamp): Promise<void> {
    await this.table();
    await this.pool.query(`DELETE FROM ${this.schema}.event_history WHERE at < $1`, [before]);
  }
}

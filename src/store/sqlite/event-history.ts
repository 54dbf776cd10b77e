import type { Database } from 'better-sqlite3';

import type { EngineEvent, EventHistoryStore, StoredEvent, Timestamp } from '../../core';
import { decodeExact, encodeExact } from '../../core';

interface Row {
  readonly cursor: number | bigint;
  readonly at: number | bigint;
  readonly body: string;
}

/**
 * The API's event history in the journal's database (issue 15): one row per event, its body in the exact codec
 * so amounts come back as the same decimals. The table is created here when missing: it is the API's, and an
 * older database simply gains it.
 */
export class SqliteEventHistory implements EventHistoryStore {
  private readonly insert;
  private readonly select;
  private readonly last;
  private readonly drop;

  constructor(private readonly db: Database) {
    db.exec('CREATE TABLE IF NOT EXISTS event_history (cursor INTEGER PRIMARY KEY, at INTEGER NOT NULL, body TEXT NOT NULL)');
    db.exec('CREATE INDEX IF NOT EXISTS event_history_at ON event_history (at)');
    this.insert = db.prepare('INSERT OR IGNORE INTO event_history (cursor, at, body) VALUES (?, ?, ?)');
    this.select = db.prepare('SELECT cursor, at, body FROM event_history WHERE at >= ? ORDER BY cursor');
    this.last = db.prepare('SELECT MAX(cursor) AS cursor FROM event_history');
    this.drop = db.prepare('DELETE FROM event_history WHERE at < ?');
  }

  async append(events: readonly StoredEvent[]): Promise<void> {
    const write = this.db.transaction((rows: readonly StoredEvent[]) => {
      for (const row of rows) this.insert.run(row.cursor, row.at, encodeExact(row.event));
    });
    write(events);
  }

  async since(since: Timestamp): Promise<readonly StoredEvent[]> {
    return (this.select.all(since) as Row[]).map((row) => ({
      cursor: Number(row.cursor),
      at: Number(row.at),
      event: decodeExact<EngineEvent>(row.body),
    }));
  }

  async lastCursor(): Promise<number> {
    const row = this.last.get() as { cursor: number | bigint | null } | undefined;
    return row?.cursor === null || row?.cursor === undefined ? 0 : Number(row.cursor);
  }

  async prune(before: Timestamp): Promise<void> {
    this.drop.run(before);
  }
}

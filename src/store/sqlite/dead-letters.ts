import type { Database } from 'better-sqlite3';

import { TmtError, type DeadLetter, type DeadLetterStore } from '../../core';
import {
  deadLetterFromRow,
  duplicateLetter,
  letterColumns,
  unresolvable,
  validateLetter,
  validateResolution,
  type DeadLetterRow,
} from '../dead-letter-rules';

/**
 * Dead letters in the journal's database (committed like any other write, so they survive a restart). A
 * letter is never deleted: resolving it records who retried or discarded it and when, once.
 */
export class SqliteDeadLetterStore implements DeadLetterStore {
  constructor(private readonly database: Database) {}

  private get db(): Database {
    if (!this.database.open) throw new TmtError('STORE_CLOSED', 'the store is closed');
    return this.database;
  }

  async add(letter: Omit<DeadLetter, 'resolution'>): Promise<void> {
    validateLetter(letter);
    const result = this.db
      .prepare(
        `INSERT INTO dead_letters (id, command, command_type, account_id, client_order_id, error, attempts, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING`,
      )
      .run(...letterColumns(letter));
    if (result.changes === 0) {
      throw duplicateLetter(letter.id);
    }
  }

  async list(options: { readonly includeResolved?: boolean } = {}): Promise<readonly DeadLetter[]> {
    const where = options.includeResolved === true ? '' : 'WHERE resolution_kind IS NULL';
    const rows = this.db
      .prepare(`SELECT * FROM dead_letters ${where} ORDER BY created_at, id`)
      .all() as DeadLetterRow[];
    return rows.map(deadLetterFromRow);
  }

  async get(id: string): Promise<DeadLetter | undefined> {
    const row = this.db.prepare('SELECT * FROM dead_letters WHERE id = ?').get(id) as
      DeadLetterRow | undefined;
    return row === undefined ? undefined : deadLetterFromRow(row);
  }

  /** Resolves once: a second resolution (a double click on "retry") is a conflict, not a second retry. */
  async resolve(id: string, resolution: NonNullable<DeadLetter['resolution']>): Promise<void> {
    validateResolution(resolution);
    const result = this.db
      .prepare(
        `UPDATE dead_letters SET resolution_kind = ?, resolution_actor = ?, resolution_at = ?
         WHERE id = ? AND resolution_kind IS NULL`,
      )
      .run(resolution.kind, resolution.actor, resolution.at, id);
    if (result.changes > 0) return;
    throw unresolvable(id, await this.get(id));
  }
}

import Database from 'better-sqlite3';

import type { AuditEntry, AuditQuery, AuditStore } from '../../core';

interface AuditRow {
  sequence: number;
  at: number;
  actor: string;
  action: string;
  target: string;
  details: string;
  outcome: AuditEntry['outcome'];
  previous_hash: string;
  hash: string;
}

const toEntry = (row: AuditRow): AuditEntry => ({
  sequence: row.sequence,
  at: row.at,
  actor: row.actor,
  action: row.action,
  target: row.target,
  details: row.details,
  outcome: row.outcome,
  previousHash: row.previous_hash,
  hash: row.hash,
});

/**
 * The audit log in its own SQLite file. Append-only by construction: triggers refuse UPDATE and DELETE, so
 * that only someone editing the file outside TMT can change history (and the hash chain shows it).
 */
export function openSqliteAuditStore(filename: string): AuditStore {
  const db = new Database(filename);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('busy_timeout = 5000');
  db.exec(`
    CREATE TABLE IF NOT EXISTS audit_log (
      sequence INTEGER PRIMARY KEY,
      at INTEGER NOT NULL,
      actor TEXT NOT NULL,
      action TEXT NOT NULL,
      target TEXT NOT NULL,
      details TEXT NOT NULL,
      outcome TEXT NOT NULL,
      previous_hash TEXT NOT NULL,
      hash TEXT NOT NULL
    );
    CREATE TRIGGER IF NOT EXISTS audit_log_no_update BEFORE UPDATE ON audit_log
      BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
    CREATE TRIGGER IF NOT EXISTS audit_log_no_delete BEFORE DELETE ON audit_log
      BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
  `);
  const insert = db.prepare(
    `INSERT INTO audit_log (sequence, at, actor, action, target, details, outcome, previous_hash, hash)
     VALUES (@sequence, @at, @actor, @action, @target, @details, @outcome, @previousHash, @hash)`,
  );
  const lastRow = db.prepare('SELECT * FROM audit_log ORDER BY sequence DESC LIMIT 1');
  const everything = db.prepare('SELECT * FROM audit_log ORDER BY rowid');

  const appendNext = db.transaction(
    (build: (previous: AuditEntry | undefined) => AuditEntry, after?: (entry: AuditEntry) => void) => {
      const row = lastRow.get() as AuditRow | undefined;
      const entry = build(row === undefined ? undefined : toEntry(row));
      insert.run(entry);
      after?.(entry);
      return entry;
    },
  );
  return {
    appendNext(build, after) {
      // IMMEDIATE takes the write lock before reading the last entry: no other writer can slip in between.
      return appendNext.immediate(build, after);
    },
    query(query: AuditQuery) {
      const clauses = ['sequence > @after'];
      if (query.actor !== undefined) clauses.push('actor = @actor');
      if (query.action !== undefined) clauses.push('action = @action');
      const rows = db
        .prepare(`SELECT * FROM audit_log WHERE ${clauses.join(' AND ')} ORDER BY sequence LIMIT @limit`)
        .all({
          after: query.after ?? 0,
          limit: query.limit ?? 100,
          actor: query.actor,
          action: query.action,
        }) as AuditRow[];
      return rows.map(toEntry);
    },
    *all() {
      for (const row of everything.iterate() as Iterable<AuditRow>) yield toEntry(row);
    },
    last() {
      const row = lastRow.get() as AuditRow | undefined;
      return row === undefined ? undefined : toEntry(row);
    },
    close() {
      db.close();
    },
  };
}

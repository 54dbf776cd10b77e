import Database from 'better-sqlite3';
import type { Database as Connection } from 'better-sqlite3';

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

/** A connection that can attach the audit file (the SQLite journal: SqliteJournal.attach). */
export interface AuditHost {
  attach(filename: string, schema: string): Connection;
}

export interface SqliteAuditStoreOptions {
  /**
   * Open the audit file on the journal's connection instead of its own: an audit record written as a
   * companion of a journal append (GroupCommitJournal.join) then commits in the journal's transaction.
   */
  readonly host?: AuditHost;
}

const SCHEMA = 'audit';

/**
 * The options that host the audit file on the journal's connection when the journal is SQLite (it has
 * `attach`); none otherwise (PostgreSQL): the audit file then keeps its own connection and commits.
 */
export function auditHostOf(journal: object): SqliteAuditStoreOptions {
  const attach = (journal as Partial<AuditHost>).attach;
  return typeof attach === 'function' ? { host: journal as AuditHost } : {};
}

/**
 * The audit log in its own SQLite file. Append-only by construction: triggers refuse UPDATE and DELETE, so
 * that only someone editing the file outside TMT can change history (and the hash chain shows it).
 */
export function openSqliteAuditStore(filename: string, options: SqliteAuditStoreOptions = {}): AuditStore {
  const hosted = options.host !== undefined;
  const db = options.host === undefined ? new Database(filename) : openHosted(filename, options.host);
  const table = hosted ? `${SCHEMA}.audit_log` : 'audit_log';
  if (!hosted) {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('busy_timeout = 5000');
  }
  const prefix = hosted ? `${SCHEMA}.` : '';
  // Triggers of an attached schema name their table unqualified (SQLite resolves it in the trigger's schema).
  db.exec(`
    CREATE TABLE IF NOT EXISTS ${prefix}audit_log (
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
    CREATE TRIGGER IF NOT EXISTS ${prefix}audit_log_no_update BEFORE UPDATE ON audit_log
      BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
    CREATE TRIGGER IF NOT EXISTS ${prefix}audit_log_no_delete BEFORE DELETE ON audit_log
      BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
  `);
  const insert = db.prepare(
    `INSERT INTO ${table} (sequence, at, actor, action, target, details, outcome, previous_hash, hash)
     VALUES (@sequence, @at, @actor, @action, @target, @details, @outcome, @previousHash, @hash)`,
  );
  const lastRow = db.prepare(`SELECT * FROM ${table} ORDER BY sequence DESC LIMIT 1`);
  const everything = db.prepare(`SELECT * FROM ${table} ORDER BY rowid`);

  const appendInside = (
    build: (previous: AuditEntry | undefined) => AuditEntry,
    after?: (entry: AuditEntry) => void,
  ): AuditEntry => {
    const row = lastRow.get() as AuditRow | undefined;
    const entry = build(row === undefined ? undefined : toEntry(row));
    insert.run(entry);
    after?.(entry);
    return entry;
  };
  const appendNext = db.transaction(appendInside);
  return {
    appendNext(build, after) {
      // Inside the journal's transaction (a companion write): that transaction already holds the write lock.
      if (db.inTransaction) return appendInside(build, after);
      // IMMEDIATE takes the write lock before reading the last entry: no other writer can slip in between.
      return appendNext.immediate(build, after);
    },
    query(query: AuditQuery) {
      const clauses = ['sequence > @after'];
      if (query.actor !== undefined) clauses.push('actor = @actor');
      if (query.action !== undefined) clauses.push('action = @action');
      const rows = db
        .prepare(`SELECT * FROM ${table} WHERE ${clauses.join(' AND ')} ORDER BY sequence LIMIT @limit`)
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
      // A hosted store shares the journal's connection: the journal's store closes it.
      if (!hosted) db.close();
    },
  };
}

function openHosted(filename: string, host: AuditHost): Connection {
  const db = host.attach(filename, SCHEMA);
  // Per file: an attached database keeps its own journal mode, and the audit file stays a WAL file for readers.
  db.pragma(`${SCHEMA}.journal_mode = WAL`);
  return db;
}

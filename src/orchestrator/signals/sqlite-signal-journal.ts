import Database from 'better-sqlite3';

import { decodeExact, encodeExact, type SignalRecordView } from '../../core';
import type { SignalJournal } from './signal-book';

/**
 * Data collection: every signal record (trace, orders, fills, outcome) in a SQLite file of its own, beside
 * the engine's journal (which already holds the orders and fills themselves). Several changes to one signal
 * in the same turn of the event loop are written once, in one transaction, so that a burst of signals does
 * not cost one write per stage. Decimals are stored exactly (core serialization).
 */
export class SqliteSignalJournal implements SignalJournal {
  private readonly db: Database.Database;
  private readonly upsert: Database.Statement;
  private readonly pending = new Map<string, { view: SignalRecordView; fingerprint: string }>();
  private scheduled = false;

  constructor(path: string) {
    this.db = new Database(path);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = NORMAL');
    this.db.exec(`CREATE TABLE IF NOT EXISTS signals (
      signal_id TEXT PRIMARY KEY,
      agent_id TEXT NOT NULL,
      instrument_id TEXT NOT NULL,
      outcome TEXT NOT NULL,
      received_at INTEGER NOT NULL,
      fingerprint TEXT NOT NULL,
      record TEXT NOT NULL
    )`);
    this.upsert = this.db
      .prepare(`INSERT INTO signals (signal_id, agent_id, instrument_id, outcome, received_at, fingerprint, record)
      VALUES (@signalId, @agentId, @instrumentId, @outcome, @receivedAt, @fingerprint, @record)
      ON CONFLICT(signal_id) DO UPDATE SET outcome = excluded.outcome, record = excluded.record`);
  }

  save(view: SignalRecordView, fingerprint: string): void {
    this.pending.set(view.signal.signalId, { view, fingerprint });
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => this.flush());
  }

  /** Writes what is pending now (also called at close). */
  flush(): void {
    this.scheduled = false;
    if (this.pending.size === 0 || !this.db.open) return;
    const rows = [...this.pending.values()];
    this.pending.clear();
    this.db.transaction(() => {
      for (const { view, fingerprint } of rows) {
        this.upsert.run({
          signalId: view.signal.signalId,
          agentId: view.signal.agentId,
          instrumentId: view.signal.instrumentId,
          outcome: view.outcome.state,
          receivedAt: view.signal.receivedAt,
          fingerprint,
          record: encodeExact(view),
        });
      }
    })();
  }

  loadRecent(limit: number): readonly { view: SignalRecordView; fingerprint: string }[] {
    const rows = this.db
      .prepare('SELECT fingerprint, record FROM signals ORDER BY received_at DESC, rowid DESC LIMIT ?')
      .all(limit) as { fingerprint: string; record: string }[];
    return rows
      .reverse()
      .map((row) => ({ view: decodeExact<SignalRecordView>(row.record), fingerprint: row.fingerprint }));
  }

  close(): void {
    this.flush();
    this.db.close();
  }
}

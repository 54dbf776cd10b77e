import Database from 'better-sqlite3';

/**
 * The acceptor's sequence numbers and sent application messages per counterparty (SenderCompID), in one
 * SQLite file under --data-dir (in memory without one), so a restarted simulator answers ResendRequests.
 */
export class AcceptorSequenceStore {
  private readonly db: Database.Database;

  constructor(path: string | undefined) {
    this.db = new Database(path ?? ':memory:');
    if (path !== undefined) this.db.pragma('journal_mode = WAL');
    this.db.exec(`CREATE TABLE IF NOT EXISTS counterparty (comp_id TEXT PRIMARY KEY, out_next INTEGER NOT NULL, in_next INTEGER NOT NULL);
      CREATE TABLE IF NOT EXISTS outbound (comp_id TEXT NOT NULL, seq INTEGER NOT NULL, text TEXT NOT NULL, PRIMARY KEY (comp_id, seq));`);
  }

  numbers(compId: string): { outNext: number; inNext: number } {
    const row = this.db.prepare('SELECT out_next AS outNext, in_next AS inNext FROM counterparty WHERE comp_id = ?').get(compId) as { outNext: number; inNext: number } | undefined;
    return row ?? { outNext: 1, inNext: 1 };
  }

  save(compId: string, outNext: number, inNext: number): void {
    this.db.prepare('INSERT INTO counterparty (comp_id, out_next, in_next) VALUES (?, ?, ?) ON CONFLICT(comp_id) DO UPDATE SET out_next = excluded.out_next, in_next = excluded.in_next').run(compId, outNext, inNext);
  }

  keep(compId: string, seq: number, text: string): void {
    this.db.prepare('INSERT OR REPLACE INTO outbound (comp_id, seq, text) VALUES (?, ?, ?)').run(compId, seq, text);
  }

  kept(compId: string, from: number, to: number): Map<number, string> {
    const rows = this.db.prepare('SELECT seq, text FROM outbound WHERE comp_id = ? AND seq BETWEEN ? AND ?').all(compId, from, to) as { seq: number; text: string }[];
    return new Map(rows.map((r) => [r.seq, r.text]));
  }

  reset(compId: string): void {
    this.db.prepare('DELETE FROM outbound WHERE comp_id = ?').run(compId);
    this.save(compId, 1, 1);
  }

  close(): void {
    this.db.close();
  }
}

import Database from 'better-sqlite3';

/**
 * What a FIX session must keep across restarts (FIX 4.4 Vol. 2, "Sequence number handling"): the next
 * sequence numbers each way, and the messages sent, so that a ResendRequest can be answered after a crash.
 */
export interface FixSessionStore {
  readonly nextSenderSeqNum: number;
  readonly nextTargetSeqNum: number;
  /** When the numbers were last reset (for the weekly session reset), epoch ms. */
  readonly resetAt: number;
  setNextSenderSeqNum(value: number): void;
  setNextTargetSeqNum(value: number): void;
  /** Keeps an application message sent with `seqNum` (the framed text) for resends. */
  saveSent(seqNum: number, raw: string): void;
  /** Sent messages with begin <= seq <= end (end 0 = up to the last), in order. */
  sentRange(begin: number, end: number): { readonly seqNum: number; readonly raw: string }[];
  /** Both numbers to 1 and the sent messages forgotten (logon with ResetSeqNumFlag, weekly reset). */
  reset(at: number): void;
  close(): void;
}

export class MemoryFixSessionStore implements FixSessionStore {
  nextSenderSeqNum = 1;
  nextTargetSeqNum = 1;
  resetAt = 0;
  private readonly sent = new Map<number, string>();

  setNextSenderSeqNum(value: number): void {
    this.nextSenderSeqNum = value;
  }
  setNextTargetSeqNum(value: number): void {
    this.nextTargetSeqNum = value;
  }
  saveSent(seqNum: number, raw: string): void {
    this.sent.set(seqNum, raw);
  }
  sentRange(begin: number, end: number): { seqNum: number; raw: string }[] {
    return [...this.sent].filter(([s]) => s >= begin && (end === 0 || s <= end)).sort((a, b) => a[0] - b[0]).map(([seqNum, raw]) => ({ seqNum, raw }));
  }
  reset(at: number): void {
    this.nextSenderSeqNum = 1;
    this.nextTargetSeqNum = 1;
    this.resetAt = at;
    this.sent.clear();
  }
  close(): void {}
}

/** One SQLite file per session (WAL, synchronous=FULL so a number written is a number kept after a crash). */
export class SqliteFixSessionStore implements FixSessionStore {
  private readonly db: Database.Database;
  private state: { sender: number; target: number; resetAt: number };

  constructor(path: string) {
    this.db = new Database(path);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = FULL');
    this.db.exec(`CREATE TABLE IF NOT EXISTS fix_session (id INTEGER PRIMARY KEY CHECK (id = 1), next_sender INTEGER NOT NULL, next_target INTEGER NOT NULL, reset_at INTEGER NOT NULL);
      CREATE TABLE IF NOT EXISTS fix_sent (seq INTEGER PRIMARY KEY, raw TEXT NOT NULL);
      INSERT OR IGNORE INTO fix_session (id, next_sender, next_target, reset_at) VALUES (1, 1, 1, 0);`);
    const row = this.db.prepare('SELECT next_sender AS sender, next_target AS target, reset_at AS resetAt FROM fix_session WHERE id = 1').get() as { sender: number; target: number; resetAt: number };
    this.state = row;
  }

  get nextSenderSeqNum(): number {
    return this.state.sender;
  }
  get nextTargetSeqNum(): number {
    return this.state.target;
  }
  get resetAt(): number {
    return this.state.resetAt;
  }
  setNextSenderSeqNum(value: number): void {
    this.state.sender = value;
    this.db.prepare('UPDATE fix_session SET next_sender = ? WHERE id = 1').run(value);
  }
  setNextTargetSeqNum(value: number): void {
    this.state.target = value;
    this.db.prepare('UPDATE fix_session SET next_target = ? WHERE id = 1').run(value);
  }
  saveSent(seqNum: number, raw: string): void {
    this.db.prepare('INSERT OR REPLACE INTO fix_sent (seq, raw) VALUES (?, ?)').run(seqNum, raw);
  }
  sentRange(begin: number, end: number): { seqNum: number; raw: string }[] {
    const rows = end === 0
      ? this.db.prepare('SELECT seq, raw FROM fix_sent WHERE seq >= ? ORDER BY seq').all(begin)
      : this.db.prepare('SELECT seq, raw FROM fix_sent WHERE seq >= ? AND seq <= ? ORDER BY seq').all(begin, end);
    return (rows as { seq: number; raw: string }[]).map((r) => ({ seqNum: r.seq, raw: r.raw }));
  }
  reset(at: number): void {
    this.state = { sender: 1, target: 1, resetAt: at };
    this.db.transaction(() => {
      this.db.prepare('UPDATE fix_session SET next_sender = 1, next_target = 1, reset_at = ? WHERE id = 1').run(at);
      this.db.prepare('DELETE FROM fix_sent').run();
    })();
  }
  close(): void {
    this.db.close();
  }
}

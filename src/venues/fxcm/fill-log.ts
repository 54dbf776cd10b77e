import Database from 'better-sqlite3';

/** One fill as received: the ExecutionReport's raw FIX text and the client id the engine knew the order by. */
export interface LoggedFill {
  readonly account: string;
  readonly tradeId: string;
  readonly clientId: string;
  readonly occurredAt: number;
  readonly raw: string;
}

/**
 * The fills this adapter has received, kept across sessions and restarts. FXCM's FIX offers no fill history by
 * time (its order history is by order, its historical RequestForPositions by position), so `fillsSince` answers
 * from what every session of this adapter was sent. The raw ExecutionReport is kept, not a parsed copy: it is
 * parsed again on read, by the same parser, so a stored fill never drifts from a live one.
 */
export interface FxcmFillLog {
  add(fill: LoggedFill): void;
  since(account: string, since: number): readonly LoggedFill[];
  close(): void;
}

export class MemoryFxcmFillLog implements FxcmFillLog {
  private readonly fills: LoggedFill[] = [];

  add(fill: LoggedFill): void {
    if (!this.fills.some((f) => f.account === fill.account && f.tradeId === fill.tradeId)) this.fills.push(fill);
  }

  since(account: string, since: number): readonly LoggedFill[] {
    return this.fills.filter((f) => f.account === account && f.occurredAt >= since).sort((a, b) => a.occurredAt - b.occurredAt);
  }

  close(): void {}
}

/** SQLite (WAL, synchronous FULL like the session store): a fill acknowledged to the engine is on disk. */
export class SqliteFxcmFillLog implements FxcmFillLog {
  private readonly db: Database.Database;
  private readonly insert: Database.Statement;
  private readonly select: Database.Statement;

  constructor(path: string) {
    this.db = new Database(path);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = FULL');
    this.db.exec(`CREATE TABLE IF NOT EXISTS fxcm_fills (
      account TEXT NOT NULL, trade_id TEXT NOT NULL, client_id TEXT NOT NULL, occurred_at INTEGER NOT NULL, raw TEXT NOT NULL,
      PRIMARY KEY (account, trade_id))`);
    this.insert = this.db.prepare('INSERT OR IGNORE INTO fxcm_fills (account, trade_id, client_id, occurred_at, raw) VALUES (?, ?, ?, ?, ?)');
    this.select = this.db.prepare('SELECT account, trade_id AS tradeId, client_id AS clientId, occurred_at AS occurredAt, raw FROM fxcm_fills WHERE account = ? AND occurred_at >= ? ORDER BY occurred_at, rowid');
  }

  add(fill: LoggedFill): void {
    this.insert.run(fill.account, fill.tradeId, fill.clientId, fill.occurredAt, fill.raw);
  }

  since(account: string, since: number): readonly LoggedFill[] {
    return this.select.all(account, since) as LoggedFill[];
  }

  close(): void {
    this.db.close();
  }
}

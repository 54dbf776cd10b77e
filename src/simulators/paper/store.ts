import Database from 'better-sqlite3';
import { decodeExact, encodeExact, encodeExactDirect, TmtError, type AccountId, type Timestamp } from '../../core';
import type { MatchingSnapshot, SimFill, SimOrder, SimOrderRef } from '../matching';
import { PaperCheckpointWorker } from './checkpoint-worker';
import type { PaperCommand } from './commands';

/** How often the checkpoint worker moves the WAL into the database. */
const CHECKPOINT_INTERVAL_MS = 1_000;

/**
 * The paper venue's own durable state, separate from the engine's journal: a write-ahead log of every input
 * the venue took (orders, cancels, modifies, scripted market moves) and a periodic snapshot of the matching
 * engine. The engine is deterministic, so snapshot + log replay rebuilds exactly the venue that crashed,
 * including the fills the market produced since (they are a function of time). WAL with synchronous=NORMAL:
 * a committed row survives a killed process, which is what the crash test does.
 */
export class PaperStore {
  private readonly db: Database.Database;
  private readonly appendStatement: Database.Statement<[number, number, string]>;
  private readonly orderStatement: Database.Statement<[number, string, string, string]>;
  private readonly fillStatement: Database.Statement<[number, string, number, string]>;
  private readonly orderById: Database.Statement<[number]>;
  private readonly orderByClient: Database.Statement<[string, string]>;
  private readonly fillsByAccount: Database.Statement<[string, number]>;
  private readonly fillByTrade: Database.Statement<[number]>;
  private checkpointer: PaperCheckpointWorker | undefined;
  /** Set while a command is applied for a group commit: its writes wait here for the group's transaction. */
  private deferred: (() => void)[] | undefined;

  constructor(path: string) {
    try {
      this.db = new Database(path);
    } catch (cause) {
      throw new TmtError('STORE_UNAVAILABLE', `cannot open the paper venue store at ${path}`, { cause, field: 'storePath' });
    }
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = NORMAL');
    // Checkpoints run on the worker thread (checkpoint-worker.ts), never inside a submit's commit.
    this.db.pragma('wal_autocheckpoint = 0');
    this.db.exec(`
      CREATE TABLE IF NOT EXISTS paper_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
      CREATE TABLE IF NOT EXISTS paper_commands (seq INTEGER PRIMARY KEY, at INTEGER NOT NULL, body TEXT NOT NULL);
      CREATE TABLE IF NOT EXISTS paper_snapshot (id INTEGER PRIMARY KEY CHECK (id = 1), seq INTEGER NOT NULL, body TEXT NOT NULL);
      CREATE TABLE IF NOT EXISTS paper_orders (order_id INTEGER PRIMARY KEY, account_id TEXT NOT NULL, client_order_id TEXT NOT NULL, body TEXT NOT NULL);
      CREATE UNIQUE INDEX IF NOT EXISTS paper_orders_client ON paper_orders (account_id, client_order_id);
      CREATE TABLE IF NOT EXISTS paper_fills (trade_id INTEGER PRIMARY KEY, account_id TEXT NOT NULL, occurred_at INTEGER NOT NULL, body TEXT NOT NULL);
      CREATE INDEX IF NOT EXISTS paper_fills_account ON paper_fills (account_id, occurred_at);
    `);
    this.orderStatement = this.db.prepare('INSERT OR REPLACE INTO paper_orders (order_id, account_id, client_order_id, body) VALUES (?, ?, ?, ?)');
    this.fillStatement = this.db.prepare('INSERT OR IGNORE INTO paper_fills (trade_id, account_id, occurred_at, body) VALUES (?, ?, ?, ?)');
    this.orderById = this.db.prepare('SELECT body FROM paper_orders WHERE order_id = ?');
    this.orderByClient = this.db.prepare('SELECT body FROM paper_orders WHERE account_id = ? AND client_order_id = ?');
    this.fillByTrade = this.db.prepare('SELECT body FROM paper_fills WHERE trade_id = ?');
    this.fillsByAccount = this.db.prepare('SELECT body FROM paper_fills WHERE account_id = ? AND occurred_at >= ? ORDER BY trade_id');
    this.appendStatement = this.db.prepare('INSERT INTO paper_commands (seq, at, body) VALUES (?, ?, ?)');
    this.checkpointer = new PaperCheckpointWorker(path, CHECKPOINT_INTERVAL_MS);
  }

  meta(key: string): string | undefined {
    const row = this.db.prepare('SELECT value FROM paper_meta WHERE key = ?').get(key) as { value: string } | undefined;
    return row?.value;
  }

  setMeta(key: string, value: string): void {
    this.db.prepare('INSERT INTO paper_meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value').run(key, value);
  }

  /** Runs `work` in one transaction (nested calls join it). */
  transaction<T>(work: () => T): T {
    return this.db.inTransaction ? work() : this.db.transaction(work)();
  }

  /** Appends one input (committed at once, or with the enclosing transaction, or deferred: see defer). */
  append(seq: number, at: Timestamp, command: PaperCommand): void {
    const body = encodeExactDirect(command);
    this.write(() => this.appendStatement.run(seq, at, body));
  }

  /**
   * Runs `work` with every write it makes held back, and returns them: the caller commits them later, in one
   * transaction (writeAll), inside the engine's group commit. Reads during `work` see the store as it was.
   */
  defer<T>(work: () => T): { result: T; writes: (() => void)[] } {
    const writes: (() => void)[] = [];
    this.deferred = writes;
    try {
      return { result: work(), writes };
    } finally {
      this.deferred = undefined;
    }
  }

  /** Commits writes held back by defer, in one transaction. */
  writeAll(writes: readonly (() => void)[]): void {
    if (writes.length === 0) return;
    this.transaction(() => {
      for (const write of writes) write();
    });
  }

  private write(run: () => void): void {
    if (this.deferred === undefined) run();
    else this.deferred.push(run);
  }

  /** The last snapshot and every input logged after it, in order. */
  load(): { snapshot: MatchingSnapshot | undefined; snapshotSeq: number; commands: { seq: number; at: Timestamp; command: PaperCommand }[] } {
    const row = this.db.prepare('SELECT seq, body FROM paper_snapshot WHERE id = 1').get() as { seq: number; body: string } | undefined;
    const snapshotSeq = row?.seq ?? 0;
    const rows = this.db.prepare('SELECT seq, at, body FROM paper_commands WHERE seq > ? ORDER BY seq').all(snapshotSeq) as { seq: number; at: number; body: string }[];
    return {
      snapshot: row === undefined ? undefined : decodeExact<MatchingSnapshot>(row.body),
      snapshotSeq,
      commands: rows.map((r) => ({ seq: r.seq, at: r.at, command: decodeExact<PaperCommand>(r.body) })),
    };
  }

  lastSeq(): number {
    const row = this.db.prepare('SELECT MAX(seq) AS seq FROM paper_commands').get() as { seq: number | null };
    const snapshot = this.db.prepare('SELECT seq FROM paper_snapshot WHERE id = 1').get() as { seq: number } | undefined;
    return Math.max(row.seq ?? 0, snapshot?.seq ?? 0);
  }

  /** Saves a snapshot that covers every input up to `seq` and drops those inputs, in one transaction. */
  saveSnapshot(seq: number, body: string): void {
    this.db.transaction(() => {
      this.db.prepare('INSERT INTO paper_snapshot (id, seq, body) VALUES (1, ?, ?) ON CONFLICT(id) DO UPDATE SET seq = excluded.seq, body = excluded.body').run(seq, body);
      this.db.prepare('DELETE FROM paper_commands WHERE seq <= ?').run(seq);
    })();
  }

  /**
   * History beyond what the engine keeps in memory: closed orders and every fill. Written as the engine
   * reports them (idempotent: a replay after a crash writes the same rows again), read for old lookups.
   */
  recordClosedOrder(order: SimOrder): void {
    const body = encodeExactDirect(order);
    this.write(() => this.orderStatement.run(Number(order.orderId), order.request.accountId, order.request.clientOrderId, body));
  }

  recordFill(fill: SimFill): void {
    const body = encodeExactDirect(fill);
    this.write(() => this.insertFill(fill, body));
  }

  private insertFill(fill: SimFill, body: string): void {
    if (this.fillStatement.run(Number(fill.tradeId), fill.accountId, fill.occurredAt, body).changes > 0) return;
    // Already recorded: a replay after a crash regenerates the same fill under the same trade id. A different
    // one means the rebuilt venue is not the venue that ran (other matching code, other instruments, another
    // log): its positions would contradict the fills it reports, silently. Corrupt is worse than stopped.
    const row = this.fillByTrade.get(Number(fill.tradeId)) as { body: string } | undefined;
    if (row === undefined) return;
    const stored = decodeExact<SimFill>(row.body);
    const essentials = (f: SimFill) => encodeExact({ orderId: f.orderId, accountId: f.accountId, side: f.side, quantity: f.quantity.toString(), price: f.price.toString() });
    if (essentials(stored) === essentials(fill)) return;
    throw new TmtError('STORE_CONFLICT', `the paper venue rebuilt from its store diverged from its own history: trade ${fill.tradeId} was ${essentials(stored)}, the rebuild made it ${essentials(fill)}`, {
      field: 'storePath',
      details: { tradeId: fill.tradeId, stored: essentials(stored), rebuilt: essentials(fill) },
    });
  }

  findOrder(ref: SimOrderRef): SimOrder | undefined {
    const row = ('orderId' in ref ? this.orderById.get(Number(ref.orderId)) : this.orderByClient.get(ref.accountId, ref.clientOrderId)) as { body: string } | undefined;
    return row === undefined ? undefined : decodeExact<SimOrder>(row.body);
  }

  fillsSince(accountId: AccountId, since: Timestamp): SimFill[] {
    const rows = this.fillsByAccount.all(accountId, since) as { body: string }[];
    return rows.map((r) => decodeExact<SimFill>(r.body));
  }

  /** Stops the checkpoint worker (it checkpoints once more), then closes the database. */
  async close(): Promise<void> {
    await this.checkpointer?.stop();
    if (this.db.open) this.db.close();
  }
}

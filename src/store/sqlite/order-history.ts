import type { Database, Statement } from 'better-sqlite3';

import type {
  FinishedFillQuery,
  FinishedOrderQuery,
  FinishedOrderRecord,
  OrderHistoryStore,
  OrderHistorySync,
  StoredFill,
} from '../../core';
import { fillsQuery, ordersQuery, type BuiltQuery, type FillRow, type OrderRow } from '../order-history-sql';
import { validateFinishedOrders } from '../order-history-validation';

const placeholder = (): string => '?';

export const toFill = (row: FillRow): StoredFill => ({
  clientOrderId: row.client_order_id,
  ordinal: Number(row.ordinal),
  index: row.fill_index,
  occurredAt: Number(row.occurred_at),
  report: row.report,
  booking: row.booking,
});

export const toRecord = (row: OrderRow, fills: readonly StoredFill[]): FinishedOrderRecord => ({
  clientOrderId: row.client_order_id,
  accountId: row.account_id,
  instrumentId: row.instrument_id,
  ...(row.tag === null ? {} : { tag: row.tag }),
  status: row.status,
  ordinal: Number(row.ordinal),
  venue: row.venue,
  emulated: Number(row.emulated) === 1,
  venueIds: JSON.parse(row.venue_ids) as string[],
  events: row.events,
  fills: fills.map(({ index, occurredAt, report, booking }) => ({ index, occurredAt, report, booking })),
});

/**
 * Finished orders in the journal's database, on the journal's connection (one writer). Synchronous inside,
 * so the engine can look an evicted order up on its submit and report paths; the async port wraps it.
 */
export class SqliteOrderHistory implements OrderHistoryStore {
  private readonly statements = new Map<string, Statement>();
  private readonly saveAll: (records: readonly FinishedOrderRecord[]) => void;
  readonly sync: OrderHistorySync;

  constructor(private readonly db: Database) {
    const upsert = db.prepare(
      `INSERT OR REPLACE INTO order_history
         (client_order_id, ordinal, account_id, instrument_id, tag, status, venue, emulated, venue_ids, events)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    const dropFills = db.prepare('DELETE FROM order_history_fills WHERE client_order_id = ?');
    const insertFill = db.prepare(
      `INSERT INTO order_history_fills
         (client_order_id, fill_index, ordinal, account_id, instrument_id, occurred_at, report, booking)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    const linkVenueId = db.prepare(
      'INSERT OR REPLACE INTO order_history_venue_ids (venue_id, client_order_id) VALUES (?, ?)',
    );
    this.saveAll = db.transaction((records: readonly FinishedOrderRecord[]) => {
      for (const r of records) {
        upsert.run(
          r.clientOrderId,
          r.ordinal,
          r.accountId,
          r.instrumentId,
          r.tag ?? null,
          r.status,
          r.venue,
          r.emulated ? 1 : 0,
          JSON.stringify(r.venueIds),
          r.events,
        );
        dropFills.run(r.clientOrderId);
        for (const f of r.fills)
          insertFill.run(
            r.clientOrderId,
            f.index,
            r.ordinal,
            r.accountId,
            r.instrumentId,
            f.occurredAt,
            f.report,
            f.booking,
          );
        for (const id of r.venueIds) linkVenueId.run(id, r.clientOrderId);
      }
    });
    this.sync = {
      save: (records) => this.syncSave(records),
      get: (clientOrderId) => this.syncGet(clientOrderId),
      byVenueId: (venueId) => this.syncByVenueId(venueId),
      query: (filter) => this.lazyRecords(ordersQuery('order_history', filter, placeholder)),
      fills: (filter) => this.lazyFills(fillsQuery('order_history_fills', filter, placeholder)),
      bookings: (beforeOrdinal) =>
        this.lazyFills({
          sql: 'SELECT * FROM order_history_fills WHERE ordinal < ? ORDER BY ordinal, fill_index',
          parameters: [beforeOrdinal],
        }),
    };
  }

  // --- the port (async) ---------------------------------------------------------------------------

  async save(records: readonly FinishedOrderRecord[]): Promise<void> {
    this.syncSave(records);
  }

  async get(clientOrderId: string): Promise<FinishedOrderRecord | undefined> {
    return this.syncGet(clientOrderId);
  }

  async byVenueId(venueId: string): Promise<FinishedOrderRecord | undefined> {
    return this.syncByVenueId(venueId);
  }

  async query(filter: FinishedOrderQuery): Promise<readonly FinishedOrderRecord[]> {
    const built = ordersQuery('order_history', filter, placeholder);
    return (this.statement(built.sql).all(...built.parameters) as OrderRow[]).map((row) =>
      toRecord(row, this.fillsOf(row.client_order_id)),
    );
  }

  async fills(filter: FinishedFillQuery): Promise<readonly StoredFill[]> {
    const built = fillsQuery('order_history_fills', filter, placeholder);
    return (this.statement(built.sql).all(...built.parameters) as FillRow[]).map(toFill);
  }

  async bookings(afterOrdinal: number, beforeOrdinal: number, limit: number): Promise<readonly StoredFill[]> {
    const rows = this.statement(
      'SELECT * FROM order_history_fills WHERE ordinal > ? AND ordinal < ? ORDER BY ordinal, fill_index LIMIT ?',
    ).all(afterOrdinal, beforeOrdinal, limit) as FillRow[];
    return rows.map(toFill);
  }

  async lastOrdinal(): Promise<number> {
    const value = this.statement('SELECT max(ordinal) FROM order_history').pluck().get() as number | null;
    return value ?? -1;
  }

  async count(): Promise<number> {
    return this.statement('SELECT count(*) FROM order_history').pluck().get() as number;
  }

  // --- synchronous and lazy (OrderHistorySync, through `sync`) --------------------------------------

  private syncSave(records: readonly FinishedOrderRecord[]): void {
    validateFinishedOrders(records);
    if (records.length > 0) this.saveAll(records);
  }

  private syncGet(clientOrderId: string): FinishedOrderRecord | undefined {
    const row = this.statement('SELECT * FROM order_history WHERE client_order_id = ?').get(clientOrderId) as
      OrderRow | undefined;
    return row === undefined ? undefined : toRecord(row, this.fillsOf(row.client_order_id));
  }

  private syncByVenueId(venueId: string): FinishedOrderRecord | undefined {
    const id = this.statement('SELECT client_order_id FROM order_history_venue_ids WHERE venue_id = ?')
      .pluck()
      .get(venueId) as string | undefined;
    return id === undefined ? undefined : this.syncGet(id);
  }

  /** Rows read as the caller iterates: a query that needs the newest 200 of a million reads about 200. */
  private *lazyRecords(built: BuiltQuery): IterableIterator<FinishedOrderRecord> {
    for (const row of this.statement(built.sql).iterate(...built.parameters) as Iterable<OrderRow>)
      yield toRecord(row, this.fillsOf(row.client_order_id));
  }

  private *lazyFills(built: BuiltQuery): IterableIterator<StoredFill> {
    for (const row of this.statement(built.sql).iterate(...built.parameters) as Iterable<FillRow>)
      yield toFill(row);
  }

  private fillsOf(clientOrderId: string): StoredFill[] {
    const rows = this.statement(
      'SELECT * FROM order_history_fills WHERE client_order_id = ? ORDER BY fill_index',
    ).all(clientOrderId) as FillRow[];
    return rows.map(toFill);
  }

  private statement(sql: string): Statement {
    let statement = this.statements.get(sql);
    if (statement === undefined) {
      statement = this.db.prepare(sql);
      this.statements.set(sql, statement);
    }
    return statement;
  }
}

import type { Pool } from 'pg';

import type {
  FinishedFillQuery,
  FinishedOrderQuery,
  FinishedOrderRecord,
  OrderHistoryStore,
  StoredFill,
} from '../../core';
import { fillsQuery, ordersQuery, type FillRow, type OrderRow } from '../order-history-sql';
import { validateFinishedOrders } from '../order-history-validation';
import { toFill, toRecord } from '../sqlite/order-history';

const placeholder = (index: number): string => `$${index}`;

/**
 * Finished orders in PostgreSQL: the same tables and queries as SQLite, over the pool. There is no `sync`:
 * over a network every read is a promise, so the engine keeps finished orders in memory with this store
 * and uses it for the queries only (see OrderHistoryStore).
 */
export class PostgresOrderHistory implements OrderHistoryStore {
  constructor(
    private readonly pool: Pool,
    private readonly schema: string,
  ) {}

  async save(records: readonly FinishedOrderRecord[]): Promise<void> {
    validateFinishedOrders(records);
    if (records.length === 0) return;
    const s = this.schema;
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      for (const r of records) {
        await client.query(
          `INSERT INTO ${s}.order_history
             (client_order_id, ordinal, account_id, instrument_id, tag, status, venue, emulated, venue_ids, events)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
           ON CONFLICT (client_order_id) DO UPDATE SET ordinal = excluded.ordinal, account_id = excluded.account_id,
             instrument_id = excluded.instrument_id, tag = excluded.tag, status = excluded.status,
             venue = excluded.venue, emulated = excluded.emulated, venue_ids = excluded.venue_ids,
             events = excluded.events`,
          [
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
          ],
        );
        await client.query(`DELETE FROM ${s}.order_history_fills WHERE client_order_id = $1`, [
          r.clientOrderId,
        ]);
        for (const f of r.fills)
          await client.query(
            `INSERT INTO ${s}.order_history_fills
               (client_order_id, fill_index, ordinal, account_id, instrument_id, occurred_at, report, booking)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
            [
              r.clientOrderId,
              f.index,
              r.ordinal,
              r.accountId,
              r.instrumentId,
              f.occurredAt,
              f.report,
              f.booking,
            ],
          );
        for (const id of r.venueIds)
          await client.query(
            `INSERT INTO ${s}.order_history_venue_ids (venue_id, client_order_id) VALUES ($1, $2)
             ON CONFLICT (venue_id) DO UPDATE SET client_order_id = excluded.client_order_id`,
            [id, r.clientOrderId],
          );
      }
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }

  async get(clientOrderId: string): Promise<FinishedOrderRecord | undefined> {
    const { rows } = await this.pool.query<OrderRow>(
      `SELECT * FROM ${this.schema}.order_history WHERE client_order_id = $1`,
      [clientOrderId],
    );
    return rows[0] === undefined ? undefined : (await this.withFills(rows))[0];
  }

  async byVenueId(venueId: string): Promise<FinishedOrderRecord | undefined> {
    const { rows } = await this.pool.query<{ client_order_id: string }>(
      `SELECT client_order_id FROM ${this.schema}.order_history_venue_ids WHERE venue_id = $1`,
      [venueId],
    );
    return rows[0] === undefined ? undefined : this.get(rows[0].client_order_id);
  }

  async query(filter: FinishedOrderQuery): Promise<readonly FinishedOrderRecord[]> {
    const built = ordersQuery(`${this.schema}.order_history`, filter, placeholder);
    const { rows } = await this.pool.query<OrderRow>(built.sql, built.parameters);
    return this.withFills(rows);
  }

  async fills(filter: FinishedFillQuery): Promise<readonly StoredFill[]> {
    const built = fillsQuery(`${this.schema}.order_history_fills`, filter, placeholder);
    const { rows } = await this.pool.query<FillRow>(built.sql, built.parameters);
    return rows.map(toFill);
  }

  async bookings(afterOrdinal: number, beforeOrdinal: number, limit: number): Promise<readonly StoredFill[]> {
    const { rows } = await this.pool.query<FillRow>(
      `SELECT * FROM ${this.schema}.order_history_fills WHERE ordinal > $1 AND ordinal < $2
       ORDER BY ordinal, fill_index LIMIT $3`,
      [afterOrdinal, beforeOrdinal, limit],
    );
    return rows.map(toFill);
  }

  async lastOrdinal(): Promise<number> {
    const { rows } = await this.pool.query<{ last: string | null }>(
      `SELECT max(ordinal) AS last FROM ${this.schema}.order_history`,
    );
    return rows[0]?.last == null ? -1 : Number(rows[0].last);
  }

  async count(): Promise<number> {
    const { rows } = await this.pool.query<{ n: string }>(
      `SELECT count(*) AS n FROM ${this.schema}.order_history`,
    );
    return Number(rows[0]?.n ?? 0);
  }

  /** One query for the fills of every order in the page (no query per order). */
  private async withFills(rows: readonly OrderRow[]): Promise<FinishedOrderRecord[]> {
    if (rows.length === 0) return [];
    const ids = rows.map((row) => row.client_order_id);
    const fills = await this.pool.query<FillRow>(
      `SELECT * FROM ${this.schema}.order_history_fills WHERE client_order_id = ANY($1) ORDER BY fill_index`,
      [ids],
    );
    const byOrder = new Map<string, StoredFill[]>();
    for (const row of fills.rows) {
      const list = byOrder.get(row.client_order_id) ?? [];
      list.push(toFill(row));
      byOrder.set(row.client_order_id, list);
    }
    return rows.map((row) => toRecord(row, byOrder.get(row.client_order_id) ?? []));
  }
}

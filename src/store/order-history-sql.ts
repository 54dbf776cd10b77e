import { TmtError, type FinishedFillQuery, type FinishedOrderQuery } from '../core';

/**
 * The finished-order tables and their queries, shared by SQLite and PostgreSQL (the SQL is portable; only the
 * placeholders differ). One row per finished order, one per fill (fills are queried on their own, newest
 * first, across orders), and one per venue id (a late venue report finds its order).
 */
export function orderHistorySchema(prefix: string, integer: 'INTEGER' | 'BIGINT'): string {
  return `
    CREATE TABLE ${prefix}order_history (
      client_order_id TEXT PRIMARY KEY,
      ordinal ${integer} NOT NULL,
      account_id TEXT NOT NULL,
      instrument_id TEXT NOT NULL,
      tag TEXT,
      status TEXT NOT NULL,
      venue TEXT NOT NULL,
      emulated INTEGER NOT NULL,
      venue_ids TEXT NOT NULL,
      events TEXT NOT NULL
    );
    CREATE INDEX order_history_by_ordinal ON ${prefix}order_history (ordinal);
    CREATE INDEX order_history_by_account ON ${prefix}order_history (account_id, ordinal);
    CREATE TABLE ${prefix}order_history_fills (
      client_order_id TEXT NOT NULL,
      fill_index INTEGER NOT NULL,
      ordinal ${integer} NOT NULL,
      account_id TEXT NOT NULL,
      instrument_id TEXT NOT NULL,
      occurred_at ${integer} NOT NULL,
      report TEXT NOT NULL,
      booking TEXT NOT NULL,
      PRIMARY KEY (client_order_id, fill_index)
    );
    CREATE INDEX order_history_fills_by_time ON ${prefix}order_history_fills (occurred_at, ordinal, fill_index);
    CREATE INDEX order_history_fills_by_ordinal ON ${prefix}order_history_fills (ordinal, fill_index);
    CREATE TABLE ${prefix}order_history_venue_ids (
      venue_id TEXT PRIMARY KEY,
      client_order_id TEXT NOT NULL
    );`;
}

export interface BuiltQuery {
  readonly sql: string;
  readonly parameters: (string | number)[];
}

type Placeholder = (index: number) => string;

function checkLimit(limit: number | undefined): void {
  if (limit !== undefined && (!Number.isSafeInteger(limit) || limit < 1))
    throw new TmtError('STORE_INVALID_ENTRY', `limit must be a positive integer, found ${limit}`, {
      field: 'limit',
    });
}

/** Orders newest first; `limit` is left out for the lazy (iterating) reads. */
export function ordersQuery(
  table: string,
  filter: Omit<FinishedOrderQuery, 'limit'> & { readonly limit?: number },
  placeholder: Placeholder,
): BuiltQuery {
  checkLimit(filter.limit);
  const where: string[] = [];
  const parameters: (string | number)[] = [];
  const add = (clause: (p: string) => string, value: string | number): void => {
    parameters.push(value);
    where.push(clause(placeholder(parameters.length)));
  };
  if (filter.accountId !== undefined) add((p) => `account_id = ${p}`, filter.accountId);
  if (filter.instrumentId !== undefined) add((p) => `instrument_id = ${p}`, filter.instrumentId);
  if (filter.tag !== undefined) add((p) => `tag = ${p}`, filter.tag);
  if (filter.beforeOrdinal !== undefined) add((p) => `ordinal < ${p}`, filter.beforeOrdinal);
  if (filter.statuses !== undefined) {
    if (filter.statuses.length === 0) where.push('1 = 0');
    else {
      const marks = filter.statuses.map((status) => {
        parameters.push(status);
        return placeholder(parameters.length);
      });
      where.push(`status IN (${marks.join(', ')})`);
    }
  }
  const limit = filter.limit === undefined ? '' : ` LIMIT ${filter.limit}`;
  const condition = where.length === 0 ? '' : ` WHERE ${where.join(' AND ')}`;
  return { sql: `SELECT * FROM ${table}${condition} ORDER BY ordinal DESC${limit}`, parameters };
}

/** Fills newest first, ties in creation order: the order the engine's fills() has always returned. */
export function fillsQuery(
  table: string,
  filter: Omit<FinishedFillQuery, 'limit'> & { readonly limit?: number },
  placeholder: Placeholder,
): BuiltQuery {
  checkLimit(filter.limit);
  const where: string[] = [];
  const parameters: (string | number)[] = [];
  const add = (clause: (p: string) => string, value: string | number): void => {
    parameters.push(value);
    where.push(clause(placeholder(parameters.length)));
  };
  if (filter.accountId !== undefined) add((p) => `account_id = ${p}`, filter.accountId);
  if (filter.instrumentId !== undefined) add((p) => `instrument_id = ${p}`, filter.instrumentId);
  if (filter.clientOrderId !== undefined) add((p) => `client_order_id = ${p}`, filter.clientOrderId);
  if (filter.after !== undefined) add((p) => `occurred_at > ${p}`, filter.after);
  const limit = filter.limit === undefined ? '' : ` LIMIT ${filter.limit}`;
  const condition = where.length === 0 ? '' : ` WHERE ${where.join(' AND ')}`;
  return {
    sql: `SELECT * FROM ${table}${condition} ORDER BY occurred_at DESC, ordinal ASC, fill_index ASC${limit}`,
    parameters,
  };
}

export interface OrderRow {
  client_order_id: string;
  ordinal: number | string;
  account_id: string;
  instrument_id: string;
  tag: string | null;
  status: string;
  venue: string;
  emulated: number;
  venue_ids: string;
  events: string;
}

export interface FillRow {
  client_order_id: string;
  fill_index: number;
  ordinal: number | string;
  occurred_at: number | string;
  report: string;
  booking: string;
}

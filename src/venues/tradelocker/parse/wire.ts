import { TmtError } from '../../../core/errors';
import { Decimal } from '../../../core/money/decimal';

/**
 * TradeLocker's answers: `{"s":"ok","d":...}` or `{"s":"error","errmsg":"..."}`. Orders, positions, executions
 * and the account state come as arrays whose column order is given by GET /trade/config (`ordersConfig`,
 * `positionsConfig`, `filledOrdersConfig`, `accountDetailsConfig`); rows are read by column name, never by
 * position, so a broker that adds or reorders columns is still read right.
 */
export type Row = Readonly<Record<string, unknown>>;

export interface ColumnSets {
  readonly orders: readonly string[];
  readonly ordersHistory: readonly string[];
  readonly positions: readonly string[];
  readonly executions: readonly string[];
  readonly accountDetails: readonly string[];
}

export function envelope(body: unknown, what: string): unknown {
  const value = body as { s?: unknown; d?: unknown; errmsg?: unknown };
  if (value.s === 'ok') return value.d;
  const errmsg = typeof value.errmsg === 'string' ? value.errmsg : `s=${String(value.s)}`;
  throw new TmtError('VENUE_REJECTED', `TradeLocker ${what}: ${errmsg}`, { details: { errmsg } });
}

export function columnSets(config: unknown): ColumnSets {
  const read = (key: string): string[] => {
    const columns = (config as Record<string, { columns?: unknown } | undefined>)[key]?.columns;
    if (!Array.isArray(columns)) throw new TmtError('VENUE_PROTOCOL', `TradeLocker /trade/config has no ${key}.columns array`);
    return columns.map((column, index) => {
      const id = (column as { id?: unknown }).id;
      if (typeof id !== 'string') throw new TmtError('VENUE_PROTOCOL', `TradeLocker /trade/config ${key}.columns[${index}].id must be a string`);
      return id;
    });
  };
  return {
    orders: read('ordersConfig'),
    ordersHistory: read('ordersHistoryConfig'),
    positions: read('positionsConfig'),
    executions: read('filledOrdersConfig'),
    accountDetails: read('accountDetailsConfig'),
  };
}

export function rowsOf(d: unknown, key: string, columns: readonly string[]): Row[] {
  const list = (d as Record<string, unknown> | undefined)?.[key];
  if (!Array.isArray(list)) throw new TmtError('VENUE_PROTOCOL', `TradeLocker answer has no d.${key} array`);
  return list.map((values, index) => {
    if (!Array.isArray(values)) throw new TmtError('VENUE_PROTOCOL', `TradeLocker d.${key}[${index}] must be an array of ${columns.length} columns`);
    return Object.fromEntries(columns.map((column, i) => [column, values[i] ?? null]));
  });
}

/** A column that must be present: text, or a number read as text. */
export function text(row: Row, column: string): string {
  const value = row[column];
  if (typeof value !== 'string' || value === '') throw new TmtError('VENUE_PROTOCOL', `TradeLocker row ${column} must be a non-empty value, found ${JSON.stringify(value)}`);
  return value;
}

export function optionalText(row: Row, column: string): string | undefined {
  const value = row[column];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

export function decimal(row: Row, column: string): Decimal {
  const value = text(row, column);
  try {
    return Decimal.parse(value);
  } catch (cause) {
    throw new TmtError('VENUE_PROTOCOL', `TradeLocker row ${column} must be a decimal, found ${value}`, { cause });
  }
}

/** A price column where 0 means "none" (TradeLocker writes 0 for a market order's price). */
export function optionalPositive(row: Row, column: string): Decimal | undefined {
  const value = optionalText(row, column);
  if (value === undefined) return undefined;
  const parsed = Decimal.parse(value);
  return parsed.isZero() ? undefined : parsed;
}

export function millis(row: Row, column: string): number {
  const value = text(row, column);
  if (!/^\d{1,16}$/.test(value)) throw new TmtError('VENUE_PROTOCOL', `TradeLocker row ${column} must be milliseconds since the epoch, found ${value}`);
  return Number(value);
}

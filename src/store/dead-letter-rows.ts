import { TmtError, type DeadLetter } from '../core';

/**
 * A dead letter as both stores keep it. PostgreSQL returns BIGINT columns as strings, SQLite as numbers: the
 * mapping takes either, so the two stores read letters back identically.
 */
export interface DeadLetterRow {
  id: string;
  command: string;
  command_type: string;
  account_id: string;
  client_order_id: string | null;
  error: string;
  attempts: number;
  created_at: number | string;
  resolution_kind: 'retried' | 'discarded' | null;
  resolution_actor: string | null;
  resolution_at: number | string | null;
}

export function deadLetterFromRow(row: DeadLetterRow): DeadLetter {
  return {
    id: row.id,
    command: row.command,
    commandType: row.command_type,
    accountId: row.account_id,
    ...(row.client_order_id === null ? {} : { clientOrderId: row.client_order_id }),
    error: row.error,
    attempts: row.attempts,
    createdAt: Number(row.created_at),
    ...(row.resolution_kind === null || row.resolution_actor === null || row.resolution_at === null
      ? {}
      : { resolution: { kind: row.resolution_kind, actor: row.resolution_actor, at: Number(row.resolution_at) } }),
  };
}

/** Fields of a letter or resolution that must be non-empty text; the error names the field. */
export function requireText(value: unknown, field: string): void {
  if (typeof value !== 'string' || value.length === 0) {
    throw new TmtError('STORE_INVALID_ENTRY', `${field} must be a non-empty string`, { field });
  }
}

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
      : {
          resolution: {
            kind: row.resolution_kind,
            actor: row.resolution_actor,
            at: Number(row.resolution_at),
          },
        }),
  };
}

/** Fields of a letter or resolution that must be non-empty text; the error names the field. */
function requireText(value: unknown, field: string): void {
  if (typeof value !== 'string' || value.length === 0) {
    throw new TmtError('STORE_INVALID_ENTRY', `${field} must be a non-empty string`, { field });
  }
}

/** Checks a new letter; the error names the field. */
export function validateLetter(letter: Omit<DeadLetter, 'resolution'>): void {
  for (const field of ['id', 'command', 'commandType', 'accountId', 'error'] as const)
    requireText(letter[field], `letter.${field}`);
  if (!Number.isSafeInteger(letter.attempts) || letter.attempts < 0) {
    throw new TmtError('STORE_INVALID_ENTRY', 'letter.attempts must be a non-negative integer', {
      field: 'letter.attempts',
    });
  }
}

/** Column values in the order of (id, command, command_type, account_id, client_order_id, error, attempts, created_at). */
export function letterColumns(letter: Omit<DeadLetter, 'resolution'>): (string | number | null)[] {
  return [
    letter.id,
    letter.command,
    letter.commandType,
    letter.accountId,
    letter.clientOrderId ?? null,
    letter.error,
    letter.attempts,
    letter.createdAt,
  ];
}

export function duplicateLetter(id: string): TmtError {
  return new TmtError('STORE_CONFLICT', `dead letter ${id} already exists`, {
    field: 'letter.id',
    details: { id },
  });
}

export function validateResolution(resolution: NonNullable<DeadLetter['resolution']>): void {
  if (resolution.kind !== 'retried' && resolution.kind !== 'discarded') {
    throw new TmtError('STORE_INVALID_ENTRY', "resolution.kind must be 'retried' or 'discarded'", {
      field: 'resolution.kind',
    });
  }
  requireText(resolution.actor, 'resolution.actor');
}

/** Why a resolution changed nothing: no such letter, or it was resolved before (once only, never twice). */
export function unresolvable(id: string, existing: DeadLetter | undefined): TmtError {
  if (existing === undefined)
    return new TmtError('STORE_NOT_FOUND', `no dead letter ${id}`, { field: 'id', details: { id } });
  return new TmtError(
    'STORE_CONFLICT',
    `dead letter ${id} was already ${existing.resolution?.kind ?? 'resolved'}`,
    {
      field: 'id',
      details: { id, resolution: existing.resolution?.kind ?? '' },
    },
  );
}

import { isTmtError } from '../../core';
import type { AuditLog } from './audit-log';

/**
 * Runs a state-changing action and records it with its actor and outcome, whether it succeeds or throws.
 * The audit entry is written after the action so that it says what happened, not what was attempted.
 */
export async function audited<T>(
  audit: AuditLog,
  entry: { actor: string; action: string; target: string; details?: Record<string, unknown> },
  action: () => Promise<T> | T,
  outcomeOf: (result: T) => 'ok' | 'denied' = () => 'ok',
): Promise<T> {
  try {
    const result = await action();
    audit.record({ ...entry, outcome: outcomeOf(result) });
    return result;
  } catch (error) {
    const code = isTmtError(error) ? error.code : 'API_INTERNAL';
    audit.record({ ...entry, details: { ...entry.details, error: code }, outcome: 'error' });
    throw error;
  }
}

type AuditEntryInput = { actor: string; action: string; target: string; details?: Record<string, unknown> };

/**
 * `audited` for an intent the engine journals: the audit entry rides the intent's own journal commit (see
 * SubmitOptions.companion), so the request waits on one durable write, not two. Where the engine journals
 * nothing (an idempotent repeat) or fails before, the entry is recorded after the action, as `audited` does.
 */
export async function auditedIntent<T>(
  audit: AuditLog,
  entry: AuditEntryInput,
  action: (companion: (outcome: 'ok' | 'denied') => () => void) => Promise<T>,
  outcomeOf: (result: T) => 'ok' | 'denied',
): Promise<T> {
  let written = false;
  const markWritten = (): void => {
    written = true;
  };
  const companion = (outcome: 'ok' | 'denied') => audit.companion({ ...entry, outcome }, markWritten);
  try {
    const result = await action(companion);
    if (!written) audit.record({ ...entry, outcome: outcomeOf(result) });
    return result;
  } catch (error) {
    const code = isTmtError(error) ? error.code : 'API_INTERNAL';
    // Written already: the intent was journaled and failed afterwards, and this entry says so.
    audit.record({ ...entry, details: { ...entry.details, error: code }, outcome: 'error' });
    throw error;
  }
}

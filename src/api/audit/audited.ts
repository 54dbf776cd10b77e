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

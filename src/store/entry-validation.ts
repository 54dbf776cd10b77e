import { TmtError, type JournalEntryInput } from '../core';

const invalid = (index: number, name: string, rule: string, found?: number): TmtError =>
  new TmtError('STORE_INVALID_ENTRY', `entries[${index}].${name} ${rule}`, {
    field: `entries[${index}].${name}`,
    ...(found === undefined ? {} : { details: { found: String(found) } }),
  });

// String.prototype.isWellFormed (Node 20+), typed here because the project's lib is ES2023.
const isWellFormed = (text: string): boolean =>
  (text as unknown as { isWellFormed(): boolean }).isWellFormed();

/**
 * Checks an append before anything is written, so that a bad entry in a group commit fails only its own
 * caller and never the other callers' batches in the same transaction. On the append path: no allocation
 * unless an entry is bad.
 */
export function validateEntries(entries: readonly JournalEntryInput[]): void {
  for (let index = 0; index < entries.length; index++) {
    const entry = entries[index] as JournalEntryInput;
    if (typeof entry.type !== 'string' || entry.type.length === 0)
      throw invalid(index, 'type', 'must be a non-empty string');
    if (typeof entry.stream !== 'string' || entry.stream.length === 0) {
      throw invalid(index, 'stream', 'must be a non-empty string');
    }
    if (typeof entry.payload !== 'string') {
      throw invalid(index, 'payload', 'must be a string (encoded with core/serialization encodeExact)');
    }
    // A lone surrogate would be stored as U+FFFD: the record would read back different from what was written.
    if (!isWellFormed(entry.payload) || !isWellFormed(entry.type) || !isWellFormed(entry.stream)) {
      throw invalid(index, 'payload', 'must be well-formed Unicode (no lone surrogates)');
    }
    if (!Number.isSafeInteger(entry.recordedAt) || entry.recordedAt < 0) {
      throw invalid(index, 'recordedAt', 'must be a non-negative integer of milliseconds', entry.recordedAt);
    }
  }
}

import { TmtError, type FinishedOrderRecord } from '../core';

const invalid = (field: string, rule: string): TmtError =>
  new TmtError('STORE_INVALID_ENTRY', `${field} ${rule}`, { field });

const text = (value: unknown): boolean => typeof value === 'string' && value.length > 0;

/** Checks a batch of finished orders before anything is written: a bad one fails the batch, naming itself. */
export function validateFinishedOrders(records: readonly FinishedOrderRecord[]): void {
  records.forEach((record, index) => {
    const at = `records[${index}]`;
    for (const name of ['clientOrderId', 'accountId', 'instrumentId', 'status', 'venue'] as const)
      if (!text(record[name])) throw invalid(`${at}.${name}`, 'must be a non-empty string');
    if (typeof record.events !== 'string') throw invalid(`${at}.events`, 'must be a string (encodeExact)');
    if (!Number.isSafeInteger(record.ordinal) || record.ordinal < 0)
      throw invalid(`${at}.ordinal`, 'must be a non-negative integer');
    if (!Array.isArray(record.venueIds) || !record.venueIds.every(text))
      throw invalid(`${at}.venueIds`, 'must be an array of non-empty strings');
    record.fills.forEach((fill, fillIndex) => {
      const fillAt = `${at}.fills[${fillIndex}]`;
      if (fill.index !== fillIndex) throw invalid(`${fillAt}.index`, `must be ${fillIndex} (fills in order)`);
      if (!Number.isSafeInteger(fill.occurredAt) || fill.occurredAt < 0)
        throw invalid(`${fillAt}.occurredAt`, 'must be a non-negative integer of milliseconds');
      if (typeof fill.report !== 'string' || typeof fill.booking !== 'string')
        throw invalid(`${fillAt}.report`, 'report and booking must be strings (encodeExact)');
    });
  });
}

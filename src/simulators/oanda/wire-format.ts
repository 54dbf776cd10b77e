import type { Timestamp } from '../../core/clock';
import type { Decimal } from '../../core/money/decimal';

/** The simulator's own writers for v20 wire values (deliberately not shared with the adapter's parser). */

/** Account amounts: OANDA writes account currency values with 4 decimals. */
export function accountUnits(value: Decimal): string {
  return value.rescale(4, 'half-even').toString();
}

export function priceText(value: Decimal, displayPrecision: number): string {
  return value.rescale(displayPrecision, 'half-even').toString();
}

/** RFC 3339 with nanoseconds, as OANDA writes times. */
export function rfc3339(time: Timestamp): string {
  return new Date(time).toISOString().replace(/Z$/, '000000Z');
}

/** Parses RFC 3339 (any sub-second digits) or a Unix seconds string; undefined when neither. */
export function parseTime(text: string): Timestamp | undefined {
  if (/^\d+(\.\d+)?$/.test(text)) {
    const [seconds = '0', fraction = ''] = text.split('.');
    return Number(seconds) * 1000 + Number(fraction.padEnd(3, '0').slice(0, 3));
  }
  const match = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(?:\.(\d+))?(Z|[+-]\d{2}:\d{2})$/.exec(text);
  if (match === null) return undefined;
  const parsed = Date.parse(`${match[1]}.${(match[2] ?? '').padEnd(3, '0').slice(0, 3)}${match[3]}`);
  return Number.isNaN(parsed) ? undefined : parsed;
}

export type Json = Record<string, unknown>;

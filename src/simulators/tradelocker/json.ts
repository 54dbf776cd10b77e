import { LosslessNumber, parse, stringify } from 'lossless-json';
import { Decimal } from '../../core/money/decimal';

/**
 * TradeLocker's JSON carries prices and sizes as JSON numbers (quotes, bars, account details) or as numeric
 * strings (order and position rows). The simulator reads numbers without passing them through a double:
 * lossless-json keeps each number's text, so 1.08515 stays 1.08515.
 */
export type Json = { readonly [key: string]: unknown };

export function readJson(text: string): unknown {
  return parse(text, null, (value) => new LosslessNumber(value));
}

export function writeJson(value: unknown): string {
  return stringify(value) ?? 'null';
}

/** A decimal written as a JSON number token. */
export function number(value: Decimal | string | number): LosslessNumber {
  return new LosslessNumber(typeof value === 'string' ? value : value.toString());
}

/** A numeric field that may come as a JSON number or a numeric string (the official Python client sends qty as a string). */
export function decimalField(value: unknown): Decimal | undefined {
  if (value instanceof LosslessNumber) return safeDecimal(value.value);
  if (typeof value === 'string' && value.trim() !== '') return safeDecimal(value.trim());
  return undefined;
}

function safeDecimal(text: string): Decimal | undefined {
  try {
    return Decimal.parse(text);
  } catch {
    return undefined;
  }
}

/** An id field (tradableInstrumentId, routeId): a JSON integer or a string of digits. */
export function idField(value: unknown): string | undefined {
  const text = value instanceof LosslessNumber ? value.value : typeof value === 'string' ? value.trim() : undefined;
  return text !== undefined && /^\d{1,20}$/.test(text) ? text : undefined;
}

export function stringField(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

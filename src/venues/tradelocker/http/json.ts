import { LosslessNumber, parse, stringify } from 'lossless-json';
import type { Decimal } from '../../../core/money/decimal';

/**
 * TradeLocker's JSON numbers (prices in quotes, bars, the account state; ids) are read as their text, never as
 * doubles: lossless-json hands every number over as a string, so `1.08515` parses to Decimal 1.08515 exactly.
 * Outgoing prices and sizes are written as JSON number tokens from their exact decimal text.
 */
export function parseExactJson(text: string): unknown {
  return parse(text, null, (value) => value);
}

export function stringifyExactJson(value: unknown): string {
  return stringify(value) ?? 'null';
}

/** A decimal as a JSON number token on the wire. */
export function jsonNumber(value: Decimal | string): LosslessNumber {
  return new LosslessNumber(typeof value === 'string' ? value : value.toString());
}

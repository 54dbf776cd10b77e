import { Decimal } from '../money/decimal';

/**
 * A non-negative venue decimal as an exact integer pair, value = mantissa / 10^digits, with `digits` the
 * fractional digits as written ("0.50" → 50, 2). The mantissa is a JS number only while it is a safe integer
 * (below 2^53), where every integer is exact: no binary fraction is ever involved. Books keep these instead of
 * a Decimal (a bigint and an object) per level; values become Decimals only where they leave the book.
 */
export interface ScaledValue {
  mantissa: number;
  digits: number;
}

/** 10^0 … 10^15: every power whose product with a non-zero mantissa can still be a safe integer. */
export const POW10: readonly number[] = [1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15];

/** The most fractional digits a scaled value may carry (Decimal's own limit). */
export const MAX_DIGITS = 36;

/**
 * Reads text[start, end) when it is a plain non-negative decimal (`\d+(\.\d+)?`) into `out`; false when it is
 * not that form, or its digits do not fit a safe integer even without trailing fractional zeros. The caller
 * reports a false as a malformed or unrepresentable value, never guesses one.
 */
export function readScaled(text: string, start: number, end: number, out: ScaledValue): boolean {
  let mantissa = 0;
  let digits = -1;
  let count = 0;
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c === 46) {
      if (digits >= 0 || count === 0) return false;
      digits = 0;
      continue;
    }
    if (c < 48 || c > 57) return false;
    // Exact while the true value stays below 2^53; past it the float result is >= 2^53 and fails the check below.
    mantissa = mantissa * 10 + (c - 48);
    count++;
    if (digits >= 0) digits++;
  }
  if (count === 0 || digits === 0) return false;
  if (digits < 0) digits = 0;
  if (Number.isSafeInteger(mantissa) && digits <= MAX_DIGITS) {
    out.mantissa = mantissa;
    out.digits = digits;
    return true;
  }
  // Too many digits: trailing fractional zeros carry no value ("1234567890.12345000000"); retry without them.
  if (digits === 0) return false;
  let trimmed = end;
  while (trimmed > start && text.charCodeAt(trimmed - 1) === 48) trimmed--;
  if (trimmed === end) return false;
  if (text.charCodeAt(trimmed - 1) === 46) trimmed--;
  return readScaled(text, start, trimmed, out);
}

/** readScaled over a whole string, or undefined. */
export function parseScaled(text: string): ScaledValue | undefined {
  const out: ScaledValue = { mantissa: 0, digits: 0 };
  return readScaled(text, 0, text.length, out) ? out : undefined;
}

/** The exact Decimal of mantissa / 10^digits: the one place a scaled value becomes a Decimal. */
export function scaledToDecimal(mantissa: number, digits: number): Decimal {
  return Decimal.of(BigInt(mantissa), digits);
}

/** The plain text of mantissa / 10^digits ("3366.10" for 336610, 2), as the venue wrote it. */
export function scaledToText(mantissa: number, digits: number): string {
  const whole = String(mantissa);
  if (digits === 0) return whole;
  const padded = whole.length > digits ? whole : '0'.repeat(digits - whole.length + 1) + whole;
  return `${padded.slice(0, padded.length - digits)}.${padded.slice(padded.length - digits)}`;
}

/**
 * Reads a JSON string holding a plain non-negative decimal, text[at] being its opening quote, in one pass
 * (the hot path of book messages: no indexOf then re-read). Returns the index after the closing quote, or -1
 * when the string is not exactly such a decimal that fits (the caller then falls back to a generic parse).
 */
export function readQuotedScaled(text: string, at: number, out: ScaledValue): number {
  if (text.charCodeAt(at) !== 34) return -1;
  let mantissa = 0;
  let digits = -1;
  let count = 0;
  let i = at + 1;
  for (;; i++) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      mantissa = mantissa * 10 + (c - 48);
      count++;
      if (digits >= 0) digits++;
    } else if (c === 34) break;
    else if (c === 46 && digits < 0 && count > 0) digits = 0;
    else return -1;
  }
  if (count === 0 || digits === 0) return -1;
  if (!Number.isSafeInteger(mantissa)) return readScaled(text, at + 1, i, out) ? i + 1 : -1;
  out.mantissa = mantissa;
  out.digits = digits < 0 ? 0 : digits;
  return out.digits <= MAX_DIGITS ? i + 1 : -1;
}

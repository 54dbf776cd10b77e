import { Decimal } from '../../../core/money/decimal';
import { Price } from '../../../core/money/price';
import { Quantity } from '../../../core/money/quantity';

/**
 * OKX book prices and sizes are plain non-negative decimals ("3366.1", "0.00012"): read them exactly without the
 * general parser's pattern (the book path parses every changed level). Anything else goes to Decimal.parse,
 * which refuses what is not a number.
 */
export function wireDecimal(text: string): Decimal {
  const dot = text.indexOf('.');
  const digits = dot < 0 ? text : text.slice(0, dot) + text.slice(dot + 1);
  if (digits.length === 0 || digits.length > 30) return Decimal.parse(text);
  for (let i = 0; i < digits.length; i++) {
    const code = digits.charCodeAt(i);
    if (code < 48 || code > 57) return Decimal.parse(text);
  }
  return Decimal.of(BigInt(digits), dot < 0 ? 0 : text.length - dot - 1);
}

export const wirePrice = (text: string): Price => Price.of(wireDecimal(text));
export const wireQuantity = (text: string): Quantity => Quantity.of(wireDecimal(text));

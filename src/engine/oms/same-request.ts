import { Decimal, Money } from '../../core';

/**
 * Whether two requests carry the same content, for idempotency: decimals compare by value ("1.50" equals
 * "1.5"), absent and undefined fields are the same.
 */
export function sameContent(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a instanceof Decimal || b instanceof Decimal)
    return a instanceof Decimal && b instanceof Decimal && a.eq(b);
  if (a instanceof Money || b instanceof Money)
    return a instanceof Money && b instanceof Money && a.equals(b);
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const left = a as Record<string, unknown>;
  const right = b as Record<string, unknown>;
  const keys = new Set([...Object.keys(left), ...Object.keys(right)]);
  for (const key of keys) {
    if (!sameContent(left[key], right[key])) return false;
  }
  return true;
}

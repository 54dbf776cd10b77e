import { Currency, Decimal, Money } from '../../core';

/** Beyond this many decimals a plain decimal (a ratio, a converted amount) drops its trailing zeros. */
const PLAIN_DECIMALS = 8;

/**
 * Amounts on the wire are exact but normalised: trailing zeros past the currency's display precision go
 * (`-1.3215538830557000000 USD` is sent as `-1.3215538830557`), while a value is never rounded. Prices and
 * quantities keep their instrument's scale; other decimals lose trailing zeros past 8 places.
 */
export function normalizedAmount(amount: Decimal, keepScale: number): string {
  if (amount.scale <= keepScale) return amount.toString();
  const normalized = amount.normalize();
  return normalized.scale >= keepScale ? normalized.toString() : normalized.rescale(keepScale, 'half-even').toString();
}

/**
 * A JSON.stringify replacer: JSON.stringify has already called toJSON on the value, so the original object
 * is read from the holder (`this`) to know whether it was Money (its currency sets the precision) or a Decimal.
 */
export function amountReplacer(this: unknown, key: string, value: unknown): unknown {
  const original = (this as Record<string, unknown> | undefined)?.[key];
  if (original instanceof Money) {
    return {
      amount: normalizedAmount(original.amount, Currency.displayPrecision(original.currency)),
      currency: original.currency,
    };
  }
  if (Decimal.isDecimal(original)) return normalizedAmount(original, PLAIN_DECIMALS);
  return value;
}

export function toJson(value: unknown): string {
  return JSON.stringify(value, amountReplacer);
}

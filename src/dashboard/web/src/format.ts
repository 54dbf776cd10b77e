import { Currency } from '../../../core/money/currency';
import { Decimal } from '../../../core/money/decimal';
import type { MoneyValue } from './wire';

/**
 * Display helpers. Amounts are decimal strings and are formatted as strings (digit grouping, fixed scale
 * through exact decimals); nothing here goes through a float.
 */

export function groupDigits(decimal: string): string {
  const negative = decimal.startsWith('-');
  const body = negative ? decimal.slice(1) : decimal;
  const [integer = '0', fraction] = body.split('.');
  const grouped = integer.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${negative ? '-' : ''}${grouped}${fraction === undefined ? '' : `.${fraction}`}`;
}

/** A money amount rounded for reading (2 decimals by default), exactly, half-even. */
export function formatAmount(decimal: string | undefined, scale = 2): string {
  if (decimal === undefined || decimal === '') return '–';
  const parsed = Decimal.tryParse(decimal);
  if (parsed === undefined) return decimal;
  return groupDigits(parsed.toFixedScale(scale, 'half-even'));
}

/** A currency's display precision (USD 2, JPY 0, crypto 8); 2 for a code the domain does not know. */
export function currencyPrecision(currency: string): number {
  return Currency.isValid(currency) ? Currency.displayPrecision(currency) : 2;
}

/** Money at its currency's display precision unless a scale is asked for. */
export function formatMoney(value: MoneyValue | undefined, scale?: number): string {
  if (value === undefined) return '–';
  return `${formatAmount(value.amount, scale ?? currencyPrecision(value.currency))} ${value.currency}`;
}

/** A price or quantity as sent (its scale is its precision), only trailing zeros beyond the tick trimmed. */
export function formatExact(decimal: string | undefined): string {
  if (decimal === undefined || decimal === '') return '–';
  const parsed = Decimal.tryParse(decimal);
  return parsed === undefined ? decimal : groupDigits(parsed.normalize().toString());
}

/**
 * A price at least at the instrument's tick precision (67213 with tick 0.01 reads 67,213.00): zeros are
 * only ever added, never digits cut, so what shows is what the venue sent.
 */
export function formatPrice(decimal: string | undefined, tick: string | undefined): string {
  if (decimal === undefined || decimal === '') return '–';
  const parsed = Decimal.tryParse(decimal);
  if (parsed === undefined) return decimal;
  const tickScale = tick === undefined ? 0 : (Decimal.tryParse(tick)?.significantScale() ?? 0);
  const value = parsed.normalize();
  return groupDigits(value.scale < tickScale ? value.toFixedScale(tickScale) : value.toString());
}

export function signOf(decimal: string | undefined): -1 | 0 | 1 {
  if (decimal === undefined) return 0;
  return Decimal.tryParse(decimal)?.sign() ?? 0;
}

export function formatTime(epochMs: number): string {
  if (epochMs === 0) return '–';
  return new Date(epochMs).toISOString().slice(11, 19);
}

export function formatClock(epochMs: number): string {
  return new Date(epochMs).toISOString().slice(11, 16);
}

/** Spread in ticks would need the instrument; in price units it is exact and enough to read. */
export function spread(bid: string, ask: string): string {
  const b = Decimal.tryParse(bid);
  const a = Decimal.tryParse(ask);
  if (b === undefined || a === undefined) return '–';
  return a.sub(b).normalize().toString();
}

export function sumAmounts(values: readonly string[]): string {
  let total = Decimal.ZERO;
  for (const value of values) total = total.add(Decimal.tryParse(value) ?? Decimal.ZERO);
  return total.toString();
}

/** A ratio such as "0.5000" as a percentage ("50.00%"), exactly. */
export function formatPercent(ratio: string | undefined): string {
  const parsed = ratio === undefined ? undefined : Decimal.tryParse(ratio);
  if (parsed === undefined) return '–';
  return `${parsed.mul(Decimal.fromInteger(100)).toFixedScale(2, 'half-even')}%`;
}

import { Currency, Decimal } from '../core';

/**
 * Numbers as people read them: amounts at their currency's precision, prices and quantities at their
 * instrument's increments. The service sends exact decimals; only the display rounds, never the values sent.
 */

interface InstrumentRules {
  readonly priceIncrement?: string;
  readonly sizeIncrement?: string;
}

export class NumberFormat {
  private readonly rules = new Map<string, InstrumentRules>();

  constructor(instruments: readonly Record<string, unknown>[] = []) {
    for (const instrument of instruments) {
      const id = instrument.id;
      if (typeof id !== 'string') continue;
      this.rules.set(id, {
        ...text('priceIncrement', instrument.priceIncrement),
        ...text('sizeIncrement', instrument.sizeIncrement),
      });
    }
  }

  /** `{amount, currency}` at the currency's display precision, e.g. `10000303.00 USDT` → `10000303.00000000 USDT`. */
  static amount(value: unknown): string | undefined {
    const money = value as { amount?: unknown; currency?: unknown } | undefined;
    if (typeof money?.amount !== 'string' || typeof money.currency !== 'string') return undefined;
    const amount = Decimal.tryParse(money.amount);
    if (amount === undefined || !Currency.isValid(money.currency)) return `${money.amount} ${money.currency}`;
    return `${amount.toFixedScale(Currency.displayPrecision(money.currency))} ${money.currency}`;
  }

  price(instrumentId: unknown, value: unknown): string | undefined {
    return this.atIncrement(value, this.rule(instrumentId)?.priceIncrement);
  }

  quantity(instrumentId: unknown, value: unknown): string | undefined {
    return this.atIncrement(value, this.rule(instrumentId)?.sizeIncrement);
  }

  private rule(instrumentId: unknown): InstrumentRules | undefined {
    return typeof instrumentId === 'string' ? this.rules.get(instrumentId) : undefined;
  }

  /** At the increment's decimals when known; else without trailing zeros (`-0.0013000000` → `-0.0013`). */
  private atIncrement(value: unknown, increment: string | undefined): string | undefined {
    if (typeof value !== 'string') return undefined;
    const parsed = Decimal.tryParse(value);
    if (parsed === undefined) return value;
    const step = increment === undefined ? undefined : Decimal.tryParse(increment);
    if (step === undefined) return parsed.normalize().toString();
    const scale = Math.max(step.normalize().scale, parsed.normalize().scale);
    return parsed.toFixedScale(scale);
  }
}

function text<K extends string>(key: K, value: unknown): { [P in K]?: string } {
  return (typeof value === 'string' ? { [key]: value } : {}) as { [P in K]?: string };
}

const PRICE_FIELDS = [
  'price',
  'triggerPrice',
  'averageFillPrice',
  'averagePrice',
  'bid',
  'ask',
  'mid',
  'lastPrice',
];
const QUANTITY_FIELDS = ['quantity', 'filledQuantity', 'leavesQuantity', 'signedQuantity', 'displayQuantity'];

/** A row with its prices and quantities formatted for its instrument (`instrumentId`). */
export function formatRow(row: Record<string, unknown>, format: NumberFormat): Record<string, unknown> {
  const out: Record<string, unknown> = { ...row };
  for (const field of PRICE_FIELDS) {
    const shown = format.price(row.instrumentId, row[field]);
    if (shown !== undefined) out[field] = shown;
  }
  for (const field of QUANTITY_FIELDS) {
    const shown = format.quantity(row.instrumentId, row[field]);
    if (shown !== undefined) out[field] = shown;
  }
  return out;
}

/** A service timestamp (ms since the epoch) as ISO-8601; empty when absent. */
export const isoTime = (value: unknown): string =>
  value === undefined ? '' : new Date(Number(value)).toISOString();

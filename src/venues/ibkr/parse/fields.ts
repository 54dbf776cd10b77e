import { parseScaled, scaledToDecimal } from '../../../core/book/scaled-number';
import { Decimal } from '../../../core/money/decimal';

/** A field TWS sent that the adapter cannot read: reported as unrecognized with the message, never guessed. */
export class WireFieldError extends Error {
  constructor(readonly field: string, readonly rule: string, readonly found: string) {
    super(`${field} must ${rule}, found ${JSON.stringify(found)}`);
  }
}

const UNSET_DOUBLES = new Set(['', '1.7976931348623157E308', '1.7976931348623157e+308', 'Infinity']);
const INTEGER = /^-?\d{1,19}$/;

/** Reads one message's fields in order; decimals parse straight from the wire text into Decimal. */
export class FieldCursor {
  private index = 0;

  constructor(readonly fields: readonly string[], start = 0) {
    this.index = start;
  }

  str(field: string): string {
    const value = this.fields[this.index];
    if (value === undefined) throw new WireFieldError(field, 'be present', '<end of message>');
    this.index += 1;
    return value;
  }

  skip(count: number): void {
    this.index += count;
  }

  int(field: string): number {
    const text = this.str(field);
    if (text === '') return 0;
    // Digits read in a loop (the hot path of every message); anything else goes to the pattern's verdict.
    let value = 0;
    let i = text.charCodeAt(0) === 45 ? 1 : 0;
    const first = i;
    for (; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c < 48 || c > 57) break;
      value = value * 10 + (c - 48);
    }
    if (i === text.length && i > first && i - first <= 15) return first === 1 ? -value : value;
    if (!INTEGER.test(text)) throw new WireFieldError(field, 'be an integer', text);
    return Number(text);
  }

  /** A decimal that TWS may leave unset (empty or Double.MAX_VALUE). */
  decimal(field: string): Decimal | undefined {
    const text = this.str(field);
    if (text === '' || UNSET_DOUBLES.has(text)) return undefined;
    // Plain non-negative decimals (prices, sizes) straight to exact integers; signs, exponents and the rest
    // through the general parser.
    // Up to 15 characters every digit string fits a safe integer, so the scale is exactly as written.
    const plain = text.length <= 15 ? parseScaled(text) : undefined;
    if (plain !== undefined) return scaledToDecimal(plain.mantissa, plain.digits);
    const value = Decimal.tryParse(text);
    if (value === undefined) throw new WireFieldError(field, 'be a decimal number', text);
    return value;
  }

  /** A decimal that must be present. */
  requiredDecimal(field: string): Decimal {
    const value = this.decimal(field);
    if (value === undefined) throw new WireFieldError(field, 'be set', '');
    return value;
  }

  bool(field: string): boolean {
    const text = this.str(field);
    return text !== '' && text !== '0';
  }
}

import { Currency } from './currency';
import { Decimal, type RoundingMode } from './decimal';

export class CurrencyMismatchError extends Error {
  constructor(left: Currency, right: Currency) {
    super(`cannot combine amounts in ${left} and ${right}; convert one first`);
  }
}

/** An exact amount in one currency. Arithmetic keeps every digit; rounding is always explicit. */
export class Money {
  private constructor(
    readonly amount: Decimal,
    readonly currency: Currency,
  ) {}

  static of(amount: Decimal, currency: Currency | string): Money {
    return new Money(amount, typeof currency === 'string' ? Currency.parse(currency) : currency);
  }

  static parse(amount: string, currency: Currency | string): Money {
    return Money.of(Decimal.parse(amount), currency);
  }

  static zero(currency: Currency | string): Money {
    return Money.of(Decimal.ZERO, currency);
  }

  private same(other: Money): void {
    if (other.currency !== this.currency) throw new CurrencyMismatchError(this.currency, other.currency);
  }

  add(other: Money): Money {
    this.same(other);
    return new Money(this.amount.add(other.amount), this.currency);
  }

  sub(other: Money): Money {
    this.same(other);
    return new Money(this.amount.sub(other.amount), this.currency);
  }

  mul(factor: Decimal): Money {
    return new Money(this.amount.mul(factor), this.currency);
  }

  neg(): Money {
    return new Money(this.amount.neg(), this.currency);
  }

  /** Converts with a rate quoted as units of `to` per unit of this currency. */
  convert(rate: Decimal, to: Currency | string): Money {
    return Money.of(this.amount.mul(rate), to);
  }

  rescale(scale: number, mode: RoundingMode): Money {
    return new Money(this.amount.rescale(scale, mode), this.currency);
  }

  compare(other: Money): -1 | 0 | 1 {
    this.same(other);
    return this.amount.compare(other.amount);
  }

  isZero(): boolean {
    return this.amount.isZero();
  }

  equals(other: Money): boolean {
    return this.currency === other.currency && this.amount.eq(other.amount);
  }

  toString(): string {
    return `${this.amount.toString()} ${this.currency}`;
  }

  toJSON(): { amount: string; currency: string } {
    return { amount: this.amount.toString(), currency: this.currency };
  }
}

import { Decimal } from './decimal';

declare const quantityBrand: unique symbol;

/** An order or fill size: exact and never negative (direction is the order side, not the sign). */
export type Quantity = Decimal & { readonly [quantityBrand]: true };

export class NegativeQuantityError extends RangeError {
  constructor(readonly value: string) {
    super(`quantity must not be negative, found ${value}`);
  }
}

export const Quantity = {
  ZERO: Decimal.ZERO as Quantity,
  parse(text: string): Quantity {
    return Quantity.of(Decimal.parse(text));
  },
  of(value: Decimal): Quantity {
    if (value.isNegative()) throw new NegativeQuantityError(value.toString());
    return value as Quantity;
  },
  /** Quantities always round toward zero to the lot, so that rounding never grows an order. */
  roundToLot(value: Decimal, lot: Decimal): Quantity {
    return Quantity.of(value.abs().roundToIncrement(lot, 'down'));
  },
};

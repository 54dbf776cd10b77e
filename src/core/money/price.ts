import { Decimal, type RoundingMode } from './decimal';

declare const priceBrand: unique symbol;

/** A price: an exact decimal, may be negative (spreads, some futures), never a binary float. */
export type Price = Decimal & { readonly [priceBrand]: true };

export const Price = {
  parse(text: string): Price {
    return Decimal.parse(text) as Price;
  },
  of(value: Decimal): Price {
    return value as Price;
  },
  /** Rounds to the instrument's tick. Buy limits round down and sell limits up to stay passive, by the caller's choice of mode. */
  roundToTick(value: Decimal, tick: Decimal, mode: RoundingMode): Price {
    return value.roundToIncrement(tick, mode) as Price;
  },
};

import { Quantity, type Decimal, type Price } from '../../core';
import type { IcebergSpec } from './types';

export type IcebergDecision =
  | { readonly kind: 'wait' }
  | { readonly kind: 'child'; readonly quantity: Quantity; readonly price: Price }
  | { readonly kind: 'finish'; readonly status: 'completed' };

export interface IcebergState {
  /** Filled plus the open children's leaves. */
  readonly committed: Decimal;
  /** What the open children still show at the venue (their leaves). */
  readonly displayed: Decimal;
  readonly sizeIncrement: Decimal;
  readonly minQuantity: Decimal;
  /** The price a new slice rests at: the limit, or the re-pegged passive best within it. */
  readonly price: Price;
}

/**
 * Emulated iceberg for a venue without a native one: the displayed size is kept at displayQuantity. Each fill,
 * partial ones too, is replenished at once by a new slice of the hidden rest for the filled amount, at the same
 * price (or the re-pegged one).
 */
export function nextIcebergDecision(spec: IcebergSpec, state: IcebergState): IcebergDecision {
  const remaining = spec.quantity.sub(state.committed);
  if (!remaining.isPositive()) return state.displayed.isPositive() ? { kind: 'wait' } : { kind: 'finish', status: 'completed' };
  const room = spec.displayQuantity.sub(state.displayed);
  if (!room.isPositive()) return { kind: 'wait' };
  const quantity = Quantity.roundToLot(remaining.min(room), state.sizeIncrement);
  if (quantity.isZero()) return state.displayed.isPositive() ? { kind: 'wait' } : { kind: 'finish', status: 'completed' };
  // A replenishment below the venue's minimum waits for more fills, unless it is all that is left.
  if (quantity.lt(state.minQuantity) && quantity.lt(remaining) && state.displayed.isPositive()) return { kind: 'wait' };
  return { kind: 'child', quantity, price: state.price };
}

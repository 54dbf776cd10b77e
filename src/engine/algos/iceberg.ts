import { Quantity, type Decimal, type Price } from '../../core';
import type { IcebergSpec } from './types';

export type IcebergDecision =
  | { readonly kind: 'wait' }
  | { readonly kind: 'child'; readonly quantity: Quantity; readonly price: Price }
  | { readonly kind: 'finish'; readonly status: 'completed' };

/**
 * Emulated iceberg for a venue without a native one: one displayed limit child at a time; when it is filled
 * (or canceled by the venue) the next slice of the hidden rest is shown at the same price.
 */
export function nextIcebergDecision(
  spec: IcebergSpec,
  state: { readonly committed: Decimal; readonly openChildren: number; readonly sizeIncrement: Decimal },
): IcebergDecision {
  if (state.openChildren > 0) return { kind: 'wait' };
  const remaining = spec.quantity.sub(state.committed);
  if (!remaining.isPositive()) return { kind: 'finish', status: 'completed' };
  const quantity = Quantity.roundToLot(remaining.min(spec.displayQuantity), state.sizeIncrement);
  if (quantity.isZero()) return { kind: 'finish', status: 'completed' };
  return { kind: 'child', quantity, price: spec.limitPrice };
}

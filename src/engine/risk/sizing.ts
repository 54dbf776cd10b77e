import type { Decimal, Instrument, Price } from '../../core';
import { Decimal as DecimalValue, Quantity } from '../../core';

export interface RiskSizingInput {
  /** Account equity, account currency. */
  readonly equity: Decimal;
  /** Share of equity to lose at the stop: 0.01 is 1%. */
  readonly riskFraction: Decimal;
  readonly entryPrice: Price;
  readonly stopPrice: Price;
  readonly instrument: Instrument;
  /** Units of the account currency per unit of the instrument's quote currency (1 when they are the same). */
  readonly quoteToAccountRate: Decimal;
}

/**
 * The largest quantity whose loss at the stop is at most riskFraction x equity, rounded down to the lot and
 * capped at the instrument's maximum; zero when even one lot risks too much (or the stop equals the entry).
 * An order of this size passes the risk-per-trade check exactly (the rounding is always toward less risk).
 */
export function sizeForRisk(input: RiskSizingInput): Quantity {
  const perUnitLoss = input.entryPrice.sub(input.stopPrice).abs().mul(input.quoteToAccountRate);
  if (perUnitLoss.isZero() || !input.equity.isPositive()) return Quantity.ZERO;
  const budget = input.equity.mul(input.riskFraction);
  const { sizeIncrement } = input.instrument;
  const raw = budget.div(perUnitLoss, sizeIncrement.scale, 'down');
  let size: Decimal = raw.roundToIncrement(sizeIncrement, 'down');
  if (input.instrument.maxQuantity !== undefined) size = size.min(input.instrument.maxQuantity);
  if (input.instrument.kind === 'fx') size = size.min(input.instrument.maxOrderUnits);
  if (size.lt(input.instrument.minQuantity)) return Quantity.ZERO;
  return Quantity.of(size.max(DecimalValue.ZERO));
}

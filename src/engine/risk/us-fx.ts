import type { Decimal, Instrument } from '../../core';
import { Decimal as DecimalValue } from '../../core';
import { deny } from './denial';
import type { RiskDenial } from './types';

export interface UsFxRules {
  readonly majors: ReadonlySet<string>;
  readonly majorCap: number;
  readonly otherCap: number;
}

export function parseMajors(list: string): ReadonlySet<string> {
  return new Set(list.split(',').map((code) => code.trim()));
}

/** 50:1 when both currencies are majors, 20:1 otherwise (NFA retail FX; both configurable). */
export function leverageCap(
  instrument: Instrument,
  rules: UsFxRules,
): { cap: number; pairClass: 'major' | 'other' } {
  const major = rules.majors.has(instrument.baseCurrency) && rules.majors.has(instrument.quoteCurrency);
  return major ? { cap: rules.majorCap, pairClass: 'major' } : { cap: rules.otherCap, pairClass: 'other' };
}

/** Margin the regulator requires: notional / cap, rounded up (a cap never rounds in the trader's favour). */
export function regulatoryMargin(notional: Decimal, cap: number): Decimal {
  return notional.div(DecimalValue.fromInteger(cap), Math.max(notional.scale, 12), 'up');
}

/**
 * The US leverage caps: margin at the capped rates for every open position plus the new order must fit in
 * equity. At exactly equity the order passes.
 */
export function checkUsLeverage(
  instrument: Instrument,
  orderNotional: Decimal,
  positions: Iterable<{
    readonly instrument: Instrument | undefined;
    readonly notional: Decimal | undefined;
  }>,
  equity: Decimal,
  rules: UsFxRules,
): RiskDenial | undefined {
  const { cap, pairClass } = leverageCap(instrument, rules);
  let required = regulatoryMargin(orderNotional, cap);
  for (const position of positions) {
    if (position.instrument === undefined || position.notional === undefined) continue;
    required = required.add(regulatoryMargin(position.notional, leverageCap(position.instrument, rules).cap));
  }
  if (required.lte(equity)) return undefined;
  return deny(
    'RISK_MAX_LEVERAGE',
    `US FX leverage cap ${cap}:1 (${pairClass} pair ${instrument.baseCurrency}/${instrument.quoteCurrency}): margin required ${required.toString()} exceeds equity ${equity.toString()}`,
    {
      rule: `us-fx-${pairClass}-${cap}-to-1`,
      cap: String(cap),
      pairClass,
      limit: equity.toString(),
      found: required.toString(),
      orderNotional: orderNotional.toString(),
    },
  );
}

/** No hedging: an order may not open a leg opposite to an open one (in hedging-mode accounts). */
export function checkNoHedging(side: 'buy' | 'sell', oppositeLeg: Decimal): RiskDenial | undefined {
  if (oppositeLeg.isZero()) return undefined;
  return deny(
    'RISK_HEDGING_NOT_ALLOWED',
    `US FX: a ${side} would open a position opposite to the open ${oppositeLeg.toString()}`,
    { rule: 'no-hedging', side, opposite: oppositeLeg.toString() },
  );
}

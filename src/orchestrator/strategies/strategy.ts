import type { Decimal, SignalIntent } from '../../core';
import type { Candle } from '../../core/market/candles';

/** What a strategy decides on a closed candle; the runner turns it into a signal and sends it to intake. */
export interface StrategyDecision {
  readonly intent: SignalIntent;
  /** 0..1 */
  readonly confidence: Decimal;
  readonly stopDistance?: Decimal;
  readonly takeProfitDistance?: Decimal;
  readonly reason: string;
}

/** A signal source (stage 1, market analysis). It only ever sees closed candles, in time order. */
export interface Strategy {
  readonly kind: string;
  onCandle(candle: Candle): StrategyDecision | undefined;
}

export type StrategyParams = Readonly<Record<string, string | number>>;

export function integerParam(params: StrategyParams, name: string, fallback: number): number {
  const value = params[name] ?? fallback;
  const parsed = typeof value === 'number' ? value : /^\d+$/.test(value) ? Number(value) : Number.NaN;
  if (!Number.isSafeInteger(parsed) || parsed < 1)
    throw new RangeError(`params.${name} must be a positive integer, found ${String(value)}`);
  return parsed;
}

import { Decimal } from '../../core';
import type { Candle } from '../../core/market/candles';
import { AverageTrueRange, MovingAverage } from '../market/indicators';
import { integerParam, type Strategy, type StrategyDecision, type StrategyParams } from './strategy';

/**
 * Trend: a fast moving average of closes crossing the slow one. Long on a cross up, short on a cross down;
 * the stop sits `atrMultiple` average true ranges away, the target `targetMultiple` ATRs.
 * Params: fast (10), slow (30), atrPeriod (14), atrMultiple ("2"), targetMultiple ("3").
 */
export class MovingAverageCrossover implements Strategy {
  readonly kind = 'ma-crossover';
  private readonly fast: MovingAverage;
  private readonly slow: MovingAverage;
  private readonly atr: AverageTrueRange;
  private readonly atrMultiple: Decimal;
  private readonly targetMultiple: Decimal;
  private previous: -1 | 0 | 1 = 0;

  constructor(params: StrategyParams = {}) {
    const fast = integerParam(params, 'fast', 10);
    const slow = integerParam(params, 'slow', 30);
    if (fast >= slow)
      throw new RangeError(`params.fast (${fast}) must be shorter than params.slow (${slow})`);
    this.fast = new MovingAverage(fast);
    this.slow = new MovingAverage(slow);
    this.atr = new AverageTrueRange(integerParam(params, 'atrPeriod', 14));
    this.atrMultiple = Decimal.parse(String(params.atrMultiple ?? '2'));
    this.targetMultiple = Decimal.parse(String(params.targetMultiple ?? '3'));
  }

  onCandle(candle: Candle): StrategyDecision | undefined {
    const fast = this.fast.push(candle.close);
    const slow = this.slow.push(candle.close);
    const atr = this.atr.push(candle);
    if (fast === undefined || slow === undefined || atr === undefined || !atr.isPositive()) return undefined;
    const side = fast.compare(slow);
    const crossed = side !== 0 && this.previous !== 0 && side !== this.previous;
    if (side !== 0) this.previous = side;
    if (!crossed) return undefined;
    // Confidence grows with the gap between the averages, measured in ATRs, capped at 1.
    const gap = fast.sub(slow).abs().div(atr, 4, 'half-even');
    const confidence = Decimal.parse('0.5')
      .add(gap.div(Decimal.fromInteger(2), 4, 'half-even'))
      .min(Decimal.ONE);
    return {
      intent: side > 0 ? 'long' : 'short',
      confidence,
      stopDistance: atr.mul(this.atrMultiple),
      takeProfitDistance: atr.mul(this.targetMultiple),
      reason: `fast MA ${fast.toFixedScale(6)} crossed ${side > 0 ? 'above' : 'below'} slow MA ${slow.toFixedScale(6)}`,
    };
  }
}

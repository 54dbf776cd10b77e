import { Decimal } from '../../core';
import type { Candle } from '../../core/market/candles';
import { AverageTrueRange } from '../market/indicators';
import { integerParam, type Strategy, type StrategyDecision, type StrategyParams } from './strategy';

/**
 * Breakout (Donchian channel): a close above the highest high of the previous `lookback` candles is a long,
 * below the lowest low a short; only a new breakout (not every bar beyond the channel) is a signal.
 * Params: lookback (20), atrPeriod (14), atrMultiple ("1.5"), targetMultiple ("3").
 */
export class DonchianBreakout implements Strategy {
  readonly kind = 'breakout';
  private readonly lookback: number;
  private readonly window: Candle[] = [];
  private readonly atr: AverageTrueRange;
  private readonly atrMultiple: Decimal;
  private readonly targetMultiple: Decimal;
  private state: 'long' | 'short' | 'inside' = 'inside';

  constructor(params: StrategyParams = {}) {
    this.lookback = integerParam(params, 'lookback', 20);
    this.atr = new AverageTrueRange(integerParam(params, 'atrPeriod', 14));
    this.atrMultiple = Decimal.parse(String(params.atrMultiple ?? '1.5'));
    this.targetMultiple = Decimal.parse(String(params.targetMultiple ?? '3'));
  }

  onCandle(candle: Candle): StrategyDecision | undefined {
    const atr = this.atr.push(candle);
    const full = this.window.length >= this.lookback;
    let decision: StrategyDecision | undefined;
    if (full && atr !== undefined && atr.isPositive()) {
      let high = (this.window[0] as Candle).high as Decimal;
      let low = (this.window[0] as Candle).low as Decimal;
      for (const bar of this.window) {
        high = high.max(bar.high);
        low = low.min(bar.low);
      }
      const next = candle.close.gt(high) ? 'long' : candle.close.lt(low) ? 'short' : 'inside';
      if (next !== 'inside' && next !== this.state) {
        const beyond = next === 'long' ? candle.close.sub(high) : low.sub(candle.close);
        decision = {
          intent: next,
          confidence: Decimal.parse('0.6')
            .add(beyond.div(atr, 4, 'half-even'))
            .min(Decimal.ONE),
          stopDistance: atr.mul(this.atrMultiple),
          takeProfitDistance: atr.mul(this.targetMultiple),
          reason: `close ${candle.close.toString()} broke ${next === 'long' ? `above ${high.toString()}` : `below ${low.toString()}`} (${this.lookback} bars)`,
        };
      }
      this.state = next;
    }
    this.window.push(candle);
    if (this.window.length > this.lookback) this.window.shift();
    return decision;
  }
}

import { Decimal } from '../../core';
import type { Candle } from '../../core/market/candles';

/** Simple moving average over the last `period` values, exact (scale: the values' scale + 4). */
export class MovingAverage {
  private readonly values: Decimal[] = [];
  private sum = Decimal.ZERO;

  constructor(readonly period: number) {
    if (!Number.isInteger(period) || period < 1)
      throw new RangeError(`period must be a positive integer, found ${period}`);
  }

  push(value: Decimal): Decimal | undefined {
    this.values.push(value);
    this.sum = this.sum.add(value);
    if (this.values.length > this.period) this.sum = this.sum.sub(this.values.shift() as Decimal);
    return this.value();
  }

  value(): Decimal | undefined {
    if (this.values.length < this.period) return undefined;
    return this.sum.div(Decimal.fromInteger(this.period), this.sum.scale + 4, 'half-even');
  }
}

/** Average true range (simple average of true ranges), the usual volatility yardstick for stop distances. */
export class AverageTrueRange {
  private readonly average: MovingAverage;
  private previousClose: Decimal | undefined;

  constructor(period: number) {
    this.average = new MovingAverage(period);
  }

  push(candle: Candle): Decimal | undefined {
    const range = candle.high.sub(candle.low);
    const trueRange =
      this.previousClose === undefined
        ? range
        : range.max(candle.high.sub(this.previousClose).abs()).max(candle.low.sub(this.previousClose).abs());
    this.previousClose = candle.close;
    return this.average.push(trueRange);
  }
}

import type { QuoteTick } from '../../core';

interface Normal {
  spread: number;
  move: number;
  lastMid: number;
  seen: number;
}

const SMOOTHING = 0.05;

/**
 * Running "normal" spread and mid move per instrument. These are statistics over prices, not money: binary
 * floats are fine here (an exponential average), and no price is ever computed from them.
 */
export class MarketConditions {
  private readonly normals = new Map<string, Normal>();

  constructor(
    private readonly options: { spreadMultiple?: number; volatilityMultiple?: number; warmupQuotes?: number },
  ) {}

  /** The reason the market is abnormal, or undefined. The abnormal quote is not folded into the normal. */
  observe(quote: QuoteTick): string | undefined {
    const bid = quote.bid.toApproximateNumber();
    const ask = quote.ask.toApproximateNumber();
    const spread = ask - bid;
    const mid = (ask + bid) / 2;
    const normal = this.normals.get(quote.instrumentId);
    if (normal === undefined) {
      this.normals.set(quote.instrumentId, { spread, move: 0, lastMid: mid, seen: 1 });
      return undefined;
    }
    const move = Math.abs(mid - normal.lastMid);
    const warm = normal.seen >= (this.options.warmupQuotes ?? 50);
    const { spreadMultiple, volatilityMultiple } = this.options;
    if (warm && spreadMultiple !== undefined && normal.spread > 0 && spread > spreadMultiple * normal.spread)
      return `spread ${spread.toPrecision(6)} is over ${spreadMultiple}x its normal ${normal.spread.toPrecision(6)}`;
    if (
      warm &&
      volatilityMultiple !== undefined &&
      normal.move > 0 &&
      move > volatilityMultiple * normal.move
    ) {
      normal.lastMid = mid;
      return `mid moved ${move.toPrecision(6)}, over ${volatilityMultiple}x its normal ${normal.move.toPrecision(6)}`;
    }
    normal.spread += SMOOTHING * (spread - normal.spread);
    normal.move += SMOOTHING * (move - normal.move);
    normal.lastMid = mid;
    normal.seen++;
    return undefined;
  }
}

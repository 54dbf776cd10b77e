import type { Timestamp } from '../clock';
import type { QuoteTick, TradeTick } from '../events/market-events';
import type { InstrumentId } from '../identifiers';
import { Decimal } from '../money/decimal';
import { Price } from '../money/price';

/** Candle timeframes by the names traders use, in milliseconds (the API's candles and the dashboard's chart). */
export const CANDLE_TIMEFRAMES = {
  '1m': 60_000,
  '5m': 300_000,
  '15m': 900_000,
  '1h': 3_600_000,
  '4h': 14_400_000,
  '1d': 86_400_000,
} as const;
export type CandleTimeframe = keyof typeof CANDLE_TIMEFRAMES;

/** One closed bar. `closeTime` is the end of its window (exclusive): a strategy never sees it before then. */
export interface Candle {
  readonly instrumentId: InstrumentId;
  readonly timeframeMs: number;
  readonly openTime: Timestamp;
  readonly closeTime: Timestamp;
  readonly open: Price;
  readonly high: Price;
  readonly low: Price;
  readonly close: Price;
  readonly ticks: number;
}

interface Building {
  openTime: Timestamp;
  open: Price;
  high: Price;
  low: Price;
  close: Price;
  ticks: number;
}

const TWO = Decimal.fromInteger(2);

/** The mid of a quote, one digit finer than the quote so that no half tick is lost. */
export function midPrice(quote: Pick<QuoteTick, 'bid' | 'ask'>): Price {
  return Price.of(
    quote.bid.add(quote.ask).div(TWO, Math.max(quote.bid.scale, quote.ask.scale) + 1, 'half-even'),
  );
}

/**
 * Candles of one timeframe from ticks (quote mids or trade prices), aligned to the epoch. A candle is
 * emitted only when it has closed: at the first tick of a later window, or when `advance(now)` passes its
 * end (a quiet market still closes its bars on time). Windows without ticks produce no candle.
 */
export class CandleBuilder {
  private readonly building = new Map<string, Building>();

  constructor(
    readonly timeframeMs: number,
    private readonly onCandle: (candle: Candle) => void,
  ) {
    if (!Number.isSafeInteger(timeframeMs) || timeframeMs <= 0)
      throw new RangeError(`timeframeMs must be a positive integer, found ${timeframeMs}`);
  }

  onQuote(quote: QuoteTick): void {
    this.onPrice(quote.instrumentId, midPrice(quote), quote.occurredAt);
  }

  onTrade(trade: TradeTick): void {
    this.onPrice(trade.instrumentId, trade.price, trade.occurredAt);
  }

  onPrice(instrumentId: InstrumentId, price: Price, at: Timestamp): void {
    const openTime = at - (((at % this.timeframeMs) + this.timeframeMs) % this.timeframeMs);
    let bar = this.building.get(instrumentId);
    if (bar !== undefined && bar.openTime !== openTime) {
      if (openTime < bar.openTime) return; // a late tick of a closed window: the closed candle stays as emitted
      this.emit(instrumentId, bar);
      bar = undefined;
    }
    if (bar === undefined) {
      this.building.set(instrumentId, {
        openTime,
        open: price,
        high: price,
        low: price,
        close: price,
        ticks: 1,
      });
      return;
    }
    if (price.gt(bar.high)) bar.high = price;
    if (price.lt(bar.low)) bar.low = price;
    bar.close = price;
    bar.ticks++;
  }

  /** The candle still building for an instrument (not closed: a chart draws it, a strategy must not act on it). */
  current(instrumentId: InstrumentId): Candle | undefined {
    const bar = this.building.get(instrumentId);
    return bar === undefined ? undefined : this.candleOf(instrumentId, bar);
  }

  /** Closes every candle whose window ended at or before `now`. */
  advance(now: Timestamp): void {
    for (const [instrumentId, bar] of this.building) {
      if (bar.openTime + this.timeframeMs <= now) {
        this.building.delete(instrumentId);
        this.emit(instrumentId as InstrumentId, bar);
      }
    }
  }

  private emit(instrumentId: InstrumentId, bar: Building): void {
    this.building.delete(instrumentId);
    this.onCandle(this.candleOf(instrumentId, bar));
  }

  private candleOf(instrumentId: InstrumentId, bar: Building): Candle {
    return {
      instrumentId,
      timeframeMs: this.timeframeMs,
      openTime: bar.openTime,
      closeTime: bar.openTime + this.timeframeMs,
      open: bar.open,
      high: bar.high,
      low: bar.low,
      close: bar.close,
      ticks: bar.ticks,
    };
  }
}

import {
  CANDLE_TIMEFRAMES,
  CandleBuilder,
  type Candle,
  type CandleTimeframe,
  type Clock,
  type InstrumentId,
  type MessageBus,
} from '../../core';

export interface CandleHistoryOptions {
  /** Closed candles kept per instrument and timeframe; the oldest go first. */
  readonly keep: number;
  readonly clock: Clock;
}

/**
 * Candles per instrument and timeframe, built from the quote mids the engine publishes, for the dashboard's
 * price chart. They live in memory and begin when the service does: they draw what this engine saw, which
 * is where its fills and orders sit. Venue history over longer spans is the venues' own candle routes.
 */
export class CandleHistory {
  private readonly closed = new Map<CandleTimeframe, Map<InstrumentId, Candle[]>>();
  private readonly builders = new Map<CandleTimeframe, CandleBuilder>();
  private readonly unsubscribe: () => void;

  constructor(
    bus: MessageBus,
    private readonly options: CandleHistoryOptions,
  ) {
    for (const [name, ms] of Object.entries(CANDLE_TIMEFRAMES) as [CandleTimeframe, number][]) {
      const bars = new Map<InstrumentId, Candle[]>();
      this.closed.set(name, bars);
      this.builders.set(name, new CandleBuilder(ms, (candle) => this.keepClosed(bars, candle)));
    }
    this.unsubscribe = bus.subscribe('QuoteTick', (quote) => {
      for (const builder of this.builders.values()) builder.onQuote(quote);
    });
  }

  /** The newest `limit` candles, oldest first; the last one is still building when `building` is true. */
  candles(
    instrumentId: InstrumentId,
    timeframe: CandleTimeframe,
    limit: number,
  ): { candles: readonly Candle[]; building: boolean } {
    const builder = this.builders.get(timeframe) as CandleBuilder;
    // A quiet market still closes its bars when their window ends.
    builder.advance(this.options.clock.now());
    const closed = this.closed.get(timeframe)?.get(instrumentId) ?? [];
    const current = builder.current(instrumentId);
    const all = current === undefined ? closed : [...closed, current];
    return { candles: all.slice(Math.max(0, all.length - limit)), building: current !== undefined };
  }

  close(): void {
    this.unsubscribe();
  }

  private keepClosed(bars: Map<InstrumentId, Candle[]>, candle: Candle): void {
    let list = bars.get(candle.instrumentId);
    if (list === undefined) bars.set(candle.instrumentId, (list = []));
    list.push(candle);
    if (list.length > this.options.keep) list.splice(0, list.length - this.options.keep);
  }
}

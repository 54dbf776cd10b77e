import type { Instrument, InstrumentId, Price, QuoteTick } from '../../core';
import type { TradingEngine } from '../../engine/trading-engine';

/**
 * Instruments and latest quotes as the stages need them, read through the engine facade. Instruments are
 * cached (they change only at a venue reconnect); quotes are read fresh from the engine each time.
 */
export class MarketView {
  private instrumentsById = new Map<string, Instrument>();

  constructor(private readonly engine: TradingEngine) {}

  instrument(id: InstrumentId): Instrument | undefined {
    let found = this.instrumentsById.get(id);
    if (found === undefined) {
      this.instrumentsById = new Map(this.engine.instruments().map((item) => [item.id, item]));
      found = this.instrumentsById.get(id);
    }
    return found;
  }

  quote(id: InstrumentId): QuoteTick | undefined {
    return this.engine.quotes().find((quote) => quote.instrumentId === id);
  }

  /** The price a market order would trade at now: the ask to buy, the bid to sell. */
  touch(id: InstrumentId, side: 'buy' | 'sell'): Price | undefined {
    const quote = this.quote(id);
    return quote === undefined ? undefined : side === 'buy' ? quote.ask : quote.bid;
  }
}

import type { Decimal } from '../../core/money/decimal';
import type { MarketDataEvent } from '../../core/events';
import { symbolOfInstrument } from './instruments';

/** DXtrade's candle types (Market Data Event Type `candleType`) and their length. */
export const CANDLE_MS: Readonly<Record<string, number>> = {
  m: 60_000, '5m': 300_000, '15m': 900_000, '30m': 1_800_000, h: 3_600_000, '2h': 7_200_000, '4h': 14_400_000, d: 86_400_000,
};

export interface Bar {
  readonly time: number;
  open: Decimal;
  high: Decimal;
  low: Decimal;
  close: Decimal;
  volume: Decimal;
}

const KEEP_MINUTES = 3 * 24 * 60;

/** One-minute bid bars per symbol from the book's top (DXtrade charts bid prices), aggregated on request. */
export class CandleBook {
  private readonly minutes = new Map<string, Bar[]>();

  onMarketData(event: MarketDataEvent): void {
    let price: Decimal | undefined;
    let volume: Decimal | undefined;
    if (event.type === 'OrderBookUpdate' && event.kind === 'snapshot') price = event.bids[0]?.price;
    else if (event.type === 'QuoteTick') price = event.bid;
    else if (event.type === 'TradeTick') volume = event.quantity;
    const symbol = symbolOfInstrument(event.instrumentId);
    const bars = this.minutes.get(symbol) ?? [];
    this.minutes.set(symbol, bars);
    const time = Math.floor(event.occurredAt / 60_000) * 60_000;
    let last = bars[bars.length - 1];
    if (price === undefined) {
      if (volume !== undefined && last !== undefined && last.time === time) last.volume = last.volume.add(volume);
      return;
    }
    if (last === undefined || last.time < time) {
      last = { time, open: price, high: price, low: price, close: price, volume: price.sub(price) };
      bars.push(last);
      if (bars.length > KEEP_MINUTES) bars.splice(0, bars.length - KEEP_MINUTES);
      return;
    }
    if (last.time !== time) return;
    last.high = last.high.max(price);
    last.low = last.low.min(price);
    last.close = price;
  }

  /** Bars of `candleType` between two times (inclusive), oldest first, at most `count` (the newest ones). */
  bars(symbol: string, candleType: string, fromTime: number, toTime: number, count?: number): Bar[] {
    const length = CANDLE_MS[candleType];
    if (length === undefined) return [];
    const out: Bar[] = [];
    for (const minute of this.minutes.get(symbol) ?? []) {
      const time = Math.floor(minute.time / length) * length;
      if (time < fromTime || time > toTime) continue;
      const last = out[out.length - 1];
      if (last?.time === time) {
        last.high = last.high.max(minute.high);
        last.low = last.low.min(minute.low);
        last.close = minute.close;
        last.volume = last.volume.add(minute.volume);
      } else out.push({ ...minute, time });
    }
    return count === undefined ? out : out.slice(-count);
  }
}

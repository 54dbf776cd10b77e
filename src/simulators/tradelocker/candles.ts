import type { MarketDataEvent } from '../../core/events';
import { InstrumentId } from '../../core/identifiers';
import { Decimal } from '../../core/money/decimal';

export interface Bar {
  readonly t: number;
  readonly o: Decimal;
  readonly h: Decimal;
  readonly l: Decimal;
  readonly c: Decimal;
  readonly v: Decimal;
}

/** TradeLocker's `resolution` values and their length. */
export const RESOLUTION_MS: Readonly<Record<string, number>> = {
  '1m': 60_000, '5m': 300_000, '15m': 900_000, '30m': 1_800_000, '1H': 3_600_000, '4H': 14_400_000, '1D': 86_400_000, '1W': 604_800_000, '1M': 2_592_000_000,
};

/** One-minute bid bars (barSource BID) built from the book the venue shows; longer resolutions are rolled up from them. */
export class Candles {
  private readonly minutes = new Map<string, Bar[]>();

  record(event: MarketDataEvent): void {
    let price: Decimal | undefined;
    if (event.type === 'QuoteTick') price = event.bid;
    else if (event.type === 'OrderBookUpdate' && event.kind === 'snapshot') price = event.bids[0]?.price;
    if (price === undefined) return;
    const name = InstrumentId.symbol(event.instrumentId);
    const bars = this.minutes.get(name) ?? [];
    const t = Math.floor(event.occurredAt / 60_000) * 60_000;
    const last = bars[bars.length - 1];
    if (last !== undefined && last.t === t) {
      bars[bars.length - 1] = { t, o: last.o, h: last.h.max(price), l: last.l.min(price), c: price, v: last.v.add(Decimal.ONE) };
    } else {
      bars.push({ t, o: price, h: price, l: price, c: price, v: Decimal.ONE });
      if (bars.length > 50_000) bars.shift();
    }
    this.minutes.set(name, bars);
  }

  bars(name: string, resolutionMs: number, from: number, to: number): Bar[] {
    const out: Bar[] = [];
    for (const bar of this.minutes.get(name) ?? []) {
      if (bar.t < from - (bar.t % resolutionMs) || bar.t > to) continue;
      const t = Math.floor(bar.t / resolutionMs) * resolutionMs;
      if (t < Math.floor(from / resolutionMs) * resolutionMs) continue;
      const last = out[out.length - 1];
      if (last !== undefined && last.t === t) out[out.length - 1] = { t, o: last.o, h: last.h.max(bar.h), l: last.l.min(bar.l), c: bar.c, v: last.v.add(bar.v) };
      else out.push({ ...bar, t });
    }
    return out;
  }

  save(): Record<string, Bar[]> {
    return Object.fromEntries(this.minutes);
  }

  restore(saved: Record<string, Bar[]> | undefined): void {
    for (const [name, bars] of Object.entries(saved ?? {})) this.minutes.set(name, bars);
  }
}

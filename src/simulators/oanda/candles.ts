import type { Timestamp } from '../../core/clock';
import type { MarketDataEvent } from '../../core/events';
import { InstrumentId } from '../../core/identifiers';
import { Decimal } from '../../core/money/decimal';
import { specOf } from './instruments';
import type { Reply } from './order-service';
import { parseTime, priceText, rfc3339 } from './wire-format';

interface PricePoint {
  readonly time: Timestamp;
  readonly bid: Decimal;
  readonly ask: Decimal;
}

/** A day of the synthetic walk at its busiest; older prices fall off the front. */
const KEPT_PER_INSTRUMENT = 200_000;
const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const FIXED: Readonly<Record<string, number>> = {
  S5: 5 * SECOND, S10: 10 * SECOND, S15: 15 * SECOND, S30: 30 * SECOND,
  M1: MINUTE, M2: 2 * MINUTE, M4: 4 * MINUTE, M5: 5 * MINUTE, M10: 10 * MINUTE, M15: 15 * MINUTE, M30: 30 * MINUTE,
  H1: HOUR, H2: 2 * HOUR, H3: 3 * HOUR, H4: 4 * HOUR, H6: 6 * HOUR, H8: 8 * HOUR, H12: 12 * HOUR,
};
const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const bad = (name: string): Reply => ({ status: 400, body: { errorMessage: `Invalid value specified for '${name}'` } });

/**
 * GET /v3/instruments/{instrument}/candles and its account-scoped twin (the v20 schema's
 * InstrumentCandlesResponse): candles built from every price the simulated market published, with
 * OANDA's parameters (price M/B/A, granularity, count or from/to, includeFirst, smooth, daily and weekly
 * alignment in a time zone). Volume is the number of prices in the candle, as OANDA defines it.
 */
export class CandleHistory {
  private readonly points = new Map<string, PricePoint[]>();

  constructor(private readonly now: () => Timestamp) {}

  onPrice(event: MarketDataEvent): void {
    let bid: Decimal | undefined;
    let ask: Decimal | undefined;
    if (event.type === 'QuoteTick') ({ bid, ask } = { bid: event.bid, ask: event.ask });
    else if (event.type === 'OrderBookUpdate' && event.kind === 'snapshot') {
      bid = event.bids[0]?.price;
      ask = event.asks[0]?.price;
    }
    if (bid === undefined || ask === undefined) return;
    const name = InstrumentId.symbol(event.instrumentId);
    let list = this.points.get(name);
    if (list === undefined) this.points.set(name, (list = []));
    const previous = list[list.length - 1];
    // One price per change: a republished identical book is not a new price.
    if (previous !== undefined && previous.bid.eq(bid) && previous.ask.eq(ask)) return;
    list.push({ time: event.occurredAt, bid, ask });
    if (list.length > KEPT_PER_INSTRUMENT) list.splice(0, list.length - KEPT_PER_INSTRUMENT);
  }

  candles(instrument: string, query: URLSearchParams): Reply {
    const spec = specOf(instrument);
    if (spec === undefined) return bad('instrument');
    const price = query.get('price') ?? 'M';
    if (!/^(?!.*(.).*\1)[MBA]{1,3}$/.test(price)) return bad('price');
    const granularity = query.get('granularity') ?? 'S5';
    const dailyAlignment = query.get('dailyAlignment') ?? '17';
    if (!/^\d{1,2}$/.test(dailyAlignment) || Number(dailyAlignment) > 23) return bad('dailyAlignment');
    const timeZone = query.get('alignmentTimezone') ?? 'America/New_York';
    if (!validZone(timeZone)) return bad('alignmentTimezone');
    const weekly = query.get('weeklyAlignment') ?? 'Friday';
    if (!WEEKDAYS.includes(weekly)) return bad('weeklyAlignment');
    const bucket = bucketer(granularity, Number(dailyAlignment), timeZone, WEEKDAYS.indexOf(weekly));
    if (bucket === undefined) return bad('granularity');
    const countText = query.get('count');
    if (countText !== null && (!/^\d+$/.test(countText) || Number(countText) < 1 || Number(countText) > 5000)) return bad('count');
    const from = query.has('from') ? parseTime(query.get('from') ?? '') : undefined;
    const to = query.has('to') ? parseTime(query.get('to') ?? '') : undefined;
    if (query.has('from') && from === undefined) return bad('from');
    if (query.has('to') && to === undefined) return bad('to');
    if (from !== undefined && to !== undefined && countText !== null) return bad('count');
    if (from !== undefined && to !== undefined && from > to) return bad('to');
    for (const flag of ['smooth', 'includeFirst']) {
      const value = query.get(flag);
      if (value !== null && value !== 'true' && value !== 'false') return bad(flag);
    }
    const count = Number(countText ?? '500');
    const smooth = query.get('smooth') === 'true';
    const includeFirst = query.get('includeFirst') !== 'false';
    const now = this.now();

    const groups = new Map<number, PricePoint[]>();
    for (const point of this.points.get(instrument) ?? []) {
      const start = bucket.start(point.time);
      const group = groups.get(start);
      if (group === undefined) groups.set(start, [point]);
      else group.push(point);
    }
    let starts = [...groups.keys()].sort((a, b) => a - b);
    if (from !== undefined) {
      const first = bucket.start(from);
      starts = starts.filter((s) => (includeFirst ? s >= first : s > first) && (s >= from || s === first));
    }
    if (to !== undefined) starts = starts.filter((s) => s < to);
    // From a start, the first `count`; otherwise the last `count` (up to `to` or now).
    if (!(from !== undefined && to !== undefined)) starts = from !== undefined ? starts.slice(0, count) : starts.slice(-count);

    const digits = spec.displayPrecision;
    const write = (d: Decimal): string => priceText(d, digits);
    const mid = (p: PricePoint): Decimal => p.bid.add(p.ask).div(Decimal.fromInteger(2), digits + 1, 'half-even');
    let previousClose: { bid: Decimal; ask: Decimal; mid: Decimal } | undefined;
    const candles = starts.map((start) => {
      const group = groups.get(start) ?? [];
      const side = (pick: (p: PricePoint) => Decimal, prior: Decimal | undefined) => {
        const values = group.map(pick);
        const open = smooth && prior !== undefined ? prior : (values[0] ?? Decimal.ZERO);
        const close = values[values.length - 1] ?? open;
        const high = values.reduce((a, b) => a.max(b), open);
        const low = values.reduce((a, b) => a.min(b), open);
        return { data: { o: write(open), h: write(high), l: write(low), c: write(close) }, close };
      };
      const b = side((p) => p.bid, previousClose?.bid);
      const a = side((p) => p.ask, previousClose?.ask);
      const m = side(mid, previousClose?.mid);
      previousClose = { bid: b.close, ask: a.close, mid: m.close };
      return {
        complete: bucket.end(start) <= now,
        volume: group.length,
        time: rfc3339(start),
        ...(price.includes('B') ? { bid: b.data } : {}),
        ...(price.includes('A') ? { ask: a.data } : {}),
        ...(price.includes('M') ? { mid: m.data } : {}),
      };
    });
    return { status: 200, body: { instrument, granularity, candles } };
  }
}

interface Bucketer {
  start(time: Timestamp): Timestamp;
  end(start: Timestamp): Timestamp;
}

function bucketer(granularity: string, hour: number, timeZone: string, weekday: number): Bucketer | undefined {
  const fixed = FIXED[granularity];
  if (fixed !== undefined) return { start: (t) => t - (t % fixed), end: (s) => s + fixed };
  // D, W and M turn at `hour` o'clock in the alignment zone (17:00 New York by default, OANDA's trading day).
  const dayStart = (t: Timestamp): Timestamp => {
    const offset = zoneOffset(t, timeZone);
    const local = t + offset;
    const aligned = local - (((local - hour * HOUR) % (24 * HOUR)) + 24 * HOUR) % (24 * HOUR);
    return aligned - zoneOffset(aligned - offset, timeZone);
  };
  switch (granularity) {
    case 'D':
      return { start: dayStart, end: (s) => dayStart(s + 26 * HOUR) };
    case 'W':
      return {
        start: byDay(dayStart, (day) => {
          let start = day;
          while (new Date(start + zoneOffset(start, timeZone)).getUTCDay() !== weekday) start = dayStart(start - HOUR);
          return start;
        }),
        end: (s) => dayStart(s + 7 * 24 * HOUR + 2 * HOUR),
      };
    case 'M':
      return {
        start: byDay(dayStart, (day) => {
          let start = day;
          while (new Date(start + zoneOffset(start, timeZone) + 12 * HOUR).getUTCDate() !== 1) start = dayStart(start - HOUR);
          return start;
        }),
        end: (s) => {
          let end = dayStart(s + 26 * HOUR);
          while (new Date(end + zoneOffset(end, timeZone) + 12 * HOUR).getUTCDate() !== 1) end = dayStart(end + 26 * HOUR);
          return end;
        },
      };
    default:
      return undefined;
  }
}

/** Weeks and months are whole days: the walk back to their first day is done once per day, not per price. */
function byDay(dayStart: (t: Timestamp) => Timestamp, fromDay: (day: Timestamp) => Timestamp): (t: Timestamp) => Timestamp {
  const memo = new Map<Timestamp, Timestamp>();
  return (t) => {
    const day = dayStart(t);
    let start = memo.get(day);
    if (start === undefined) memo.set(day, (start = fromDay(day)));
    return start;
  };
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function validZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
    return true;
  } catch {
    return false;
  }
}

/** Milliseconds to add to UTC to get the zone's wall time at `time`. */
function zoneOffset(time: Timestamp, timeZone: string): number {
  let formatter = formatters.get(timeZone);
  if (formatter === undefined) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit',
    });
    formatters.set(timeZone, formatter);
  }
  const parts = formatter.formatToParts(new Date(time));
  const get = (type: string): number => Number(parts.find((p) => p.type === type)?.value ?? '0');
  const wall = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  return wall - (time - (time % SECOND));
}

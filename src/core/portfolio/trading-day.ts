import type { Timestamp } from '../clock';

/**
 * Trading-day arithmetic in a named time zone, DST-correct through Intl (the IANA database Node ships).
 * A trading day is named by the local date on which it ENDS: with FX's 17:00 America/New_York close, Sunday
 * 17:00 to Monday 17:00 New York time is Monday's trading day; with crypto's 00:00 UTC it is the calendar day.
 */
export interface TradingDayRule {
  /** IANA zone: 'America/New_York', 'UTC'. */
  readonly timeZone: string;
  /** Local wall-clock time at which the day ends, 'HH:MM' (24h). */
  readonly endsAt: string;
}

export const FX_TRADING_DAY: TradingDayRule = { timeZone: 'America/New_York', endsAt: '17:00' };
export const CRYPTO_TRADING_DAY: TradingDayRule = { timeZone: 'UTC', endsAt: '00:00' };

const DAY_MS = 86_400_000;
const TIME_PATTERN = /^([01]\d|2[0-3]):([0-5]\d)$/;
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let found = formatters.get(timeZone);
  if (found === undefined) {
    found = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, found);
  }
  return found;
}

/** Throws a RangeError naming the field when the rule is not usable. */
export function validateTradingDayRule(rule: TradingDayRule): void {
  if (!TIME_PATTERN.test(rule.endsAt))
    throw new RangeError(`tradingDay.endsAt must be HH:MM (24h), found ${JSON.stringify(rule.endsAt)}`);
  try {
    formatter(rule.timeZone);
  } catch {
    throw new RangeError(
      `tradingDay.timeZone must be an IANA time zone, found ${JSON.stringify(rule.timeZone)}`,
    );
  }
}

/** Local wall time at `at`, expressed as if it were UTC (so date arithmetic on it is plain). */
function wallClockAsUtc(at: Timestamp, timeZone: string): number {
  let year = 0,
    month = 0,
    day = 0,
    hour = 0,
    minute = 0,
    second = 0;
  for (const part of formatter(timeZone).formatToParts(at)) {
    switch (part.type) {
      case 'year':
        year = Number(part.value);
        break;
      case 'month':
        month = Number(part.value);
        break;
      case 'day':
        day = Number(part.value);
        break;
      case 'hour':
        hour = Number(part.value);
        break;
      case 'minute':
        minute = Number(part.value);
        break;
      case 'second':
        second = Number(part.value);
        break;
      default:
        break;
    }
  }
  return Date.UTC(year, month - 1, day, hour, minute, second) + (((at % 1000) + 1000) % 1000);
}

/** The UTC instant of a local wall time (given as if UTC); in a skipped hour it lands after the gap. */
function wallClockToInstant(wall: number, timeZone: string): Timestamp {
  const firstOffset = wallClockAsUtc(wall, timeZone) - wall;
  const guess = wall - firstOffset;
  const secondOffset = wallClockAsUtc(guess, timeZone) - guess;
  return secondOffset === firstOffset ? guess : wall - secondOffset;
}

function endMinutes(rule: TradingDayRule): number {
  const match = TIME_PATTERN.exec(rule.endsAt);
  if (match === null)
    throw new RangeError(`tradingDay.endsAt must be HH:MM (24h), found ${JSON.stringify(rule.endsAt)}`);
  return Number(match[1]) * 60 + Number(match[2]);
}

export interface TradingDay {
  /** 'YYYY-MM-DD': the local date on which this trading day ends. */
  readonly key: string;
  /** First instant of the day (inclusive), UTC ms. */
  readonly start: Timestamp;
  /** First instant of the next day (exclusive), UTC ms. */
  readonly end: Timestamp;
}

/** The trading day containing `at`. Pure; for hot paths use TradingCalendar, which caches the interval. */
export function tradingDayAt(at: Timestamp, rule: TradingDayRule): TradingDay {
  const endsAtMs = endMinutes(rule) * 60_000;
  const shift = endsAtMs === 0 ? 0 : DAY_MS - endsAtMs;
  const wall = wallClockAsUtc(at, rule.timeZone);
  const keyMidnight = Math.floor((wall + shift) / DAY_MS) * DAY_MS;
  // The day named D runs from local (D-1) endsAt to local D endsAt; with a 00:00 end, from D 00:00 to D+1 00:00.
  const endWall = endsAtMs === 0 ? keyMidnight + DAY_MS : keyMidnight + endsAtMs;
  const startWall = endWall - DAY_MS;
  return {
    key: new Date(keyMidnight).toISOString().slice(0, 10),
    start: wallClockToInstant(startWall, rule.timeZone),
    end: wallClockToInstant(endWall, rule.timeZone),
  };
}

/**
 * Caches the last two trading days so that asking on every order costs a few comparisons, not an Intl call.
 * Two: a replay asks alternately for a historical fill's day and for today's (equity is stamped now), and
 * one cached day would miss on every call.
 */
export class TradingCalendar {
  private current: TradingDay | undefined;
  private previous: TradingDay | undefined;

  constructor(readonly rule: TradingDayRule) {
    validateTradingDayRule(rule);
  }

  dayAt(at: Timestamp): TradingDay {
    const cached = this.current;
    if (cached !== undefined && at >= cached.start && at < cached.end) return cached;
    const other = this.previous;
    if (other !== undefined && at >= other.start && at < other.end) {
      this.previous = cached;
      this.current = other;
      return other;
    }
    const day = tradingDayAt(at, this.rule);
    this.previous = cached;
    this.current = day;
    return day;
  }
}

/** Local weekday (0 Sunday .. 6 Saturday) and minutes after local midnight, for trading-hours windows. */
export function localWeekMinute(at: Timestamp, timeZone: string): { weekday: number; minute: number } {
  const wall = wallClockAsUtc(at, timeZone);
  const date = new Date(wall);
  return { weekday: date.getUTCDay(), minute: date.getUTCHours() * 60 + date.getUTCMinutes() };
}

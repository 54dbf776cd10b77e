/**
 * Wall-clock dates and times in a named time zone (IANA ids such as `America/New_York`, or the legacy links
 * IB publishes, `US/Eastern`, `EST`, `MET`), DST-correct through the runtime's own tz database (Intl).
 */

const formatters = new Map<string, Intl.DateTimeFormat>();

/** Throws a RangeError naming the zone when the runtime's tz database does not know it. */
function formatterFor(zone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(zone);
  if (formatter === undefined) {
    try {
      formatter = new Intl.DateTimeFormat('en-US', {
        timeZone: zone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit',
      });
    } catch {
      throw new RangeError(`timeZoneId: unknown time zone '${zone}' (an IANA zone id is required)`);
    }
    formatters.set(zone, formatter);
  }
  return formatter;
}

export function isKnownTimeZone(zone: string): boolean {
  try {
    formatterFor(zone);
    return true;
  } catch {
    return false;
  }
}

interface WallTime {
  readonly year: number;
  readonly month: number;
  readonly day: number;
  readonly hour: number;
  readonly minute: number;
  readonly second: number;
}

function wallTime(at: number, zone: string): WallTime {
  const parts: Record<string, number> = {};
  for (const part of formatterFor(zone).formatToParts(at)) {
    if (part.type !== 'literal') parts[part.type] = Number(part.value);
  }
  return { year: parts.year ?? 0, month: parts.month ?? 0, day: parts.day ?? 0, hour: parts.hour ?? 0, minute: parts.minute ?? 0, second: parts.second ?? 0 };
}

/** The zone's offset from UTC at instant `at`, in milliseconds (New York in winter: -5 h). */
export function zoneOffsetMs(at: number, zone: string): number {
  const w = wallTime(at, zone);
  const asUtc = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
  return asUtc - (at - (((at % 1000) + 1000) % 1000));
}

/** The calendar day at instant `at` in the zone, as `YYYYMMDD`. */
export function zonedDay(at: number, zone: string): string {
  const w = wallTime(at, zone);
  return `${w.year}${String(w.month).padStart(2, '0')}${String(w.day).padStart(2, '0')}`;
}

/**
 * The instant of wall time `day` (`YYYYMMDD`) `time` (`HHMM`) in the zone. A time skipped by a spring-forward
 * reads as the instant after the gap; a time repeated by a fall-back reads as its first (daylight) occurrence.
 */
export function zonedToUtc(day: string, time: string, zone: string): number {
  const wall = Date.UTC(Number(day.slice(0, 4)), Number(day.slice(4, 6)) - 1, Number(day.slice(6, 8)), Number(time.slice(0, 2)), Number(time.slice(2, 4)));
  const first = wall - zoneOffsetMs(wall, zone);
  const second = wall - zoneOffsetMs(first, zone);
  if (first === second) return first;
  // Near a transition the two guesses differ: keep the one whose wall time is the one asked for, else the later.
  const earlier = Math.min(first, second);
  return earlier + zoneOffsetMs(earlier, zone) === wall ? earlier : Math.max(first, second);
}

/** The day `YYYYMMDD` shifted by `days` calendar days. */
export function addDays(day: string, days: number): string {
  const d = new Date(Date.UTC(Number(day.slice(0, 4)), Number(day.slice(4, 6)) - 1, Number(day.slice(6, 8)) + days));
  return `${d.getUTCFullYear()}${String(d.getUTCMonth() + 1).padStart(2, '0')}${String(d.getUTCDate()).padStart(2, '0')}`;
}

import type { Timestamp } from '../../core';
import { localWeekMinute, validateTradingDayRule } from '../../core';

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'] as const;
const WINDOW =
  /^(Sun|Mon|Tue|Wed|Thu|Fri|Sat) ([01]\d|2[0-3]):([0-5]\d)-(Sun|Mon|Tue|Wed|Thu|Fri|Sat) ([01]\d|2[0-3]):([0-5]\d)$/;

/** Weekly open windows in one time zone, as [start, end) minutes of the local week (Sunday 00:00 = 0). */
export interface TradingHours {
  readonly text: string;
  readonly timeZone: string;
  readonly windows: readonly { readonly start: number; readonly end: number }[];
}

/**
 * Parses "ZONE;Day HH:MM-Day HH:MM[,Day HH:MM-Day HH:MM...]", e.g. FX "America/New_York;Sun 17:00-Fri 17:00"
 * or an equity session "America/New_York;Mon 09:30-Mon 16:00,Tue 09:30-Tue 16:00". A window may wrap the week.
 */
export function parseTradingHours(text: string): TradingHours {
  const [timeZone, spec, extra] = text.split(';');
  if (timeZone === undefined || spec === undefined || extra !== undefined) {
    throw new RangeError(`must be "ZONE;Day HH:MM-Day HH:MM[,...]", found ${JSON.stringify(text)}`);
  }
  validateTradingDayRule({ timeZone, endsAt: '00:00' });
  const windows = spec.split(',').map((part) => {
    const match = WINDOW.exec(part.trim());
    if (match === null)
      throw new RangeError(`window must look like "Sun 17:00-Fri 17:00", found ${JSON.stringify(part)}`);
    const at = (day: string, hour: string, minute: string) =>
      DAYS.indexOf(day as (typeof DAYS)[number]) * 1440 + Number(hour) * 60 + Number(minute);
    return {
      start: at(match[1] as string, match[2] as string, match[3] as string),
      end: at(match[4] as string, match[5] as string, match[6] as string),
    };
  });
  return { text, timeZone, windows };
}

export function isWithinTradingHours(hours: TradingHours, at: Timestamp): boolean {
  const { weekday, minute } = localWeekMinute(at, hours.timeZone);
  const now = weekday * 1440 + minute;
  for (const window of hours.windows) {
    const inside =
      window.start <= window.end
        ? now >= window.start && now < window.end
        : now >= window.start || now < window.end;
    if (inside) return true;
  }
  return false;
}

import type { Timestamp } from '../../core/clock';
import { localWeekMinute } from '../../core/portfolio/trading-day';
import type { InstrumentWire } from './parse/wire';
import type { DxtradeProfile } from './profiles';

const DAYS = ['SUNDAY', 'MONDAY', 'TUESDAY', 'WEDNESDAY', 'THURSDAY', 'FRIDAY', 'SATURDAY'] as const;
const TIME = /^([01]\d|2[0-3]):([0-5]\d)$/;

/** An instrument's weekly schedule: session opens and closes at minutes of the local week (Sunday 00:00 = 0). */
export interface DxSchedule {
  readonly timeZone: string;
  readonly events: readonly { readonly minute: number; readonly open: boolean }[];
}

/**
 * The schedule from an Instrument's `tradingHours` (weekDay, eventType SESSION_OPEN / SESSION_CLOSE and the
 * time, read in the profile's zone). An entry without a time takes the profile's documented hours; an
 * instrument without entries trades the profile's FX week; an entry we cannot read drops the whole list for
 * the profile's week rather than guess.
 */
export function scheduleOf(wire: InstrumentWire, profile: DxtradeProfile): DxSchedule {
  const fallback = (event: 'SESSION_OPEN' | 'SESSION_CLOSE') => (event === 'SESSION_OPEN' ? profile.sessionHours.opensSundayNewYork : profile.sessionHours.closesFridayNewYork);
  const week = [
    { minute: minuteOf('SUNDAY', profile.sessionHours.opensSundayNewYork), open: true },
    { minute: minuteOf('FRIDAY', profile.sessionHours.closesFridayNewYork), open: false },
  ];
  const events: { minute: number; open: boolean }[] = [];
  for (const entry of wire.tradingHours ?? []) {
    const day = DAYS.indexOf(entry.weekDay as (typeof DAYS)[number]);
    if (day < 0 || (entry.eventType !== 'SESSION_OPEN' && entry.eventType !== 'SESSION_CLOSE')) return { timeZone: profile.sessionTimeZone, events: week };
    const time = entry.time ?? fallback(entry.eventType);
    if (!TIME.test(time)) return { timeZone: profile.sessionTimeZone, events: week };
    events.push({ minute: minuteOf(entry.weekDay as (typeof DAYS)[number], time), open: entry.eventType === 'SESSION_OPEN' });
  }
  return { timeZone: profile.sessionTimeZone, events: (events.length === 0 ? week : events).sort((a, b) => a.minute - b.minute) };
}

function minuteOf(day: (typeof DAYS)[number], time: string): number {
  const [hours = 0, minutes = 0] = time.split(':').map(Number);
  return DAYS.indexOf(day) * 1440 + hours * 60 + minutes;
}

/** In session at `at`: the latest event at or before that minute of the week (wrapping to last week's) decides. */
export function inSession(schedule: DxSchedule, at: Timestamp): boolean {
  const { weekday, minute } = localWeekMinute(at, schedule.timeZone);
  const now = weekday * 1440 + minute;
  const last = [...schedule.events].reverse().find((e) => e.minute <= now) ?? schedule.events[schedule.events.length - 1];
  return last?.open ?? true;
}

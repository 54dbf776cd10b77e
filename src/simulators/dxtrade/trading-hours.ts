import type { Timestamp } from '../../core/clock';
import { localWeekMinute } from '../../core/portfolio/trading-day';

/** One entry of an Instrument's `tradingHours`: a session event on a weekday at a local time. */
export interface DxTradingHoursEvent {
  readonly weekDay: 'SUNDAY' | 'MONDAY' | 'TUESDAY' | 'WEDNESDAY' | 'THURSDAY' | 'FRIDAY' | 'SATURDAY';
  /** HH:MM in the broker's time zone (DX_SCHEDULE_ZONE). */
  readonly time: string;
  readonly eventType: 'SESSION_OPEN' | 'SESSION_CLOSE';
}

/**
 * FOREX.com states its FX hours in New York time (Sunday 17:00 to Friday 17:00 ET), which keeps one schedule
 * across daylight saving; the simulator writes and reads its instruments' hours in that zone.
 */
export const DX_SCHEDULE_ZONE = 'America/New_York';

const DAYS: readonly DxTradingHoursEvent['weekDay'][] = ['SUNDAY', 'MONDAY', 'TUESDAY', 'WEDNESDAY', 'THURSDAY', 'FRIDAY', 'SATURDAY'];

function weekMinute(event: DxTradingHoursEvent): number {
  const [hours = 0, minutes = 0] = event.time.split(':').map(Number);
  return DAYS.indexOf(event.weekDay) * 1440 + hours * 60 + minutes;
}

/**
 * Whether the schedule is in session at `at`: the latest event at or before that minute of the week (wrapping
 * into the previous week) decides. An empty schedule trades always.
 */
export function inSession(events: readonly DxTradingHoursEvent[], at: Timestamp): boolean {
  if (events.length === 0) return true;
  const { weekday, minute } = localWeekMinute(at, DX_SCHEDULE_ZONE);
  const now = weekday * 1440 + minute;
  const sorted = [...events].sort((a, b) => weekMinute(a) - weekMinute(b));
  const last = [...sorted].reverse().find((e) => weekMinute(e) <= now) ?? sorted[sorted.length - 1];
  return last?.eventType === 'SESSION_OPEN';
}

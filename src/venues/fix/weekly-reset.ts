/**
 * The weekly session reset: FX FIX sessions end at the weekly close (FXCM: Friday 21:00/22:00 UTC) and start
 * again with both sequence numbers at 1. Expressed in UTC: the day of the week (0 = Sunday) and a minute.
 */
export interface WeeklyReset {
  readonly dayOfWeek: number;
  readonly minuteUtc: number;
}

const WEEK_MS = 7 * 24 * 60 * 60 * 1000;

/** The latest reset instant at or before `now` (epoch ms). */
export function lastWeeklyResetBefore(now: number, reset: WeeklyReset): number {
  const date = new Date(now);
  const midnight = Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate());
  const candidate = midnight - (date.getUTCDay() - reset.dayOfWeek) * 24 * 60 * 60 * 1000 + reset.minuteUtc * 60 * 1000;
  return candidate > now ? candidate - WEEK_MS : candidate <= now - WEEK_MS ? candidate + WEEK_MS : candidate;
}

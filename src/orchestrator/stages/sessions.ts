import type { Timestamp } from '../../core';

/** A daily window in UTC, "HH:MM" to "HH:MM" (end exclusive; an end before the start wraps past midnight). */
export interface SessionWindow {
  readonly start: string;
  readonly end: string;
  /** ISO weekdays, 1 = Monday ... 7 = Sunday; absent: every day. */
  readonly days?: readonly number[];
}

const DAY_MS = 86_400_000;

function minutes(text: string, field: string): number {
  const match = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(text);
  if (match === null) throw new RangeError(`${field} must be HH:MM (00:00-23:59), found "${text}"`);
  return Number(match[1]) * 60 + Number(match[2]);
}

/** Validates windows once, at configuration time, so that a typo fails at start and not at 3 a.m. */
export function checkSessions(windows: readonly SessionWindow[], field: string): void {
  windows.forEach((window, index) => {
    minutes(window.start, `${field}[${index}].start`);
    minutes(window.end, `${field}[${index}].end`);
    for (const day of window.days ?? []) {
      if (!Number.isInteger(day) || day < 1 || day > 7)
        throw new RangeError(`${field}[${index}].days must hold 1 (Monday) to 7 (Sunday), found ${day}`);
    }
  });
}

/** True when `at` falls in one of the windows; an empty list means always open. */
export function inSession(windows: readonly SessionWindow[], at: Timestamp): boolean {
  if (windows.length === 0) return true;
  const minuteOfDay = Math.floor((((at % DAY_MS) + DAY_MS) % DAY_MS) / 60_000);
  const weekday = ((Math.floor(at / DAY_MS) + 3) % 7) + 1; // 1970-01-01 was a Thursday (ISO 4)
  return windows.some((window) => {
    const start = minutes(window.start, 'start');
    const end = minutes(window.end, 'end');
    const wraps = end <= start;
    const inside = wraps
      ? minuteOfDay >= start || minuteOfDay < end
      : minuteOfDay >= start && minuteOfDay < end;
    if (!inside) return false;
    if (window.days === undefined) return true;
    // A wrapped window belongs to the day it started on.
    const day = wraps && minuteOfDay < end ? ((weekday + 5) % 7) + 1 : weekday;
    return window.days.includes(day);
  });
}

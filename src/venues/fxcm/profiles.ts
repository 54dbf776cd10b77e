import type { WeeklyReset } from '../fix/weekly-reset';

/**
 * What differs between FXCM account kinds, in one place rather than conditions scattered through the adapter.
 * FXCM US accounts follow NFA rules: FIFO, no hedging, 50:1 on majors; FXCM quotes sizes in units (lots of
 * BASE_UNIT_SIZE, usually 1,000); FX trades from Sunday 21:00/22:00 to Friday 21:00/22:00 UTC.
 */
export interface FxcmProfile {
  readonly fifo: boolean;
  readonly hedging: boolean;
  /** Margin rate used for instruments (FXCM's FIX security list carries no margin requirement). */
  readonly marginRate: string;
  readonly lotUnits: 'units';
  readonly sessionHours: { readonly opensSundayUtc: string; readonly closesFridayUtc: string };
  /** The weekly close: the FIX session starts again with sequence numbers at 1 after it. */
  readonly weeklyReset: WeeklyReset;
}

const WEEKLY_CLOSE: WeeklyReset = { dayOfWeek: 5, minuteUtc: 21 * 60 };

export const FXCM_PROFILES: Readonly<Record<'us' | 'international', FxcmProfile>> = {
  us: { fifo: true, hedging: false, marginRate: '0.02', lotUnits: 'units', sessionHours: { opensSundayUtc: '21:00', closesFridayUtc: '21:00' }, weeklyReset: WEEKLY_CLOSE },
  international: { fifo: false, hedging: true, marginRate: '0.01', lotUnits: 'units', sessionHours: { opensSundayUtc: '21:00', closesFridayUtc: '21:00' }, weeklyReset: WEEKLY_CLOSE },
};

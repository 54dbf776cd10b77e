import type { VenueClientIdRule } from '../../core/identifiers';

/**
 * What TradeLocker does differently, in one place rather than as conditions through the adapter:
 * - sizes are lots on the wire (`qty`), units in the engine: units = lots × lotSize (100,000 for FX);
 * - US accounts (US FX compliance, as with OANDA): FIFO and no hedging (a netting account), at most 50:1
 *   leverage on majors; international accounts may hedge (each side its own position);
 * - FX trades from Sunday 22:00 to Friday 22:00 UTC (the instrument's trade session);
 * - the client id is `strategyId` (up to 31 characters), which TradeLocker does not hold unique: the adapter
 *   looks it up among orders and history after a lost answer, and keeps its own index of what it sent.
 */
export interface TradeLockerProfile {
  readonly name: 'international' | 'us';
  readonly quantityUnit: 'lots';
  readonly fifo: boolean;
  readonly hedging: boolean;
  /** Highest leverage the account may use (undefined: the broker's own). */
  readonly maxLeverage?: number;
  /** FX session in UTC: opens Sunday at `openHourUtc`, closes Friday at `closeHourUtc`. */
  readonly fxSession: { readonly openDay: 0; readonly openHourUtc: number; readonly closeDay: 5; readonly closeHourUtc: number };
}

export const TRADELOCKER_PROFILES: Readonly<Record<TradeLockerProfile['name'], TradeLockerProfile>> = {
  international: { name: 'international', quantityUnit: 'lots', fifo: false, hedging: true, fxSession: { openDay: 0, openHourUtc: 22, closeDay: 5, closeHourUtc: 22 } },
  us: { name: 'us', quantityUnit: 'lots', fifo: true, hedging: false, maxLeverage: 50, fxSession: { openDay: 0, openHourUtc: 22, closeDay: 5, closeHourUtc: 22 } },
};

/** strategyId: "Arbitrary string (up to 31 chars)". */
export const STRATEGY_ID_RULE: VenueClientIdRule = {
  pattern: /^[A-Za-z0-9._:-]{1,31}$/,
  maxLength: 31,
  alphabet: '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz',
};

/** Whether the FX session is open at `at` (ms since the epoch, UTC). */
export function fxSessionOpen(profile: TradeLockerProfile, at: number): boolean {
  const date = new Date(at);
  const day = date.getUTCDay();
  const hour = date.getUTCHours();
  if (day === 6) return false;
  if (day === profile.fxSession.closeDay) return hour < profile.fxSession.closeHourUtc;
  if (day === profile.fxSession.openDay) return hour >= profile.fxSession.openHourUtc;
  return true;
}

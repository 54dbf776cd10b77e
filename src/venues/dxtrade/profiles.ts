/**
 * What differs between DXtrade account kinds, in one place rather than conditions scattered through the
 * adapter. FOREX.com US accounts follow NFA rules: FIFO, no hedging (one net position per instrument),
 * 50:1 on majors and 20:1 on others; elsewhere DXtrade keeps each opening order as its own position
 * (hedging, `positionCode` per position). DXtrade sizes FX orders in units, never lots ("quantity: in units,
 * not in lots"); the Instrument entity's lotSize says how many units one lot is. FX trades from Sunday 17:00
 * to Friday 17:00 New York (22:00/21:00 UTC in winter/summer); the instruments' tradingHours carry the hours.
 */
export interface DxtradeProfile {
  readonly fifo: boolean;
  readonly hedging: boolean;
  /** Most leverage allowed: majors and other pairs. */
  readonly leverage: { readonly majors: number; readonly others: number };
  readonly sizeUnit: 'units';
  readonly sessionHours: { readonly opensSundayNewYork: string; readonly closesFridayNewYork: string };
  /** The zone the instruments' tradingHours times are read in (FOREX.com states its hours in New York time). */
  readonly sessionTimeZone: string;
}

export const DXTRADE_PROFILES: Readonly<Record<'us' | 'international', DxtradeProfile>> = {
  us: { fifo: true, hedging: false, leverage: { majors: 50, others: 20 }, sizeUnit: 'units', sessionHours: { opensSundayNewYork: '17:00', closesFridayNewYork: '17:00' }, sessionTimeZone: 'America/New_York' },
  international: { fifo: false, hedging: true, leverage: { majors: 30, others: 20 }, sizeUnit: 'units', sessionHours: { opensSundayNewYork: '17:00', closesFridayNewYork: '17:00' }, sessionTimeZone: 'America/New_York' },
};

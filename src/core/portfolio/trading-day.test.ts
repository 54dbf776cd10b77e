import { describe, expect, it } from 'vitest';
import {
  CRYPTO_TRADING_DAY,
  FX_TRADING_DAY,
  TradingCalendar,
  localWeekMinute,
  tradingDayAt,
  validateTradingDayRule,
} from './trading-day';

const utc = (text: string) => Date.parse(text);

describe('trading day', () => {
  it('ends at 17:00 New York in winter (22:00 UTC) and names the day by its end date', () => {
    expect(tradingDayAt(utc('2026-01-14T21:59:59.999Z'), FX_TRADING_DAY).key).toBe('2026-01-14');
    const next = tradingDayAt(utc('2026-01-14T22:00:00.000Z'), FX_TRADING_DAY);
    expect(next.key).toBe('2026-01-15');
    expect(new Date(next.start).toISOString()).toBe('2026-01-14T22:00:00.000Z');
    expect(new Date(next.end).toISOString()).toBe('2026-01-15T22:00:00.000Z');
  });

  it('ends at 17:00 New York in summer (21:00 UTC)', () => {
    expect(tradingDayAt(utc('2026-07-14T20:59:59.999Z'), FX_TRADING_DAY).key).toBe('2026-07-14');
    expect(tradingDayAt(utc('2026-07-14T21:00:00.000Z'), FX_TRADING_DAY).key).toBe('2026-07-15');
  });

  it('is 23 hours long across the spring-forward weekend and 25 across fall-back', () => {
    // US DST 2026: starts Sunday 8 March, ends Sunday 1 November.
    const spring = tradingDayAt(utc('2026-03-08T12:00:00Z'), FX_TRADING_DAY);
    expect(new Date(spring.start).toISOString()).toBe('2026-03-07T22:00:00.000Z'); // Saturday 17:00 EST
    expect(new Date(spring.end).toISOString()).toBe('2026-03-08T21:00:00.000Z'); // Sunday 17:00 EDT
    expect(spring.end - spring.start).toBe(23 * 3_600_000);
    const sunday = tradingDayAt(utc('2026-11-01T12:00:00Z'), FX_TRADING_DAY);
    expect(new Date(sunday.start).toISOString()).toBe('2026-10-31T21:00:00.000Z');
    expect(new Date(sunday.end).toISOString()).toBe('2026-11-01T22:00:00.000Z');
    expect(sunday.end - sunday.start).toBe(25 * 3_600_000);
  });

  it('is the UTC calendar day for crypto', () => {
    const day = tradingDayAt(utc('2026-03-08T23:59:59Z'), CRYPTO_TRADING_DAY);
    expect(day.key).toBe('2026-03-08');
    expect(new Date(day.start).toISOString()).toBe('2026-03-08T00:00:00.000Z');
    expect(tradingDayAt(utc('2026-03-09T00:00:00Z'), CRYPTO_TRADING_DAY).key).toBe('2026-03-09');
  });

  it('caches the day in a calendar and moves on at the boundary', () => {
    const calendar = new TradingCalendar(FX_TRADING_DAY);
    expect(calendar.dayAt(utc('2026-07-14T20:00:00Z')).key).toBe('2026-07-14');
    expect(calendar.dayAt(utc('2026-07-14T20:59:59Z')).key).toBe('2026-07-14');
    expect(calendar.dayAt(utc('2026-07-14T21:00:00Z')).key).toBe('2026-07-15');
  });

  it('refuses a bad zone or time naming the field', () => {
    expect(() => validateTradingDayRule({ timeZone: 'Mars/Olympus', endsAt: '17:00' })).toThrow(
      /tradingDay.timeZone/,
    );
    expect(() => validateTradingDayRule({ timeZone: 'UTC', endsAt: '25:00' })).toThrow(/tradingDay.endsAt/);
  });

  it('gives the local weekday and minute', () => {
    expect(localWeekMinute(utc('2026-01-04T22:00:00Z'), 'America/New_York')).toEqual({
      weekday: 0,
      minute: 17 * 60,
    });
  });
});

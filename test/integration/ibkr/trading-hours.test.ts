import { describe, expect, it } from 'vitest';
import { ClientOrderId, InstrumentId, Price, Quantity, type OrderRequest } from '../../../src/core';
import { statusAt } from '../../../src/venues/ibkr/instruments';
import { zonedDay, zonedToUtc, zoneOffsetMs } from '../../../src/shared/time-zone';
import { startEngineRig, type IbkrEngineRig } from './engine-harness';

const AAPL = InstrumentId.parse('AAPL.IBKR');
const EXTENDED = (day: string) => `${day}:0400-${day}:2000`;
const HOUR = 3_600_000;

describe('trading hours in the contract time zone (DST-correct)', () => {
  it('reads US/Eastern wall times with the offset of the day: -5 h in winter, -4 h in summer, across both 2027 changes', () => {
    expect(zoneOffsetMs(Date.UTC(2027, 2, 12, 12), 'US/Eastern')).toBe(-5 * HOUR);
    expect(zoneOffsetMs(Date.UTC(2027, 2, 15, 12), 'US/Eastern')).toBe(-4 * HOUR);
    expect(zoneOffsetMs(Date.UTC(2027, 10, 8, 12), 'US/Eastern')).toBe(-5 * HOUR);
    expect(zonedToUtc('20270312', '0930', 'US/Eastern')).toBe(Date.UTC(2027, 2, 12, 14, 30));
    expect(zonedToUtc('20270315', '0930', 'US/Eastern')).toBe(Date.UTC(2027, 2, 15, 13, 30));
    // 02:30 does not exist on 14 March 2027 (clocks jump 02:00 → 03:00): read as 03:30 EDT, the instant after the gap.
    expect(zonedToUtc('20270314', '0230', 'US/Eastern')).toBe(Date.UTC(2027, 2, 14, 7, 30));
    // 01:30 happens twice on 7 November 2027: the first (daylight) one.
    expect(zonedToUtc('20271107', '0130', 'US/Eastern')).toBe(Date.UTC(2027, 10, 7, 5, 30));
    expect(zonedDay(Date.UTC(2027, 2, 16, 3, 30), 'US/Eastern')).toBe('20270315');
    expect(zonedToUtc('20270315', '0900', 'Europe/London')).toBe(Date.UTC(2027, 2, 15, 9, 0));
  });

  it('statusAt: 08:30 UTC is before the 04:00 open in winter (03:30 EST) and after it in summer (04:30 EDT)', () => {
    const hours = ['20270312', '20270315'].map(EXTENDED).join(';');
    expect(statusAt(hours, 'US/Eastern', Date.UTC(2027, 2, 12, 8, 30))).toBe('closed');
    expect(statusAt(hours, 'US/Eastern', Date.UTC(2027, 2, 15, 8, 30))).toBe('trading');
    // Autumn: 00:30 UTC on Friday 5 November is Thursday 20:30 EDT, after the close; the same UTC time on 9 November is 19:30 EST, open.
    const autumn = ['20271104', '20271108'].map(EXTENDED).join(';');
    expect(statusAt(autumn, 'US/Eastern', Date.UTC(2027, 10, 5, 0, 30))).toBe('closed');
    expect(statusAt(autumn, 'US/Eastern', Date.UTC(2027, 10, 9, 0, 30))).toBe('trading');
    expect(statusAt('20270313:CLOSED;20270315:0400-20270315:2000', 'US/Eastern', Date.UTC(2027, 2, 13, 15))).toBe('closed');
  });

  it('statusAt refuses a timeZoneId the tz database does not know, naming the field', () => {
    expect(() => statusAt(EXTENDED('20270315'), 'Mars/Olympus', Date.UTC(2027, 2, 15, 12))).toThrow(/timeZoneId 'Mars\/Olympus'/);
  });
});

describe('trading hours through the engine, on the simulator clock moved across the March 2027 change', () => {
  async function rigAt(at: number): Promise<IbkrEngineRig> {
    return startEngineRig({ sim: { tradingHours: 'regular' }, beforeConnect: (pair) => pair.sim.clock.advance(at - pair.sim.clock.now()) });
  }

  const limit = (rig: IbkrEngineRig, id: string): OrderRequest => ({
    clientOrderId: ClientOrderId.parse(id), accountId: rig.pair.accountId, instrumentId: AAPL, side: 'buy', type: 'limit',
    quantity: Quantity.parse('1'), price: Price.parse('180.00'), timeInForce: 'GTC', postOnly: false, reduceOnly: false, outsideRth: true,
  });

  it('Friday 12 March 08:30 UTC (03:30 EST): AAPL is closed and the engine denies the order', async () => {
    const rig = await rigAt(Date.UTC(2027, 2, 12, 8, 30));
    try {
      expect(rig.engine.instruments().find((i) => i.id === AAPL)?.status).toBe('closed');
      const outcome = await rig.engine.submit(limit(rig, 'hours-winter'), 'hours-test');
      expect(outcome.status).toBe('denied');
      if (outcome.status === 'denied') expect(outcome.denial.code).toBe('RISK_INSTRUMENT_NOT_TRADING');
      await rig.matches();
    } finally {
      await rig.close();
    }
  }, 60_000);

  it('Monday 15 March 08:30 UTC (04:30 EDT, a fixed UTC-5 would say 03:30): AAPL trades and the order rests at TWS', async () => {
    const rig = await rigAt(Date.UTC(2027, 2, 15, 8, 30));
    try {
      expect(rig.engine.instruments().find((i) => i.id === AAPL)?.status).toBe('trading');
      const outcome = await rig.engine.submit(limit(rig, 'hours-summer'), 'hours-test');
      expect(outcome.status, outcome.status === 'denied' ? outcome.denial.reason : '').toBe('accepted');
      const venue = await rig.matches();
      expect(venue.openOrders.map((o) => o.venueClientOrderId)).toContain('hours-summer');
    } finally {
      await rig.close();
    }
  }, 60_000);
});

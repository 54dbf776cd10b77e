import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { InstrumentId, isTmtError, ManualClock, Price, type EngineEvent } from '../../core';
import { InProcessBus } from '../../engine/bus/in-process-bus';
import { EventLog } from './event-log';

const alert = (n: number): EngineEvent => ({
  type: 'AlertRaised',
  alertId: `a${n}`,
  kind: 'drift',
  severity: 'info',
  message: String(n),
  details: {},
  occurredAt: n,
});
const quote = (n: number): EngineEvent => ({
  type: 'QuoteTick',
  instrumentId: InstrumentId.parse('EUR_USD.PAPER'),
  bid: Price.parse('1.1'),
  ask: Price.parse('1.2'),
  occurredAt: n,
  recordedAt: n,
});
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

function expiredError(run: () => unknown): boolean {
  try {
    run();
    return false;
  } catch (error) {
    return isTmtError(error, 'API_CURSOR_EXPIRED');
  }
}

describe('EventLog', () => {
  it('replays exactly the events after a cursor, or refuses with API_CURSOR_EXPIRED when a tier it needs lost some', () => {
    const cases = { history: 0, market: 0, filteredThroughFlood: 0, replayed: 0 };
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 30 }),
        fc.array(fc.record({ market: fc.boolean(), gapHours: fc.integer({ min: 0, max: 60 }) }), { maxLength: 150 }),
        fc.nat(),
        (marketRetention, script, pick) => {
          const bus = new InProcessBus();
          const clock = new ManualClock();
          const log = new EventLog(bus, { marketDataRetention: marketRetention, historyRetentionMs: 7 * DAY, clock });
          const published: { cursor: number; market: boolean; at: number }[] = [];
          script.forEach((step, i) => {
            clock.advance(step.gapHours * HOUR);
            bus.publish(step.market ? quote(i) : alert(i));
            published.push({ cursor: i + 1, market: step.market, at: clock.now() });
          });
          const cursor = pick % (published.length + 2);
          const after = published.filter((p) => p.cursor > cursor);
          const now = clock.now();
          // What each tier must still hold: the last `marketRetention` market events; history for 7 days.
          const market = published.filter((p) => p.market);
          const marketLost = market.slice(0, Math.max(0, market.length - marketRetention)).some((p) => p.cursor > cursor);
          const historyLost = published.some((p) => !p.market && p.cursor > cursor && p.at < now - 7 * DAY);

          if (marketLost || historyLost) {
            expect(expiredError(() => log.after(cursor))).toBe(true);
            if (marketLost) cases.market++;
            if (historyLost) cases.history++;
          } else {
            expect(log.after(cursor).map((e) => e.cursor)).toEqual(after.map((p) => p.cursor));
            cases.replayed++;
          }
          const alerts = new Set(['AlertRaised']);
          if (historyLost) expect(expiredError(() => log.after(cursor, undefined, alerts))).toBe(true);
          else {
            // History resumes whatever market data went by in between.
            const got = log.after(cursor, undefined, alerts).map((e) => e.cursor);
            expect(got).toEqual(after.filter((p) => !p.market).map((p) => p.cursor));
            if (marketLost) cases.filteredThroughFlood++;
          }
        },
      ),
      { numRuns: 300 },
    );
    // Each outcome occurred, so no branch above passed vacuously.
    for (const [name, count] of Object.entries(cases)) expect(count, name).toBeGreaterThan(0);
  });

  it('keeps fills for a day offline while a flood of market data turns over the short buffer', () => {
    const bus = new InProcessBus();
    const clock = new ManualClock();
    const log = new EventLog(bus, { marketDataRetention: 100, historyRetentionMs: 7 * DAY, clock });
    bus.publish(alert(0));
    const cursor = log.head;
    for (let i = 1; i <= 10_000; i++) {
      if (i % 1000 === 0) bus.publish(alert(i));
      bus.publish(quote(i));
      clock.advance(9); // 10,000 quotes over a day
    }
    clock.advance(DAY);
    expect(expiredError(() => log.after(cursor))).toBe(true);
    const fills = log.after(cursor, undefined, new Set(['AlertRaised']));
    expect(fills.map((e) => (e.event.type === 'AlertRaised' ? e.event.alertId : ''))).toEqual(
      Array.from({ length: 10 }, (_, i) => `a${(i + 1) * 1000}`),
    );
    clock.advance(7 * DAY);
    expect(expiredError(() => log.after(cursor, undefined, new Set(['AlertRaised'])))).toBe(true);
  });

  it('recent(n) gives the newest n across both tiers and a listener sees every new event once', () => {
    const bus = new InProcessBus();
    const log = new EventLog(bus, { marketDataRetention: 5, historyRetentionMs: DAY, clock: new ManualClock() });
    const seen: number[] = [];
    log.listen((e) => seen.push(e.cursor));
    for (let i = 1; i <= 25; i++) bus.publish(i % 2 === 0 ? alert(i) : quote(i));
    expect(log.recent(3).map((e) => e.cursor)).toEqual([23, 24, 25]);
    // 12 alerts (2..24) all kept; of the 13 quotes only the last 5 (17..25).
    expect(log.recent(100).map((e) => e.cursor)).toEqual([2, 4, 6, 8, 10, 12, 14, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25]);
    expect(log.recent(2, new Set(['AlertRaised'])).map((e) => e.cursor)).toEqual([22, 24]);
    expect(seen).toEqual(Array.from({ length: 25 }, (_, i) => i + 1));
  });
});

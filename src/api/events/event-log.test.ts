import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { isTmtError, type EngineEvent } from '../../core';
import { InProcessBus } from '../../engine/bus/in-process-bus';
import { EventLog } from './event-log';

const event = (n: number): EngineEvent => ({
  type: 'AlertRaised',
  alertId: `a${n}`,
  kind: 'drift',
  severity: 'info',
  message: String(n),
  details: {},
  occurredAt: n,
});

describe('EventLog', () => {
  it('returns exactly the events after a cursor, in order, or API_CURSOR_EXPIRED once they left the window', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 50 }),
        fc.integer({ min: 0, max: 200 }),
        fc.nat(),
        (retention, published, pick) => {
          const bus = new InProcessBus();
          const log = new EventLog(bus, retention);
          for (let i = 1; i <= published; i++) bus.publish(event(i));
          expect(log.head).toBe(published);
          const cursor = pick % (published + 2);
          const missedSome = cursor + 1 < log.oldest && cursor < published;
          if (missedSome) {
            let thrown: unknown;
            try {
              log.after(cursor);
            } catch (error) {
              thrown = error;
            }
            expect(isTmtError(thrown, 'API_CURSOR_EXPIRED')).toBe(true);
            return;
          }
          const got = log.after(cursor).map((e) => e.cursor);
          const expected = Array.from({ length: Math.max(0, published - cursor) }, (_, i) => cursor + 1 + i);
          expect(got).toEqual(expected);
          expect(
            log.after(cursor).map((e) => (e.event.type === 'AlertRaised' ? e.event.alertId : '')),
          ).toEqual(expected.map((n) => `a${n}`));
        },
      ),
    );
  });

  it('recent(n) gives the newest n within the window and a listener sees every new event once', () => {
    const bus = new InProcessBus();
    const log = new EventLog(bus, 10);
    const seen: number[] = [];
    log.listen((e) => seen.push(e.cursor));
    for (let i = 1; i <= 25; i++) bus.publish(event(i));
    expect(log.recent(3).map((e) => e.cursor)).toEqual([23, 24, 25]);
    expect(log.recent(100).map((e) => e.cursor)).toEqual([16, 17, 18, 19, 20, 21, 22, 23, 24, 25]);
    expect(seen).toEqual(Array.from({ length: 25 }, (_, i) => i + 1));
  });
});

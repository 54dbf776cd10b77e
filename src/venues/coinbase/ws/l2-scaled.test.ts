import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { scaleUpdates } from './book';
import { scanLevel2, scanScaledLevel2, type ScaledL2 } from './l2-scan';

const decimal = fc.tuple(fc.nat(99999), fc.integer({ min: 0, max: 8 }), fc.nat(99999999)).map(([i, d, f]) => (d === 0 ? String(i) : `${i}.${String(f % 10 ** d).padStart(d, '0')}`));
const update = fc.record({ side: fc.constantFrom('bid', 'offer'), event_time: fc.constant('2023-02-09T20:32:50.714964855Z'), price_level: decimal, new_quantity: fc.oneof(decimal, fc.constant('0')) });

describe('coinbase level2 in scaled integers', () => {
  it('the scaled scan reads the same levels as the string scan, split by side, exactly', () => {
    fc.assert(
      fc.property(fc.nat(1_000_000), fc.array(update, { maxLength: 40 }), (sequence, updates) => {
        const text = JSON.stringify({ channel: 'l2_data', client_id: '', timestamp: '2023-02-09T20:32:50.714964855Z', sequence_num: sequence, events: [{ type: 'update', product_id: 'BTC-USD', updates }] });
        const scaled = scanScaledLevel2(text);
        const strings = scanLevel2(text);
        expect(scaled?.sequence_num).toBe(sequence);
        const got = scaled?.events[0]?.['scaled'] as ScaledL2;
        const want = scaleUpdates((strings?.events[0] as { updates: never[] }).updates) as ScaledL2;
        expect(Array.from(got.bids)).toEqual(Array.from(want.bids));
        expect(Array.from(got.asks)).toEqual(Array.from(want.asks));
      }),
    );
    expect(scanScaledLevel2('{"channel":"l2_data","timestamp":"t","sequence_num":1,"events":[{"type":"update","product_id":"X","updates":[{"side":"bid","price_level":"1e5","new_quantity":"1"}]}]}')).toBeUndefined();
  });
});

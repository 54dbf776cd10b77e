import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { TransactionSequencer } from './transaction-sequencer';

describe('TransactionSequencer', () => {
  it('applies every transaction exactly once and in id order, whatever duplicates, reordering and losses the stream has', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 40 }),
        fc.array(fc.tuple(fc.integer({ min: 1, max: 40 }), fc.boolean()), { maxLength: 80 }),
        async (count, noise) => {
          const venue = Array.from({ length: count }, (_, i) => ({ id: String(i + 11) }));
          const applied: string[] = [];
          const sequencer = new TransactionSequencer<{ id: string }>('10', async (since) => venue.filter((t) => BigInt(t.id) > BigInt(since)), (t) => applied.push(t.id));
          // The stream: some lines lost, some duplicated, in a shuffled order.
          for (const [index, duplicate] of noise) {
            const transaction = venue[(index - 1) % count];
            if (transaction === undefined) continue;
            sequencer.offer(transaction);
            if (duplicate) sequencer.offer(transaction);
          }
          sequencer.offerHeartbeat(String(10 + count));
          await sequencer.catchUp();
          expect(applied).toEqual(venue.map((t) => t.id));
        },
      ),
    );
  });

  it('drops a line at or below the last applied id as a duplicate', () => {
    const applied: string[] = [];
    const sequencer = new TransactionSequencer<{ id: string }>('5', async () => [], (t) => applied.push(t.id));
    sequencer.offer({ id: '6' });
    sequencer.offer({ id: '6' });
    sequencer.offer({ id: '4' });
    expect(applied).toEqual(['6']);
    expect(sequencer.duplicates).toBe(2);
  });
});

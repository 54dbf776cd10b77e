import { describe, expect, it } from 'vitest';

import { isTmtError, type FinishedOrderRecord, type OrderHistoryStore, type Store } from '../../src/core';
import type { StoreHarness } from './store-contract';

const T0 = 1_767_614_400_000;

/** A finished order with `fills` fills; accounts alternate, and every third order is tagged. */
function record(ordinal: number, fills = 1, status = 'filled'): FinishedOrderRecord {
  const clientOrderId = `order-${ordinal}`;
  return {
    clientOrderId,
    accountId: ordinal % 2 === 0 ? 'acc-even' : 'acc-odd',
    instrumentId: ordinal % 3 === 0 ? 'EUR_USD' : 'BTC_USDT',
    ...(ordinal % 3 === 0 ? { tag: 'momentum' } : {}),
    status,
    ordinal,
    venue: 'paper',
    emulated: ordinal % 5 === 0,
    venueIds: [`v-${ordinal}`, `vc-${ordinal}`],
    events: JSON.stringify([{ type: 'OrderInitialized', n: ordinal, note: 'ünïcødé ✓' }]),
    fills: Array.from({ length: fills }, (_, index) => ({
      index,
      occurredAt: T0 + ordinal * 10 + index,
      report: JSON.stringify({ ordinal, index }),
      booking: JSON.stringify({ tradeId: `t-${ordinal}-${index}` }),
    })),
  };
}

/**
 * Finished orders (issue 9, ask 5): the store part of "memory follows live state". Every implementation
 * answers the same queries in the same order, so the engine's merged views do not depend on the store.
 */
export function runStoreHistoryContract(harness: () => StoreHarness): void {
  describe('order history (finished orders)', () => {
    const withHistory = async (run: (history: OrderHistoryStore, store: Store) => Promise<void>) => {
      const store = await harness().open();
      try {
        const history = store.orderHistory;
        expect(history, 'the store offers orderHistory').toBeDefined();
        await run(history as OrderHistoryStore, store);
      } finally {
        await store.close();
      }
    };

    it('saves, reads back exactly, upserts, and survives reopen', async () => {
      await withHistory(async (history) => {
        expect(await history.lastOrdinal()).toBe(-1);
        await history.save([record(1, 2), record(2, 0, 'canceled')]);
        await history.save([record(1, 3, 'filled')]); // a late fill rewrites the order whole
      });
      await withHistory(async (history) => {
        expect(await history.get('order-1')).toEqual(record(1, 3));
        expect(await history.get('order-2')).toEqual(record(2, 0, 'canceled'));
        expect(await history.get('nope')).toBeUndefined();
        expect(await history.byVenueId('vc-2')).toEqual(record(2, 0, 'canceled'));
        expect(await history.count()).toBe(2);
        expect(await history.lastOrdinal()).toBe(2);
        if (history.sync !== undefined) expect(history.sync.get('order-1')).toEqual(record(1, 3));
      });
    });

    it('lists orders newest first, filtered by account, instrument, tag and status, with a limit', async () => {
      await withHistory(async (history) => {
        await history.save(
          Array.from({ length: 12 }, (_, i) => record(i, 1, i % 4 === 0 ? 'rejected' : 'filled')),
        );
        const ids = (records: readonly FinishedOrderRecord[]) => records.map((r) => r.ordinal);
        expect(ids(await history.query({ limit: 5 }))).toEqual([11, 10, 9, 8, 7]);
        expect(ids(await history.query({ accountId: 'acc-even', limit: 100 }))).toEqual([10, 8, 6, 4, 2, 0]);
        expect(ids(await history.query({ instrumentId: 'EUR_USD', tag: 'momentum', limit: 100 }))).toEqual([
          9, 6, 3, 0,
        ]);
        expect(ids(await history.query({ statuses: ['rejected'], limit: 100 }))).toEqual([8, 4, 0]);
        expect(ids(await history.query({ statuses: [], limit: 100 }))).toEqual([]);
        expect(ids(await history.query({ beforeOrdinal: 3, limit: 100 }))).toEqual([2, 1, 0]);
        if (history.sync !== undefined)
          expect([...history.sync.query({ accountId: 'acc-odd' })].map((r) => r.ordinal)).toEqual([
            11, 9, 7, 5, 3, 1,
          ]);
      });
    });

    it('lists fills newest first, ties in creation order, and re-booking order by ordinal', async () => {
      await withHistory(async (history) => {
        // Order 3's fills share their times with order 2's: the tie goes to the older order first.
        const tied = { ...record(3, 2), fills: record(2, 2).fills };
        await history.save([record(1, 1), record(2, 2), tied]);
        const keys = (fills: readonly { ordinal: number; index: number }[]) =>
          fills.map((f) => `${f.ordinal}.${f.index}`);
        expect(keys(await history.fills({ limit: 10 }))).toEqual(['2.1', '3.1', '2.0', '3.0', '1.0']);
        expect(keys(await history.fills({ clientOrderId: 'order-3', limit: 10 }))).toEqual(['3.1', '3.0']);
        expect(keys(await history.fills({ after: T0 + 20, limit: 10 }))).toEqual(['2.1', '3.1']);
        expect(keys(await history.fills({ accountId: 'acc-odd', limit: 2 }))).toEqual(['3.1', '3.0']);
        expect(keys(await history.bookings(1, 4, 10))).toEqual(['2.0', '2.1', '3.0', '3.1']);
        expect((await history.fills({ limit: 1 }))[0]).toMatchObject({
          clientOrderId: 'order-2',
          booking: expect.any(String),
        });
        if (history.sync !== undefined)
          expect(keys([...history.sync.bookings(3)])).toEqual(['1.0', '2.0', '2.1']);
      });
    });

    it('refuses a bad record whole, naming the field and the rule', async () => {
      await withHistory(async (history) => {
        const bad = { ...record(2), accountId: '' };
        const error = await history.save([record(1), bad]).then(
          () => undefined,
          (caught: unknown) => caught,
        );
        expect(isTmtError(error)).toBe(true);
        expect(error).toMatchObject({ code: 'STORE_INVALID_ENTRY', field: 'records[1].accountId' });
        expect(await history.count()).toBe(0);
        await expect(history.query({ limit: 0 })).rejects.toMatchObject({
          code: 'STORE_INVALID_ENTRY',
          field: 'limit',
        });
      });
    });
  });
}

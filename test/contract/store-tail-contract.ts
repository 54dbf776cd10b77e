import { describe, expect, it } from 'vitest';

import { encodeExact, isTmtError, type JournalEntryInput, type Store } from '../../src/core';
import type { StoreHarness } from './store-contract';

const T0 = 1_767_614_400_000;
const entry = (n: number): JournalEntryInput => ({
  type: 'OrderAccepted',
  stream: 'acc-1',
  payload: encodeExact({ n, note: 'tail' }),
  recordedAt: T0 + n,
});

async function openError(promise: Promise<Store>): Promise<{ code: string; sequence: string | undefined }> {
  const error = await promise.then(
    async (store) => {
      await store.close();
      return undefined;
    },
    (caught: unknown) => caught,
  );
  expect(isTmtError(error), `expected the open to fail, got ${String(error)}`).toBe(true);
  const { code, details } = error as { code: string; details: Record<string, string> };
  return { code, sequence: details.sequence };
}

/**
 * Start-up O(tail) (issue 9, ask 4): the open walks the chain only from the newest valid snapshot's verified
 * position; damage after it still stops the open, damage before it is found by the full walk (`verify`,
 * which `tmt journal verify` runs). Part of the store contract: every implementation runs it.
 */
export function runStoreTailContract(harness: () => StoreHarness): void {
  describe('integrity at open after a snapshot (O(tail))', () => {
    /** 60 records, one per transaction, with snapshots at 30 and 50; the store is closed afterwards. */
    const seed = async (): Promise<void> => {
      const store = await harness().open();
      for (let n = 1; n <= 60; n++) await store.journal.append([entry(n)]);
      await store.journal.saveSnapshot({ sequence: 30, state: encodeExact({ at: 30 }), createdAt: T0 });
      await store.journal.saveSnapshot({ sequence: 50, state: encodeExact({ at: 50 }), createdAt: T0 });
      await store.close();
    };

    it('walks only the records from the snapshot on, and says where it started', async () => {
      await seed();
      const store = await harness().open();
      try {
        // The snapshot's own record (50) is re-checked, then the ten after it.
        expect(store.openReport).toEqual({ ok: true, checked: 11, lastSequence: 60, verifiedFrom: 49 });
        const full = await store.journal.verify();
        expect(full).toEqual({ ok: true, checked: 60, lastSequence: 60 });
      } finally {
        await store.close();
      }
    });

    it('a byte changed in the tail still stops the open, naming its sequence', async () => {
      await seed();
      await harness().tamper.flipPayloadByte(55);
      expect(await openError(harness().open())).toEqual({ code: 'STORE_CHECKSUM_MISMATCH', sequence: '55' });
    });

    it('a byte changed in the record the snapshot covers stops the open', async () => {
      await seed();
      await harness().tamper.flipPayloadByte(50);
      expect(await openError(harness().open())).toEqual({ code: 'STORE_CHECKSUM_MISMATCH', sequence: '50' });
    });

    it('a record deleted from the tail stops the open with a gap', async () => {
      await seed();
      await harness().tamper.deleteRecord(57);
      expect(await openError(harness().open())).toEqual({ code: 'STORE_SEQUENCE_GAP', sequence: '57' });
    });

    it('a torn final record after the snapshot is quarantined as before', async () => {
      await seed();
      await harness().tamper.tearFinalRecord();
      const store = await harness().open();
      try {
        expect(store.openReport).toMatchObject({
          ok: true,
          lastSequence: 59,
          verifiedFrom: 49,
          recoveredTornWrite: { sequence: 60, count: 1 },
        });
      } finally {
        await store.close();
      }
    });

    it('damage before the snapshot is not walked at open, and the full walk finds it', async () => {
      await seed();
      await harness().tamper.flipPayloadByte(20);
      const store = await harness().open();
      try {
        expect(store.openReport).toMatchObject({ ok: true, checked: 11, verifiedFrom: 49 });
        expect(await store.journal.verify()).toMatchObject({
          ok: false,
          checked: 19,
          problem: { code: 'STORE_CHECKSUM_MISMATCH', sequence: 20 },
        });
      } finally {
        await store.close();
      }
    });

    it('a record deleted before the snapshot is found by the full walk as a gap', async () => {
      await seed();
      await harness().tamper.deleteRecord(12);
      const store = await harness().open();
      try {
        expect(store.openReport.ok).toBe(true);
        expect((await store.journal.verify()).problem).toMatchObject({
          code: 'STORE_SEQUENCE_GAP',
          sequence: 12,
        });
      } finally {
        await store.close();
      }
    });
  });
}

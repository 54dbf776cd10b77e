import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import {
  Decimal,
  decodeExact,
  encodeExact,
  isTmtError,
  type Durability,
  type JournalEntryInput,
  type Store,
} from '../../src/core';
import { chainChecksum, GENESIS_CHECKSUM } from '../../src/store';
import { runStoreHistoryContract } from './store-history-contract';
import { runStoreTailContract } from './store-tail-contract';

/**
 * The shared contract of the store port (JournalStore, DeadLetterStore, KeyValueStore). Every implementation
 * (SQLite, PostgreSQL...) runs it: `runStoreContract('sqlite', async () => harness)`, one fresh, empty
 * location per test. `tamper` edits the stored data behind the store's back, as a bad disk or a person with a
 * database shell would; it is called only while the store is closed.
 */
export interface StoreTamper {
  /** Flips one bit of one byte in the middle of the record's payload. */
  flipPayloadByte(sequence: number): Promise<void>;
  deleteRecord(sequence: number): Promise<void>;
  /** The two records change places in storage order (each keeps its own content and sequence number). */
  swapRecords(first: number, second: number): Promise<void>;
  /** The last record's payload is cut short, as a crash in the middle of writing it would leave it. */
  tearFinalRecord(): Promise<void>;
  /** The last record loses its commit-end marker: its transaction stopped before its end. */
  dropFinalCommitEnd(): Promise<void>;
}

export interface StoreHarness {
  /** Opens the store at this harness's location (the same data each time). */
  open(options?: { readonly durability?: Durability }): Promise<Store>;
  readonly tamper: StoreTamper;
  /** Removes the location. */
  dispose(): Promise<void>;
}

export type StoreFactory = () => Promise<StoreHarness>;

const T0 = 1_767_614_400_000;
const entry = (n: number, stream = 'acc-1'): JournalEntryInput => ({
  type: n % 2 === 0 ? 'OrderAccepted' : 'CommandSubmitOrder',
  stream,
  payload: encodeExact({ n, price: Decimal.parse('1.08345'), note: 'ünïcødé ✓' }),
  recordedAt: T0 + n,
});
const entries = (from: number, count: number): JournalEntryInput[] =>
  Array.from({ length: count }, (_, i) => entry(from + i));

async function expectCode(promise: Promise<unknown>, code: string, sequence?: number): Promise<void> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(isTmtError(error), `expected a TmtError ${code}, got ${String(error)}`).toBe(true);
  expect((error as { code: string }).code).toBe(code);
  if (sequence !== undefined) {
    expect((error as { details: Record<string, string> }).details.sequence).toBe(String(sequence));
    expect((error as Error).message).toContain(`sequence ${sequence}`);
  }
}

export function runStoreContract(name: string, factory: StoreFactory): void {
  describe(`store contract: ${name}`, () => {
    let harness: StoreHarness;
    let store: Store | undefined;
    const open = async (durability: Durability = 'process'): Promise<Store> => {
      store = await harness.open({ durability });
      return store;
    };
    const reopen = async (durability: Durability = 'process'): Promise<Store> => {
      await store?.close();
      return open(durability);
    };

    beforeEach(async () => {
      harness = await factory();
      store = undefined;
    });
    afterEach(async () => {
      await store?.close();
      await harness.dispose();
    });

    for (const durability of ['process', 'power'] as const) {
      describe(`journal (${durability})`, () => {
        it('appends with sequences from 1 and checksums chained from the genesis value', async () => {
          const { journal } = await open(durability);
          expect(journal.durability).toBe(durability);
          const written = await journal.append(entries(1, 3));
          expect(written.map((e) => e.sequence)).toEqual([1, 2, 3]);
          let previous = GENESIS_CHECKSUM;
          for (const record of written) {
            expect(record.checksum).toBe(chainChecksum(record, previous));
            previous = record.checksum;
          }
          expect(await journal.lastSequence()).toBe(3);
        });

        it('keeps each concurrent batch whole and contiguous, and every sequence once', async () => {
          const { journal } = await open(durability);
          const results = await Promise.all(
            Array.from({ length: 40 }, (_, i) => journal.append(entries(i * 3 + 1, 3))),
          );
          for (const batch of results) {
            expect(batch.map((e) => e.sequence)).toEqual([0, 1, 2].map((k) => (batch[0]?.sequence ?? 0) + k));
          }
          const all = results
            .flat()
            .map((e) => e.sequence)
            .sort((a, b) => a - b);
          expect(all).toEqual(Array.from({ length: 120 }, (_, i) => i + 1));
          expect((await journal.verify()).ok).toBe(true);
        });

        it('writes nothing of a batch that holds one invalid entry', async () => {
          const { journal } = await open(durability);
          await journal.append(entries(1, 2));
          const bad = [entry(3), { ...entry(4), type: '' }];
          await expectCode(journal.append(bad), 'STORE_INVALID_ENTRY');
          await expectCode(
            journal.append([entry(3), { ...entry(4), payload: '{"x":"\ud800"}' }]),
            'STORE_INVALID_ENTRY',
          );
          expect(await journal.lastSequence()).toBe(2);
          expect((await journal.read(0, 100)).length).toBe(2);
        });
      });
    }

    describe('journal', () => {
      it('reads after a sequence, oldest first, in pages, with payloads exact', async () => {
        const { journal } = await open();
        await journal.append(entries(1, 10));
        const page = await journal.read(3, 4);
        expect(page.map((e) => e.sequence)).toEqual([4, 5, 6, 7]);
        expect(page[0]?.type).toBe('OrderAccepted');
        expect(page[0]?.stream).toBe('acc-1');
        expect(page[0]?.recordedAt).toBe(T0 + 4);
        const decoded = decodeExact<{ n: number; price: Decimal; note: string }>(page[0]?.payload ?? '');
        expect(decoded.price.toString()).toBe('1.08345');
        expect(decoded.note).toBe('ünïcødé ✓');
        expect(await journal.read(10, 5)).toEqual([]);
        expect((await journal.read(8, 100)).map((e) => e.sequence)).toEqual([9, 10]);
      });

      it('appending nothing writes nothing', async () => {
        const { journal } = await open();
        expect(await journal.append([])).toEqual([]);
        expect(await journal.lastSequence()).toBe(0);
      });

      it('keeps every record across close and reopen, and continues the chain', async () => {
        let { journal } = await open();
        const first = await journal.append(entries(1, 5));
        ({ journal } = await reopen());
        expect(await journal.lastSequence()).toBe(5);
        expect(await journal.read(0, 10)).toEqual(first);
        const [next] = await journal.append([entry(6)]);
        expect(next?.sequence).toBe(6);
        if (next !== undefined) expect(next.checksum).toBe(chainChecksum(next, first[4]?.checksum ?? ''));
        expect(await journal.verify()).toMatchObject({ ok: true, checked: 6, lastSequence: 6 });
      });

      it('verifies an empty and a clean journal as ok', async () => {
        const { journal } = await open();
        expect(await journal.verify()).toMatchObject({ ok: true, checked: 0, lastSequence: 0 });
        await journal.append(entries(1, 7));
        expect(await journal.verify()).toEqual({ ok: true, checked: 7, lastSequence: 7 });
      });

      it('refuses work once closed', async () => {
        const current = await open();
        await current.close();
        await expectCode(current.journal.append([entry(1)]), 'STORE_CLOSED');
        await expectCode(current.deadLetters.list(), 'STORE_CLOSED');
        await expectCode(current.keyValue.get('k'), 'STORE_CLOSED');
        store = undefined;
      });
    });

    describe('integrity at open', () => {
      const seed = async (count = 10): Promise<void> => {
        const { journal } = await open();
        for (let n = 1; n <= count; n++) await journal.append([entry(n)]);
        await store?.close();
        store = undefined;
      };

      it('a byte flipped in a payload stops the open with STORE_CHECKSUM_MISMATCH naming its sequence', async () => {
        await seed();
        await harness.tamper.flipPayloadByte(5);
        await expectCode(open(), 'STORE_CHECKSUM_MISMATCH', 5);
      });

      it('a record deleted from the middle stops the open with STORE_SEQUENCE_GAP naming it', async () => {
        await seed();
        await harness.tamper.deleteRecord(5);
        await expectCode(open(), 'STORE_SEQUENCE_GAP', 5);
      });

      it('records reordered stop the open with STORE_SEQUENCE_ORDER naming the first out of place', async () => {
        await seed();
        await harness.tamper.swapRecords(5, 6);
        await expectCode(open(), 'STORE_SEQUENCE_ORDER', 5);
      });

      it('a torn final record is quarantined and reported, and the journal goes on from it', async () => {
        await seed();
        await harness.tamper.tearFinalRecord();
        const { journal, openReport } = await open();
        expect(openReport).toMatchObject({
          ok: true,
          lastSequence: 9,
          recoveredTornWrite: { sequence: 10, count: 1 },
        });
        expect(await journal.lastSequence()).toBe(9);
        expect((await journal.append([entry(10)]))[0]?.sequence).toBe(10);
        expect((await journal.verify()).ok).toBe(true);
        const again = await reopen();
        expect(again.openReport.recoveredTornWrite).toBeUndefined();
      });

      it('a final batch without its commit end is quarantined whole', async () => {
        const { journal } = await open();
        await journal.append(entries(1, 4));
        await journal.append(entries(5, 3));
        await store?.close();
        store = undefined;
        await harness.tamper.dropFinalCommitEnd();
        const reopened = await open();
        expect(reopened.openReport).toMatchObject({
          ok: true,
          lastSequence: 4,
          recoveredTornWrite: { sequence: 5, count: 3 },
        });
        expect(await reopened.journal.lastSequence()).toBe(4);
      });

      it('damage before the final transaction is never taken for a torn write', async () => {
        await seed();
        await harness.tamper.flipPayloadByte(9);
        await expectCode(open(), 'STORE_CHECKSUM_MISMATCH', 9);
      });
    });

    runStoreTailContract(() => harness);
    runStoreHistoryContract(() => harness);

    describe('snapshots', () => {
      it('returns the latest valid snapshot, and none before the first', async () => {
        let { journal } = await open();
        expect(await journal.latestSnapshot()).toBeUndefined();
        await journal.append(entries(1, 6));
        await journal.saveSnapshot({ sequence: 3, state: encodeExact({ at: 3 }), createdAt: T0 });
        await journal.saveSnapshot({ sequence: 6, state: encodeExact({ at: 6 }), createdAt: T0 + 1 });
        ({ journal } = await reopen());
        expect(await journal.latestSnapshot()).toEqual({
          sequence: 6,
          state: encodeExact({ at: 6 }),
          createdAt: T0 + 1,
        });
      });

      it('refuses a snapshot beyond the journal', async () => {
        const { journal } = await open();
        await journal.append(entries(1, 2));
        await expectCode(
          journal.saveSnapshot({ sequence: 3, state: '{}', createdAt: T0 }),
          'STORE_INVALID_ENTRY',
        );
      });

      it('ignores a snapshot that covers a quarantined torn write', async () => {
        const { journal } = await open();
        await journal.append(entries(1, 2));
        await journal.append(entries(3, 3));
        await journal.saveSnapshot({ sequence: 2, state: '{"at":2}', createdAt: T0 });
        await journal.saveSnapshot({ sequence: 5, state: '{"at":5}', createdAt: T0 });
        await store?.close();
        store = undefined;
        await harness.tamper.tearFinalRecord();
        const reopened = await open();
        expect((await reopened.journal.latestSnapshot())?.sequence).toBe(2);
      });
    });

    describe('dead letters', () => {
      const letter = (id: string, createdAt = T0) => ({
        id,
        command: encodeExact({ kind: 'SubmitOrder', clientOrderId: `c-${id}` }),
        commandType: 'SubmitOrder',
        accountId: 'acc-1',
        clientOrderId: `c-${id}`,
        error: 'venue unreachable',
        attempts: 3,
        createdAt,
      });

      it('lists unresolved letters oldest first, survives reopen, and records who resolved them', async () => {
        let { deadLetters } = await open();
        await deadLetters.add(letter('b', T0 + 1));
        await deadLetters.add(letter('a', T0));
        const { clientOrderId: _none, ...withoutClientOrderId } = letter('c', T0 + 2);
        await deadLetters.add(withoutClientOrderId);
        ({ deadLetters } = await reopen());
        expect((await deadLetters.list()).map((l) => l.id)).toEqual(['a', 'b', 'c']);
        expect(await deadLetters.get('a')).toEqual(letter('a', T0));
        await deadLetters.resolve('a', { kind: 'retried', actor: 'ops@desk', at: T0 + 5 });
        await deadLetters.resolve('b', { kind: 'discarded', actor: 'ops@desk', at: T0 + 6 });
        ({ deadLetters } = await reopen());
        expect((await deadLetters.list()).map((l) => l.id)).toEqual(['c']);
        const all = await deadLetters.list({ includeResolved: true });
        expect(all.map((l) => [l.id, l.resolution?.kind, l.resolution?.actor])).toEqual([
          ['a', 'retried', 'ops@desk'],
          ['b', 'discarded', 'ops@desk'],
          ['c', undefined, undefined],
        ]);
        expect((await deadLetters.get('c'))?.clientOrderId).toBeUndefined();
      });

      it('refuses a second resolution, an unknown id and a duplicate id', async () => {
        const { deadLetters } = await open();
        await deadLetters.add(letter('a'));
        await expectCode(deadLetters.add(letter('a')), 'STORE_CONFLICT');
        await deadLetters.resolve('a', { kind: 'discarded', actor: 'ops', at: T0 });
        await expectCode(
          deadLetters.resolve('a', { kind: 'retried', actor: 'ops', at: T0 }),
          'STORE_CONFLICT',
        );
        await expectCode(
          deadLetters.resolve('zzz', { kind: 'retried', actor: 'ops', at: T0 }),
          'STORE_NOT_FOUND',
        );
        expect((await deadLetters.get('a'))?.resolution?.kind).toBe('discarded');
        expect(await deadLetters.get('zzz')).toBeUndefined();
      });
    });

    describe('key-value', () => {
      it('sets, overwrites, deletes and lists by literal prefix, surviving reopen', async () => {
        let { keyValue } = await open();
        await keyValue.set('cursor:binance', '100');
        await keyValue.set('cursor:binance', '101');
        await keyValue.set('cursor:oanda', '7');
        await keyValue.set('cursor%x', 'literal');
        await keyValue.set('other', 'x');
        await keyValue.delete('other');
        await keyValue.delete('never-set');
        ({ keyValue } = await reopen());
        expect(await keyValue.get('cursor:binance')).toBe('101');
        expect(await keyValue.get('other')).toBeUndefined();
        expect(await keyValue.list('cursor:')).toEqual([
          { key: 'cursor:binance', value: '101' },
          { key: 'cursor:oanda', value: '7' },
        ]);
        expect((await keyValue.list('cursor%')).map((e) => e.key)).toEqual(['cursor%x']);
      });
    });
  });
}

import { join } from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import type { JournalEntryInput } from '../../../src/core';
import { openSqliteStore, type SqliteStore } from '../../../src/store';
import { WalFsync } from '../../../src/store/sqlite/wal-fsync';
import { temporaryDirectory } from './sqlite-harness';

const entry = (n: number): JournalEntryInput => ({
  type: 'OrderAccepted',
  stream: 'acc-1',
  payload: `{"n":${n}}`,
  recordedAt: n,
});

describe('sqlite journal: power durability by group fsync', () => {
  let dir: string;
  let dispose: () => void;
  let store: SqliteStore | undefined;

  beforeEach(() => {
    ({ dir, dispose } = temporaryDirectory());
  });
  afterEach(async () => {
    await store?.close();
    dispose();
  });

  it('concurrent appends share transactions and fsyncs, never more fsyncs than transactions', async () => {
    store = await openSqliteStore({ path: join(dir, 'journal.db'), durability: 'power', checkpoint: 'none' });
    const journal = store.journal;
    await Promise.all(
      Array.from({ length: 20 }, (_, writer) =>
        (async () => {
          for (let i = 0; i < 10; i++) await journal.append([entry(writer * 100 + i)]);
        })(),
      ),
    );
    expect(await journal.lastSequence()).toBe(200);
    expect(journal.transactionCount).toBeLessThan(200);
    expect(journal.fsyncCount).toBeGreaterThan(0);
    expect(journal.fsyncCount).toBeLessThanOrEqual(journal.transactionCount);
    expect((await journal.verify()).ok).toBe(true);
  });

  it('appendSync fsyncs before it returns', async () => {
    store = await openSqliteStore({ path: join(dir, 'journal.db'), durability: 'power', checkpoint: 'none' });
    const before = store.journal.fsyncCount ?? 0;
    store.journal.appendSync([entry(1)]);
    expect(store.journal.fsyncCount).toBe(before + 1);
  });

  it('a failed fsync fails every waiting and later append: the state on disk is unknown', async () => {
    const sync = new WalFsync(join(dir, 'missing-wal'));
    const first = sync.request();
    await expect(first).rejects.toMatchObject({ code: 'STORE_UNAVAILABLE', retryable: false });
    await expect(sync.request()).rejects.toMatchObject({ code: 'STORE_UNAVAILABLE' });
    expect(() => sync.syncNow()).toThrow(expect.objectContaining({ code: 'STORE_UNAVAILABLE' }));
    await sync.close();
  });
});

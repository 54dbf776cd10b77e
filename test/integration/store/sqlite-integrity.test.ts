import { join } from 'node:path';

import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import type { JournalEntryInput } from '../../../src/core';
import { openJournalForVerification, openSqliteStore, type SqliteStore } from '../../../src/store';
import { sqliteTamper, temporaryDirectory } from './sqlite-harness';

const entry = (n: number): JournalEntryInput => ({
  type: 'OrderAccepted',
  stream: 'acc-1',
  payload: `{"n":${n}}`,
  recordedAt: 1_000 + n,
});

describe('sqlite journal: integrity tooling and recovery', () => {
  let dispose: () => void;
  let path: string;
  let store: SqliteStore | undefined;

  beforeEach(() => {
    const directory = temporaryDirectory();
    dispose = directory.dispose;
    path = join(directory.dir, 'journal.db');
  });
  afterEach(async () => {
    await store?.close();
    dispose();
  });

  const seed = async (count: number): Promise<void> => {
    const opened = await openSqliteStore({ path, checkpoint: 'none' });
    for (let n = 1; n <= count; n++) opened.journal.appendSync([entry(n)]);
    await opened.close();
  };

  it('the verification reader reports a clean journal with progress along the way', async () => {
    await seed(25);
    const progress: number[] = [];
    const report = await openJournalForVerification(path, {
      onProgress: (walked) => progress.push(walked),
      progressEvery: 10,
    });
    expect(report).toEqual({ ok: true, checked: 25, lastSequence: 25 });
    expect(progress).toEqual([10, 20, 25]);
  });

  it('the verification reader reads a journal that an engine has open and is writing', async () => {
    store = await openSqliteStore({ path });
    for (let n = 1; n <= 100; n++) store.journal.appendSync([entry(n)]);
    expect(await openJournalForVerification(path)).toEqual({ ok: true, checked: 100, lastSequence: 100 });
    store.journal.appendSync([entry(101)]);
    expect((await openJournalForVerification(path)).lastSequence).toBe(101);
  });

  it('the verification reader refuses a missing file and a database that is not a journal', async () => {
    await expect(openJournalForVerification(`${path}.missing`)).rejects.toMatchObject({
      code: 'STORE_UNAVAILABLE',
      field: 'path',
    });
    const other = new Database(path);
    other.exec('CREATE TABLE t (x)');
    other.close();
    await expect(openJournalForVerification(path)).rejects.toMatchObject({
      code: 'STORE_UNAVAILABLE',
      message: expect.stringContaining('not a TMT journal'),
    });
  });

  it('the verification reader names the first bad sequence for each kind of damage', async () => {
    await seed(10);
    await sqliteTamper(path).flipPayloadByte(7);
    expect((await openJournalForVerification(path)).problem).toMatchObject({
      code: 'STORE_CHECKSUM_MISMATCH',
      sequence: 7,
    });
    await sqliteTamper(path).deleteRecord(3);
    expect(await openJournalForVerification(path)).toMatchObject({
      ok: false,
      checked: 2,
      lastSequence: 2,
      problem: { code: 'STORE_SEQUENCE_GAP', sequence: 3 },
    });
  });

  it('the verification reader reports a torn final write without moving it', async () => {
    await seed(4);
    await sqliteTamper(path).tearFinalRecord();
    expect((await openJournalForVerification(path)).problem).toMatchObject({
      code: 'STORE_TORN_WRITE',
      sequence: 4,
    });
    expect((await openJournalForVerification(path)).problem?.code).toBe('STORE_TORN_WRITE');
  });

  it('a torn final write is kept in quarantine with its reason, not deleted', async () => {
    await seed(4);
    await sqliteTamper(path).tearFinalRecord();
    store = await openSqliteStore({ path, checkpoint: 'none' });
    expect(store.openReport.recoveredTornWrite?.reason).toContain('record 4 does not match its checksum');
    const quarantined = store.quarantine();
    expect(quarantined.map((r) => r.sequence)).toEqual([4]);
    expect(quarantined[0]?.reason).toContain('torn final write');
    expect(quarantined[0]?.payload).toBe('{"n'); // the first half of {"n":4}
  });

  it('the store refuses to rewrite or delete its own history', async () => {
    await seed(3);
    store = await openSqliteStore({ path, checkpoint: 'none' });
    const db = new Database(path);
    try {
      expect(() => db.prepare("UPDATE journal SET payload = '{}' WHERE sequence = 2").run()).toThrow(
        /append-only/,
      );
      expect(() => db.prepare('DELETE FROM journal WHERE sequence = 2').run()).toThrow(/quarantined/);
    } finally {
      db.close();
    }
  });

  it('a second writer on the same file fails its append instead of forking the chain', async () => {
    await seed(2);
    store = await openSqliteStore({ path, checkpoint: 'none' });
    const second = await openSqliteStore({ path, checkpoint: 'none' });
    try {
      store.journal.appendSync([entry(3)]);
      expect(() => second.journal.appendSync([entry(3)])).toThrow(
        expect.objectContaining({ code: 'STORE_CONFLICT', retryable: false }),
      );
      expect((await store.journal.verify()).ok).toBe(true);
    } finally {
      await second.close();
    }
  });

  it('appendSync and append share one sequence, in call order, under power durability', async () => {
    store = await openSqliteStore({ path, durability: 'power', checkpoint: 'none' });
    const queued = store.journal.append([entry(1), entry(2)]);
    const direct = store.journal.appendSync([entry(3)]);
    expect(direct[0]?.sequence).toBe(3);
    expect((await queued).map((e) => e.sequence)).toEqual([1, 2]);
    expect(await store.journal.verify()).toMatchObject({ ok: true, checked: 3 });
  });

  it('the background checkpointer copies the whole WAL back into the database', async () => {
    store = await openSqliteStore({ path, checkpointIntervalMs: 60_000 });
    for (let n = 1; n <= 500; n++) store.journal.appendSync([entry(n)]);
    const result = await store.checkpointNow();
    expect(result?.log).toBeGreaterThan(0);
    expect(result?.checkpointed).toBe(result?.log);
  });

  it('keeps the newest three snapshots and skips one whose state was changed', async () => {
    await seed(6);
    store = await openSqliteStore({ path, checkpoint: 'none' });
    for (let sequence = 1; sequence <= 5; sequence++) {
      await store.journal.saveSnapshot({ sequence, state: `{"at":${sequence}}`, createdAt: sequence });
    }
    const db = new Database(path);
    try {
      expect(db.prepare('SELECT sequence FROM snapshots ORDER BY sequence').pluck().all()).toEqual([3, 4, 5]);
      db.prepare(`UPDATE snapshots SET state = '{"at":500}' WHERE sequence = 5`).run();
    } finally {
      db.close();
    }
    expect((await store.journal.latestSnapshot())?.sequence).toBe(4);
  });

  it('an open with damage closes the database it opened', async () => {
    await seed(5);
    await sqliteTamper(path).flipPayloadByte(2);
    await expect(openSqliteStore({ path, checkpoint: 'none' })).rejects.toMatchObject({
      code: 'STORE_CHECKSUM_MISMATCH',
    });
    await sqliteTamper(path).flipPayloadByte(2);
    store = await openSqliteStore({ path, checkpoint: 'none' });
    expect(store.openReport).toEqual({ ok: true, checked: 5, lastSequence: 5 });
  });
});

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterEach, describe, expect, it } from 'vitest';

import { encodeExact } from '../../../src/core';
import { openSqliteStore } from '../../../src/store';
import { sqliteTamper } from '../store/sqlite-harness';

import { tmt } from './support/tmt';

const T0 = 1_767_614_400_000;

/** A data directory whose journal holds 60 records and a snapshot at 50 (the engine's file name). */
async function journalWithSnapshot(): Promise<{ directory: string; path: string }> {
  const directory = mkdtempSync(join(tmpdir(), 'tmt-journal-verify-'));
  const path = join(directory, 'journal.db');
  const store = await openSqliteStore({ path, checkpoint: 'none' });
  for (let n = 1; n <= 60; n++)
    await store.journal.append([
      { type: 'OrderAccepted', stream: 'acc-1', payload: encodeExact({ n }), recordedAt: T0 + n },
    ]);
  await store.journal.saveSnapshot({ sequence: 50, state: encodeExact({ at: 50 }), createdAt: T0 });
  await store.close();
  return { directory, path };
}

describe('tmt journal verify: the full walk the start-up no longer does', () => {
  const directories: string[] = [];
  afterEach(() => {
    for (const directory of directories.splice(0)) rmSync(directory, { recursive: true, force: true });
  });

  it('a clean journal with a snapshot verifies whole: every record is walked', async () => {
    const { directory } = await journalWithSnapshot();
    directories.push(directory);
    const result = await tmt(['journal', 'verify', '-d', directory, '--json']);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({ ok: true, checked: 60, lastSequence: 60 });
  });

  it('damage before the snapshot: the engine opens on the tail, the command names the bad record', async () => {
    const { directory, path } = await journalWithSnapshot();
    directories.push(directory);
    await sqliteTamper(path).flipPayloadByte(20);

    const store = await openSqliteStore({ path, checkpoint: 'none' });
    expect(store.openReport).toMatchObject({ ok: true, checked: 11, verifiedFrom: 49 });
    await store.close();

    const json = await tmt(['journal', 'verify', '-d', directory, '--json']);
    expect(json.code).toBe(1);
    expect(JSON.parse(json.stdout)).toMatchObject({
      ok: false,
      checked: 19,
      problem: { code: 'STORE_CHECKSUM_MISMATCH', sequence: 20 },
    });
    const text = await tmt(['journal', 'verify', '-d', directory]);
    expect(text.code).toBe(1);
    expect(text.stdout).toContain('BROKEN at sequence 20 (STORE_CHECKSUM_MISMATCH)');
  });
});

import { join } from 'node:path';

import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { AuditLog } from '../../../src/api/audit/audit-log';
import { ManualClock, type AuditStore } from '../../../src/core';
import { GroupCommitJournal } from '../../../src/engine/journal/group-commit-journal';
import { silentLogger } from '../../../src/shared/logger';
import { openSqliteStore, type SqliteStore } from '../../../src/store';
import { openAuditAnchorFile } from '../../../src/store/sqlite/audit-anchor-file';
import { auditHostOf, openSqliteAuditStore } from '../../../src/store/sqlite/audit-store';
import { temporaryDirectory } from './sqlite-harness';

/**
 * One durable write per intent: the journal records of a group and the audit entries joined to it commit in
 * one SQLite transaction on the journal's connection (the audit file attached to it), and fail together.
 */
describe('group commit with companion writes (audit on the journal connection)', () => {
  let dir: string;
  let dispose: () => void;
  let store: SqliteStore;
  let auditStore: AuditStore;
  let audit: AuditLog;
  let journal: GroupCommitJournal;
  const clock = new ManualClock(1_000);

  beforeEach(async () => {
    ({ dir, dispose } = temporaryDirectory());
    store = await openSqliteStore({ path: join(dir, 'journal.db'), clock, checkpoint: 'none' });
    auditStore = openSqliteAuditStore(join(dir, 'audit.db'), auditHostOf(store.journal));
    audit = new AuditLog(auditStore, openAuditAnchorFile(join(dir, 'audit.anchor')), clock);
    journal = new GroupCommitJournal(store.journal, clock, silentLogger());
  });
  afterEach(async () => {
    auditStore.close();
    await store.close();
    dispose();
  });

  it('a record and its audit entry made in one tick land in one transaction, both readable afterwards', async () => {
    const before = store.journal.transactionCount;
    let written = false;
    const durable = journal.record('CommandSubmitOrder', 'acc-1', { clientOrderId: 'o-1' });
    const joined = journal.join(
      audit.companion({ actor: 'token:t1', action: 'order.submit', target: 'o-1' }, () => (written = true)),
    );
    await Promise.all([durable, joined]);
    expect(store.journal.transactionCount - before).toBe(1);
    expect(written).toBe(true);
    expect((await store.journal.read(0, 10)).map((e) => e.type)).toEqual(['CommandSubmitOrder']);
    // Read through a connection of its own: the entry is in the audit file, not only in the journal's view.
    const reader = new Database(join(dir, 'audit.db'), { readonly: true });
    try {
      const rows = reader.prepare('SELECT actor, action, target, sequence FROM audit_log').all();
      expect(rows).toEqual([{ actor: 'token:t1', action: 'order.submit', target: 'o-1', sequence: 1 }]);
    } finally {
      reader.close();
    }
  });

  it('a companion that throws aborts the whole commit: neither the journal record nor the audit entry is kept', async () => {
    journal.record('CommandSubmitOrder', 'acc-1', { clientOrderId: 'o-2' }).catch(() => undefined);
    audit.record({ actor: 'token:t1', action: 'warm-up', target: 'x' });
    const failing = journal.join(() => {
      audit.record({ actor: 'token:t1', action: 'order.submit', target: 'o-2' });
      throw new Error('disk said no');
    });
    await expect(failing).rejects.toThrow(/disk said no/);
    expect(await store.journal.read(0, 10)).toEqual([]);
    expect(auditStore.query({}).map((e) => e.action)).toEqual(['warm-up']);
    // Corrupt is worse than none: the journal reports the failure so the engine stops taking intents.
    expect(journal.lastFailure()).toBeInstanceOf(Error);
  });

  it('audit entries written outside a journal commit still chain and verify, hosted or not', async () => {
    audit.record({ actor: 'cli', action: 'token.create', target: 't1' });
    await journal.join(audit.companion({ actor: 'token:t1', action: 'order.submit', target: 'o-3' }, () => undefined));
    audit.record({ actor: 'cli', action: 'token.revoke', target: 't1' });
    const entries = auditStore.query({});
    expect(entries.map((e) => e.sequence)).toEqual([1, 2, 3]);
    expect(entries[1]?.previousHash).toBe(entries[0]?.hash);
    expect(entries[2]?.previousHash).toBe(entries[1]?.hash);
  });

  it('the durable promise settles without waiting for an event-loop turn (no setImmediate in the path)', async () => {
    let immediateRan = false;
    setImmediate(() => (immediateRan = true));
    await journal.record('OrderAccepted', 'acc-1', { n: 1 });
    expect(immediateRan).toBe(false);
    expect(await store.journal.lastSequence()).toBe(1);
  });
});

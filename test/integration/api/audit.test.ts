import { copyFileSync, existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { verifyAuditFiles } from '../../../src/app/audit-files';
import { startApi, validOrder, type RunningApi } from './support/harness';

describe('audit log: append-only, hash-chained, anchored', () => {
  let api: RunningApi;

  beforeAll(async () => {
    api = await startApi();
    const trade = api.client(api.tokens.trade);
    for (let i = 1; i <= 5; i++) await trade.submitOrder(validOrder({ clientOrderId: `audit-${i}` }));
    await api.client(api.tokens.admin).emergencyStop();
  });
  afterAll(async () => api.close());

  /** A copy of the data directory to damage, so each case starts from the intact log. */
  function copy(): string {
    const dir = mkdtempSync(join(tmpdir(), 'tmt-audit-'));
    // The log runs in WAL mode: its recent pages live in the -wal file until a checkpoint.
    for (const file of ['audit.db', 'audit.db-wal', 'audit.anchor']) {
      if (existsSync(join(api.dataDir, file))) copyFileSync(join(api.dataDir, file), join(dir, file));
    }
    return dir;
  }

  function tamper(dir: string, sql: string): void {
    const db = new Database(join(dir, 'audit.db'));
    db.exec('DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete;');
    db.exec(sql);
    db.close();
  }

  it('records the kill switch with its actor and verifies intact', () => {
    const entries = api.server.audit.query({ action: 'kill-switch' });
    expect(entries[0]).toMatchObject({ actor: `token:${api.tokenIds.admin}`, outcome: 'ok' });
    // The real service also audits its bootstrap admin token and what the engine did by itself (the halt);
    // the count is the log's own, at least the 5 submits and the kill switch.
    const total = api.server.audit.query({ limit: 1000 }).length;
    expect(total).toBeGreaterThanOrEqual(6);
    expect(verifyAuditFiles(copy())).toMatchObject({ ok: true, checked: total });
  });

  it('refuses UPDATE and DELETE through SQLite itself', () => {
    const db = new Database(join(copy(), 'audit.db'));
    expect(() => db.exec("UPDATE audit_log SET actor = 'x' WHERE sequence = 1")).toThrow(/append-only/);
    expect(() => db.exec('DELETE FROM audit_log WHERE sequence = 6')).toThrow(/append-only/);
    db.close();
  });

  it('reports the first altered entry', () => {
    const dir = copy();
    tamper(dir, "UPDATE audit_log SET actor = 'token:someone-else' WHERE sequence = 4");
    expect(verifyAuditFiles(dir).problem).toMatchObject({ kind: 'altered', sequence: 4 });
  });

  it('reports a removed entry in the middle', () => {
    const dir = copy();
    tamper(dir, 'DELETE FROM audit_log WHERE sequence = 3');
    expect(verifyAuditFiles(dir).problem).toMatchObject({ kind: 'removed', sequence: 3 });
  });

  it('reports reordered entries', () => {
    const dir = copy();
    // Swap the contents of entries 2 and 3 (keeping their sequence numbers): the chain breaks at 2.
    tamper(
      dir,
      `UPDATE audit_log SET sequence = -2 WHERE sequence = 2; UPDATE audit_log SET sequence = 2 WHERE sequence = 3;
       UPDATE audit_log SET sequence = 3 WHERE sequence = -2;`,
    );
    expect(verifyAuditFiles(dir).problem).toMatchObject({ kind: 'altered', sequence: 2 });
  });

  it('detects a removed tail through the anchor', () => {
    const dir = copy();
    tamper(dir, 'DELETE FROM audit_log WHERE sequence >= 5');
    expect(verifyAuditFiles(dir).problem).toMatchObject({ kind: 'tail-removed', sequence: 5 });
  });
});

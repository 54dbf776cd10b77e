import { existsSync } from 'node:fs';
import { join } from 'node:path';

import {
  AuditLog,
  verifyAuditLog,
  type AuditRecordInput,
  type AuditVerification,
} from '../api/audit/audit-log';
import { SystemClock } from '../shared/system-clock';
import { openAuditAnchorFile } from '../store/sqlite/audit-anchor-file';
import { openSqliteAuditStore } from '../store/sqlite/audit-store';

/** Where the control plane keeps its files under the data directory. */
export function controlPlaneFiles(dataDir: string) {
  return {
    journal: join(dataDir, 'journal.db'),
    audit: join(dataDir, 'audit.db'),
    auditAnchor: join(dataDir, 'audit.anchor'),
    tokens: join(dataDir, 'tokens.db'),
  };
}

/** `tmt audit verify`: walks the audit chain and checks it against the anchored head. */
export function verifyAuditFiles(dataDir: string): AuditVerification & { readonly path: string } {
  const files = controlPlaneFiles(dataDir);
  if (!existsSync(files.audit)) {
    return {
      ok: false,
      checked: 0,
      path: files.audit,
      problem: { kind: 'removed', sequence: 1, message: `no audit log at ${files.audit}` },
    };
  }
  const store = openSqliteAuditStore(files.audit);
  const anchor = existsSync(files.auditAnchor) ? openAuditAnchorFile(files.auditAnchor) : undefined;
  try {
    return { ...verifyAuditLog(store.all(), anchor?.read()), path: files.audit };
  } finally {
    store.close();
    anchor?.close();
  }
}

/** Records an action taken offline by the CLI (a token created without the service) in the same chain. */
export function recordOfflineAudit(dataDir: string, input: AuditRecordInput): void {
  const files = controlPlaneFiles(dataDir);
  const store = openSqliteAuditStore(files.audit);
  const anchor = openAuditAnchorFile(files.auditAnchor);
  try {
    new AuditLog(store, anchor, new SystemClock()).record(input);
  } finally {
    store.close();
    anchor.close();
  }
}

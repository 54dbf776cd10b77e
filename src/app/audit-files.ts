import { existsSync } from 'node:fs';
import { join } from 'node:path';

import { verifyAuditLog, type AuditVerification } from '../api/audit/audit-log';
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
    return { ok: false, checked: 0, path: files.audit, problem: { kind: 'removed', sequence: 1, message: `no audit log at ${files.audit}` } };
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

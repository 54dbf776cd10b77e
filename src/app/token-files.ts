import { mkdirSync } from 'node:fs';

import { TokenService, type CreatedToken } from '../api/auth/token-service';
import type { ApiScope } from '../core';
import { SystemClock } from '../shared/system-clock';
import { openSqliteTokenStore } from '../store/sqlite/token-store';
import { controlPlaneFiles, recordOfflineAudit } from './audit-files';

/**
 * `tmt token create|revoke --offline`: works on the token store directly, for when no admin token is at hand
 * (the one printed at first start was lost). A running service picks the change up within seconds.
 */
export function withOfflineTokens<T>(dataDir: string, action: (tokens: TokenService) => T): T {
  mkdirSync(dataDir, { recursive: true });
  const store = openSqliteTokenStore(controlPlaneFiles(dataDir).tokens);
  try {
    return action(new TokenService(store, new SystemClock()));
  } finally {
    store.close();
  }
}

export function createOfflineToken(dataDir: string, name: string, scope: ApiScope): CreatedToken {
  const created = withOfflineTokens(dataDir, (tokens) =>
    tokens.create({ name, scope, createdBy: 'cli:offline' }),
  );
  recordOfflineAudit(dataDir, {
    actor: 'cli:offline',
    action: 'token.create',
    target: created.record.id,
    details: { name, scope },
  });
  return created;
}

export function revokeOfflineToken(dataDir: string, id: string): void {
  withOfflineTokens(dataDir, (tokens) => tokens.revoke(id));
  recordOfflineAudit(dataDir, { actor: 'cli:offline', action: 'token.revoke', target: id });
}

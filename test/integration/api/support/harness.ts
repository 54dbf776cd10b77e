import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { ApiClient } from '../../../../src/api/client';
import { createApiServer, type ApiServer, type ApiServerOptions } from '../../../../src/api/server';
import type { Clock } from '../../../../src/core';
import type { TradingEngine } from '../../../../src/engine/trading-engine';
import { silentLogger } from '../../../../src/shared/logger';
import { SystemClock } from '../../../../src/shared/system-clock';
import { openAuditAnchorFile } from '../../../../src/store/sqlite/audit-anchor-file';
import { openSqliteAuditStore } from '../../../../src/store/sqlite/audit-store';
import { openSqliteTokenStore } from '../../../../src/store/sqlite/token-store';

export interface RunningApi {
  readonly server: ApiServer;
  readonly url: string;
  readonly dataDir: string;
  readonly tokens: { readonly admin: string; readonly trade: string; readonly read: string };
  readonly tokenIds: { readonly admin: string; readonly trade: string; readonly read: string };
  client(token?: string): ApiClient;
  close(): Promise<void>;
}

/** A real API server on loopback port 0 with real SQLite token and audit stores in a temporary directory. */
export async function startApi(
  engine: TradingEngine,
  overrides: Partial<ApiServerOptions> & { clock?: Clock } = {},
): Promise<RunningApi> {
  const dataDir = mkdtempSync(join(tmpdir(), 'tmt-api-'));
  const server = await createApiServer({
    engine,
    clock: overrides.clock ?? new SystemClock(),
    logger: silentLogger(),
    tokenStore: openSqliteTokenStore(join(dataDir, 'tokens.db')),
    auditStore: openSqliteAuditStore(join(dataDir, 'audit.db')),
    auditAnchor: openAuditAnchorFile(join(dataDir, 'audit.anchor')),
    rateLimitPerSecond: 100_000,
    ...overrides,
  });
  const make = (scope: 'admin' | 'trade' | 'read') =>
    server.tokens.create({ name: `test-${scope}`, scope, createdBy: 'test' });
  const admin = make('admin');
  const trade = make('trade');
  const read = make('read');
  const url = await server.listen('127.0.0.1', 0);
  return {
    server,
    url,
    dataDir,
    tokens: { admin: admin.token, trade: trade.token, read: read.token },
    tokenIds: { admin: admin.record.id, trade: trade.record.id, read: read.record.id },
    client: (token?: string) => new ApiClient({ baseUrl: url, ...(token === undefined ? {} : { token }) }),
    async close() {
      await server.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export const validOrder = (overrides: Record<string, unknown> = {}): Record<string, unknown> => ({
  accountId: 'paper-fx',
  instrumentId: 'EUR_USD.PAPER',
  side: 'buy',
  type: 'market',
  quantity: '1000',
  ...overrides,
});

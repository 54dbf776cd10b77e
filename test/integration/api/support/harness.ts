import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { ApiClient } from '../../../../src/api/client';
import type { ApiServer } from '../../../../src/api/server';
import type { App, AppOptions } from '../../../../src/app/create-app';
import { startService } from '../../../../src/app/start-service';
import type { ExecutionEngine } from '../../../../src/engine/execution-engine';
import { silentLogger } from '../../../../src/shared/logger';

export interface RunningApi {
  readonly app: App;
  readonly engine: ExecutionEngine;
  readonly server: ApiServer;
  readonly url: string;
  /** The service's data directory (journal, tokens, audit log and its anchor). */
  readonly dataDir: string;
  readonly tokens: { readonly admin: string; readonly trade: string; readonly read: string };
  readonly tokenIds: { readonly admin: string; readonly trade: string; readonly read: string };
  client(token?: string): ApiClient;
  close(): Promise<void>;
}

export interface StartApiOptions {
  /** YAML lines appended to the configuration (top-level keys other than accounts, api and store). */
  readonly extraConfig?: string;
  /** Extra keys for the `api:` mapping, e.g. `bodyLimitBytes: 4096`. */
  readonly api?: string;
  readonly env?: Record<string, string>;
  readonly app?: AppOptions;
}

/**
 * The real service as `tmt start` builds it (engine, risk, portfolio, the paper venue with its seeded feed,
 * SQLite journal, token and audit stores) in a temporary directory, on loopback port 0. Three tokens, one
 * per scope, are created through the service's own token service.
 */
export async function startApi(options: StartApiOptions = {}): Promise<RunningApi> {
  const directory = mkdtempSync(join(tmpdir(), 'tmt-api-'));
  const path = join(directory, 'tmt.yaml');
  writeFileSync(
    path,
    `accounts:
  - {id: paper-fx, venue: paper, environment: paper, baseCurrency: USD, startingBalance: "1000000", instruments: [EUR_USD, USD_JPY]}
risk:
  global: {maxOrderNotional: "5000000"}
api: {port: 0, rateLimitPerSecond: 100000${options.api === undefined ? '' : `, ${options.api}`}}
store: {dataDir: ./data}
${options.extraConfig ?? ''}
`,
  );
  let started;
  try {
    started = await startService(
      { path, env: options.env ?? {} },
      { logger: silentLogger(), processMetrics: false, ...options.app },
    );
  } catch (error) {
    rmSync(directory, { recursive: true, force: true });
    throw error;
  }
  const { app } = started;
  // Risk values an order at the latest quote: wait for the paper feed's first prices before any test trades.
  const deadline = Date.now() + 30_000;
  while (app.engine.quotes().length < 2) {
    if (Date.now() > deadline) throw new Error('the paper feed sent no quotes within 30 s');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  const make = (scope: 'admin' | 'trade' | 'read') =>
    app.api.tokens.create({ name: `test-${scope}`, scope, createdBy: 'test' });
  const admin = make('admin');
  const trade = make('trade');
  const read = make('read');
  return {
    app,
    engine: app.engine,
    server: app.api,
    url: started.url.replace(/\/$/, ''),
    dataDir: app.dataDir,
    tokens: { admin: admin.token, trade: trade.token, read: read.token },
    tokenIds: { admin: admin.record.id, trade: trade.record.id, read: read.record.id },
    client: (token?: string) =>
      new ApiClient({ baseUrl: started.url, ...(token === undefined ? {} : { token }) }),
    async close() {
      await app.close();
      rmSync(directory, { recursive: true, force: true });
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

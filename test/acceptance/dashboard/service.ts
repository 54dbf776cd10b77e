import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

import { ApiClient } from '../../../src/api/client';
import { startService as startTmt, type StartedService } from '../../../src/app/start-service';
import { silentLogger } from '../../../src/shared/logger';
import type { BinanceSimulator } from '../../../src/simulators/binance/server';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

export interface RunningService {
  readonly baseUrl: string;
  readonly adminToken: string;
  stop(): Promise<void>;
}

/**
 * The real service as `tmt start` builds it (embedded defaults: paper venue, synthetic feed, SQLite journal,
 * API and dashboard), in this process, on a free loopback port, in an empty working directory so that its
 * first start creates the admin token.
 */
export async function startService(): Promise<RunningService> {
  const workDir = mkdtempSync(join(tmpdir(), 'tmt-dashboard-'));
  try {
    const started = await startTmt(
      { cwd: workDir, env: { TMT_API__PORT: '0' } },
      { logger: silentLogger(), processMetrics: false },
    );
    const adminToken = started.bootstrapAdminToken;
    if (adminToken === undefined) throw new Error('a first start must print an admin token');
    return {
      baseUrl: started.url.replace(/\/$/, ''),
      adminToken,
      stop: async () => {
        await started.app.close();
        rmSync(workDir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    rmSync(workDir, { recursive: true, force: true });
    throw error;
  }
}

/** A small HTTP client for set-up and for checking what the page claims against the API itself. */
export async function api<T = Record<string, unknown>>(
  service: RunningService,
  token: string,
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; body: T }> {
  const response = await fetch(`${service.baseUrl}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  return { status: response.status, body: (text === '' ? {} : JSON.parse(text)) as T };
}

export async function createToken(
  service: RunningService,
  scope: 'read' | 'trade' | 'admin',
): Promise<string> {
  const created = await api<{ token: string }>(service, service.adminToken, 'POST', '/api/v1/tokens', {
    name: `dashboard-test-${scope}`,
    scope,
  });
  if (created.status !== 201)
    throw new Error(`token create answered ${created.status}: ${JSON.stringify(created.body)}`);
  return created.body.token;
}

/**
 * The real service with one Binance account trading on the Binance wire simulator through the real adapter,
 * its journal under `directory`: for views that need a venue other than the paper one (reconciliation with
 * the venue, dead letters from a venue that went away). The first start's admin token comes back with it.
 */
export async function startBinanceService(
  directory: string,
  accountId: string,
  sim: BinanceSimulator,
): Promise<{ service: StartedService; token: string; admin: ApiClient }> {
  const path = join(directory, 'tmt.yaml');
  writeFileSync(
    path,
    `accounts:
  - id: ${accountId}
    venue: binance
    environment: testnet
    baseCurrency: USDT
    restUrl: ${sim.url}
    streamUrl: ${sim.streamUrl}
    wsApiUrl: ${sim.wsApiUrl}
    credentials: {apiKey: {env: SIM_KEY}, apiSecret: {env: SIM_SECRET}}
    instruments: [BTCUSDT]
api: {port: 0}
store: {dataDir: ${JSON.stringify(join(directory, 'data'))}}
`,
  );
  const service = await startTmt(
    { path, env: { SIM_KEY: sim.apiKey, SIM_SECRET: sim.apiSecret } },
    { logger: silentLogger(), processMetrics: false },
  );
  const token = service.bootstrapAdminToken as string;
  return { service, token, admin: new ApiClient({ baseUrl: service.url, token }) };
}

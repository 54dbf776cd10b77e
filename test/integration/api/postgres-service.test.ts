import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';

import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { ApiClient } from '../../../src/api/client';
import { startService, type StartedService } from '../../../src/app/start-service';
import { ClientOrderId } from '../../../src/core';
import { silentLogger } from '../../../src/shared/logger';
import { CONNECTION, ensurePostgres } from '../store/postgres-harness';

async function sql(text: string): Promise<pg.QueryResult> {
  const client = new pg.Client({ connectionString: CONNECTION });
  await client.connect();
  try {
    return await client.query(text);
  } finally {
    await client.end();
  }
}

/** The service as `tmt start` builds it, with its journal in PostgreSQL (a schema of its own per test run). */
describe('the service on PostgreSQL', () => {
  const schema = `tmt_api_${randomBytes(6).toString('hex')}`;
  let directory: string;
  let path: string;
  const env = { TMT_TEST_PG_URL: CONNECTION };

  const start = () => startService({ path, env }, { logger: silentLogger(), processMetrics: false });

  beforeAll(async () => {
    await ensurePostgres();
    directory = mkdtempSync(join(tmpdir(), 'tmt-pg-service-'));
    path = join(directory, 'tmt.yaml');
    writeFileSync(
      path,
      `accounts:
  - {id: paper-fx, venue: paper, environment: paper, baseCurrency: USD, instruments: [EUR_USD]}
api: {port: 0}
store: {kind: postgres, url: {env: TMT_TEST_PG_URL}, schema: ${schema}, dataDir: ./data}
`,
    );
  }, 90_000);
  afterAll(async () => {
    await sql(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    rmSync(directory, { recursive: true, force: true });
  });

  it('places an order that fills, journals it in PostgreSQL, and finds it again after a restart', async () => {
    let service: StartedService | undefined = await start();
    try {
      const client = new ApiClient({ baseUrl: service.url, token: service.bootstrapAdminToken as string });
      const deadline = Date.now() + 30_000;
      while (service.app.engine.quotes().length === 0 && Date.now() < deadline)
        await new Promise((resolve) => setTimeout(resolve, 20));
      const response = await client.submitOrder({
        clientOrderId: 'pg-1',
        accountId: 'paper-fx',
        instrumentId: 'EUR_USD.PAPER',
        side: 'buy',
        type: 'market',
        quantity: '1000',
      });
      expect(response.status).toBe(201);
      await expect.poll(async () => (await client.order('pg-1')).status, { timeout: 15_000 }).toBe('filled');
      const ready = await client.call<{ checks: { name: string; ok: boolean }[] }>('GET', '/health/ready');
      expect(ready.checks.find((c) => c.name === 'store')).toMatchObject({ ok: true });
      await service.app.close();
      service = undefined;

      const journaled = await sql(`SELECT count(*)::int AS n FROM ${schema}.journal`);
      expect((journaled.rows[0] as { n: number }).n).toBeGreaterThan(0);
      // The journal lives in PostgreSQL only; tokens and the audit log keep their files in dataDir.
      expect(existsSync(join(directory, 'data', 'journal.db'))).toBe(false);

      service = await start();
      expect(service.bootstrapAdminToken).toBeUndefined();
      expect(service.app.engine.order(ClientOrderId.parse('pg-1'))?.status).toBe('filled');
    } finally {
      await service?.app.close();
    }
  }, 120_000);

  it('refuses to start when the URL reference cannot be resolved, naming the field', async () => {
    await expect(
      startService({ path, env: {} }, { logger: silentLogger(), processMetrics: false }),
    ).rejects.toMatchObject({
      problems: [expect.objectContaining({ code: 'CONFIG_SECRET_MISSING', field: 'store.url' })],
    });
  });

  it('tmt journal verify walks the PostgreSQL journal the configuration names', async () => {
    const { stdout } = await promisify(execFile)(
      process.execPath,
      [resolve(__dirname, '../../../bin/tmt.mjs'), 'journal', 'verify', '-c', path, '--json'],
      { env: { ...process.env, ...env }, timeout: 60_000 },
    );
    const report = JSON.parse(stdout) as { ok: boolean; checked: number };
    expect(report.ok).toBe(true);
    expect(report.checked).toBeGreaterThan(0);
  }, 90_000);
});

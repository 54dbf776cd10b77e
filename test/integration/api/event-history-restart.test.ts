import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';

import { ApiClient } from '../../../src/api/client';
import { startService, type StartedService } from '../../../src/app/start-service';
import { silentLogger } from '../../../src/shared/logger';
import { CONNECTION, ensurePostgres } from '../store/postgres-harness';

interface EventsDto {
  head: number;
  events: { cursor: number; event: { type: string; clientOrderId?: string } }[];
}

/**
 * Issue 15: the event history survives a service restart. A client that read up to cursor N before the restart
 * resumes after it with nothing missing (its fills from before and after), and cursors go on from the old head;
 * market data, which is not kept, answers API_CURSOR_EXPIRED for a cursor from before. Once on SQLite, once on
 * PostgreSQL.
 */
describe('event history across a service restart', () => {
  const directories: string[] = [];
  const schemas: string[] = [];
  afterAll(async () => {
    for (const directory of directories) rmSync(directory, { recursive: true, force: true });
    if (schemas.length === 0) return;
    const client = new pg.Client({ connectionString: CONNECTION });
    await client.connect();
    try {
      for (const schema of schemas) await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    } finally {
      await client.end();
    }
  });

  async function scenario(store: string, env: Record<string, string>): Promise<void> {
    const directory = mkdtempSync(join(tmpdir(), 'tmt-event-restart-'));
    directories.push(directory);
    const path = join(directory, 'tmt.yaml');
    writeFileSync(
      path,
      `accounts:
  - {id: paper-fx, venue: paper, environment: paper, baseCurrency: USD, instruments: [EUR_USD]}
api: {port: 0, eventHistoryDays: 7}
store: ${store}
`,
    );
    const start = async () => {
      const service = await startService({ path, env }, { logger: silentLogger(), processMetrics: false });
      const admin = service.app.api.tokens.create({ name: `events-${randomBytes(3).toString('hex')}`, scope: 'admin', createdBy: 'test' });
      const deadline = Date.now() + 30_000;
      while (service.app.engine.quotes().length === 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
      return { service, client: new ApiClient({ baseUrl: service.url, token: admin.token }) };
    };
    const buy = async (client: ApiClient, id: string) => {
      const response = await client.submitOrder({ clientOrderId: id, accountId: 'paper-fx', instrumentId: 'EUR_USD.PAPER', side: 'buy', type: 'market', quantity: '1000' });
      expect(response.status).toBe(201);
      await expect.poll(async () => (await client.order(id)).status, { timeout: 15_000 }).toBe('filled');
    };
    const fills = async (client: ApiClient, after: number) =>
      (await client.call<EventsDto>('GET', `/api/v1/events?after=${after}&types=OrderFilled&limit=1000`)).events.map((e) => e.event.clientOrderId);

    let running: StartedService | undefined;
    try {
      const first = await start();
      running = first.service;
      await buy(first.client, 'ev-1');
      // The client has read everything so far, then goes offline.
      const readUpTo = (await first.client.call<EventsDto>('GET', '/api/v1/events?limit=1')).head;
      await buy(first.client, 'ev-2');
      const headBefore = (await first.client.call<EventsDto>('GET', '/api/v1/events?limit=1')).head;
      await first.service.app.close();
      running = undefined;

      const second = await start();
      running = second.service;
      await buy(second.client, 'ev-3');
      // Resumes from where it read: the fill of before the restart and the one after, nothing missing.
      expect(await fills(second.client, readUpTo)).toEqual(['ev-2', 'ev-3']);
      expect(await fills(second.client, 0)).toEqual(['ev-1', 'ev-2', 'ev-3']);
      const after = await second.client.call<EventsDto>('GET', `/api/v1/events?after=${headBefore}&types=OrderFilled`);
      expect(after.head).toBeGreaterThan(headBefore);
      expect(after.events.every((e) => e.cursor > headBefore)).toBe(true);
      // Market data is not kept across the restart: a cursor from before cannot resume it.
      const quotes = await second.client.raw('GET', `/api/v1/events?after=${readUpTo}&types=QuoteTick`);
      expect(quotes.status).toBe(410);
      expect(quotes.body).toMatchObject({ code: 'API_CURSOR_EXPIRED' });
    } finally {
      await running?.app.close();
    }
  }

  it('on SQLite: a cursor from before the restart resumes the fills with nothing missing', async () => {
    await scenario('{dataDir: ./data}', {});
  }, 120_000);

  it('on PostgreSQL: the same, the history in the store schema', async () => {
    await ensurePostgres();
    const schema = `tmt_events_${randomBytes(6).toString('hex')}`;
    schemas.push(schema);
    await scenario(`{kind: postgres, url: {env: TMT_TEST_PG_URL}, schema: ${schema}, dataDir: ./data}`, { TMT_TEST_PG_URL: CONNECTION });
  }, 120_000);
});

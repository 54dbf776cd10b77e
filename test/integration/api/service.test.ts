import { readdirSync, readFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { ApiClient } from '../../../src/api/client';
import { startService, type StartedService } from '../../../src/app/start-service';
import { createLogger } from '../../../src/shared/logger';

const CANARY = 'canary-7d1f0e-do-not-leak';

/**
 * The whole service as `tmt start` builds it (real engine, risk, portfolio, paper venue, SQLite journal),
 * on loopback port 0, with a canary secret in its configuration.
 */
describe('the service end to end', () => {
  let service: StartedService;
  let client: ApiClient;
  let directory: string;
  const logLines: string[] = [];
  const bodies: string[] = [];

  beforeAll(async () => {
    directory = mkdtempSync(join(tmpdir(), 'tmt-service-'));
    const path = join(directory, 'tmt.yaml');
    writeFileSync(
      path,
      `accounts:
  - {id: paper-fx, venue: paper, environment: paper, baseCurrency: USD, startingBalance: "100000", instruments: [EUR_USD, USD_JPY]}
  - {id: paper-crypto, venue: paper, environment: paper, baseCurrency: USDT, instruments: [BTCUSDT]}
risk:
  global: {maxOrderNotional: "5000000"}
api: {port: 0}
alerts:
  webhooks:
    - {name: ops, url: "http://127.0.0.1:9/hook", headers: {x-key: {env: TMT_TEST_WEBHOOK_KEY}}, maxAttempts: 1}
store: {dataDir: ./data}
logging: {level: debug}
`,
    );
    const destination = new Writable({
      write(chunk: Buffer, _encoding, done) {
        logLines.push(chunk.toString('utf8'));
        done();
      },
    });
    service = await startService(
      { path, env: { TMT_TEST_WEBHOOK_KEY: CANARY } },
      { logger: createLogger({ level: 'debug', destination }), processMetrics: false },
    );
    expect(service.bootstrapAdminToken).toMatch(/^tmt_/);
    client = new ApiClient({ baseUrl: service.url, token: service.bootstrapAdminToken as string });
  });
  afterAll(async () => service.app.close());

  const record = <T>(value: T): T => {
    bodies.push(JSON.stringify(value));
    return value;
  };

  it('streams live prices for the configured instruments', async () => {
    await expect.poll(async () => record(await client.prices()).prices.map((p) => p.instrumentId), { timeout: 15_000 }).toEqual(
      expect.arrayContaining(['EUR_USD.PAPER', 'USD_JPY.PAPER', 'BTCUSDT.PAPER']),
    );
  });

  it('places a market order that fills, and the position shows up', async () => {
    const response = record(await client.submitOrder({ clientOrderId: 'e2e-1', accountId: 'paper-fx', instrumentId: 'EUR_USD.PAPER', side: 'buy', type: 'market', quantity: '10000' }));
    expect(response.status).toBe(201);
    await expect.poll(async () => record(await client.order('e2e-1')).status, { timeout: 15_000 }).toBe('filled');
    const positions = record(await client.positions('paper-fx')).positions;
    expect(positions[0]).toMatchObject({ instrumentId: 'EUR_USD.PAPER', signedQuantity: '10000' });
  });

  it('denies an order above the configured notional limit with a risk code', async () => {
    const response = record(await client.submitOrder({ clientOrderId: 'e2e-big', accountId: 'paper-fx', instrumentId: 'EUR_USD.PAPER', side: 'buy', type: 'market', quantity: '90000000' }));
    expect(response.status).toBe(422);
    expect(String(response.body.code)).toMatch(/^RISK_/);
  });

  it('the kill switch halts trading and cancels resting orders', async () => {
    const resting = record(await client.submitOrder({ clientOrderId: 'e2e-rest', accountId: 'paper-fx', instrumentId: 'EUR_USD.PAPER', side: 'buy', type: 'limit', price: '0.90000', quantity: '1000', timeInForce: 'GTC' }));
    expect(resting.status).toBe(201);
    await expect.poll(async () => record(await client.order('e2e-rest')).status, { timeout: 15_000 }).toBe('accepted');
    const result = record(await client.emergencyStop());
    expect(result.tradingState).toMatchObject({ global: 'HALTED' });
    await expect.poll(async () => record(await client.order('e2e-rest')).status, { timeout: 15_000 }).toBe('canceled');
    const refused = record(await client.submitOrder({ accountId: 'paper-fx', instrumentId: 'EUR_USD.PAPER', side: 'buy', type: 'market', quantity: '1000' }));
    expect(refused.body.code).toBe('RISK_TRADING_HALTED');
  });

  it('serves metrics, events, audit and the dashboard page', async () => {
    const metrics = record(await client.metrics());
    expect(metrics).toContain('tmt_order_submit_to_ack_seconds_count{venue="PAPER"}');
    expect(metrics).toContain('tmt_trading_state{scope="global"} 2');
    expect(record(await client.events(undefined, 50)).events.length).toBeGreaterThan(0);
    expect(record(await client.audit({ action: 'kill-switch' })).entries).toHaveLength(1);
    record((await client.raw('GET', '/')).body);
    record(await client.call('GET', '/api/v1/risk'));
    record(await client.tokens());
  });

  it('never lets the canary secret reach logs, API responses, errors or the store', () => {
    expect(logLines.length).toBeGreaterThan(0);
    expect(logLines.join('')).not.toContain(CANARY);
    expect(bodies.join('')).not.toContain(CANARY);
    const dataDir = join(directory, 'data');
    for (const file of readdirSync(dataDir)) {
      expect(readFileSync(join(dataDir, file)).includes(Buffer.from(CANARY)), file).toBe(false);
    }
  });
});

import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
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

  const hooks: { key: string | undefined; body: { alert: { kind: string } } }[] = [];
  let receiver: Server;

  beforeAll(async () => {
    receiver = createServer((request, response) => {
      let text = '';
      request.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
      request.on('end', () => {
        hooks.push({
          key: request.headers['x-key'] as string | undefined,
          body: JSON.parse(text) as { alert: { kind: string } },
        });
        response.end();
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    const hookPort = (receiver.address() as AddressInfo).port;
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
    - {name: ops, url: "http://127.0.0.1:${hookPort}/hook", minSeverity: critical, headers: {x-key: {env: TMT_TEST_WEBHOOK_KEY}}, maxAttempts: 3}
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
  afterAll(async () => {
    await service.app.close();
    await new Promise((resolve) => receiver.close(resolve));
  });

  const record = <T>(value: T): T => {
    bodies.push(JSON.stringify(value));
    return value;
  };

  it('streams live prices for the configured instruments', async () => {
    await expect
      .poll(async () => record(await client.prices()).prices.map((p) => p.instrumentId), { timeout: 15_000 })
      .toEqual(expect.arrayContaining(['EUR_USD.PAPER', 'USD_JPY.PAPER', 'BTCUSDT.PAPER']));
  });

  it('places a market order that fills, and the position shows up', async () => {
    const response = record(
      await client.submitOrder({
        clientOrderId: 'e2e-1',
        accountId: 'paper-fx',
        instrumentId: 'EUR_USD.PAPER',
        side: 'buy',
        type: 'market',
        quantity: '10000',
      }),
    );
    expect(response.status).toBe(201);
    await expect
      .poll(async () => record(await client.order('e2e-1')).status, { timeout: 15_000 })
      .toBe('filled');
    const positions = record(await client.positions('paper-fx')).positions;
    expect(positions[0]).toMatchObject({ instrumentId: 'EUR_USD.PAPER', signedQuantity: '10000' });
    const fills = record(await client.fills({ accountId: 'paper-fx', clientOrderId: 'e2e-1' }));
    expect(fills.fills.length).toBeGreaterThan(0);
    // Close it partly, then fully: the closed position appears in the history.
    expect(record(await client.closePosition('paper-fx', 'EUR_USD.PAPER', '4000')).status).toBe(200);
    await expect
      .poll(async () => record(await client.positions('paper-fx')).positions[0]?.signedQuantity, {
        timeout: 15_000,
      })
      .toBe('6000');
    expect(record(await client.closePosition('paper-fx', 'EUR_USD.PAPER')).status).toBe(200);
    await expect
      .poll(
        async () =>
          record(
            await client.call<{ positions: unknown[] }>(
              'GET',
              '/api/v1/positions/history?accountId=paper-fx',
            ),
          ).positions.length,
        { timeout: 15_000 },
      )
      .toBeGreaterThan(0);
    const performance = record(await client.call('GET', '/api/v1/accounts/paper-fx/performance'));
    expect(performance).toMatchObject({ accountId: 'paper-fx' });
    expect(performance).toHaveProperty('winRate');
  });

  it('denies an order above the configured notional limit with a risk code', async () => {
    const response = record(
      await client.submitOrder({
        clientOrderId: 'e2e-big',
        accountId: 'paper-fx',
        instrumentId: 'EUR_USD.PAPER',
        side: 'buy',
        type: 'market',
        quantity: '90000000',
      }),
    );
    expect(response.status).toBe(422);
    expect(String(response.body.code)).toMatch(/^RISK_/);
  });

  it('bad input changes neither the journal nor the engine; a disabled account gets OrderDenied', async () => {
    const before = await service.app.store.journal.lastSequence();
    const orders = service.app.engine.orders().length;
    for (const body of [
      '{"accountId":',
      JSON.stringify({
        accountId: 'paper-fx',
        instrumentId: 'EUR_USD.PAPER',
        side: 'buy',
        type: 'market',
        quantity: 5,
      }),
    ]) {
      const response = record(await client.raw('POST', '/api/v1/orders', body));
      expect(response.status).toBe(400);
    }
    const unknownAccount = record(
      await client.submitOrder({
        accountId: 'nobody',
        instrumentId: 'EUR_USD.PAPER',
        side: 'buy',
        type: 'market',
        quantity: '1',
      }),
    );
    // Well-formed but for an account the service does not have: refused before the engine, nothing written.
    expect(unknownAccount.status).toBe(404);
    expect(unknownAccount.body).toMatchObject({ code: 'OMS_UNKNOWN_ACCOUNT', field: 'accountId' });
    expect(service.app.engine.orders().length).toBe(orders);
    expect(await service.app.store.journal.lastSequence()).toBe(before);

    await client.setAccountEnabled('paper-fx', false);
    const denied = record(
      await client.submitOrder({
        clientOrderId: 'e2e-disabled',
        accountId: 'paper-fx',
        instrumentId: 'EUR_USD.PAPER',
        side: 'buy',
        type: 'market',
        quantity: '1000',
      }),
    );
    expect(denied.status).toBe(422);
    expect(denied.body.code).toBe('RISK_ACCOUNT_DISABLED');
    expect(record(await client.order('e2e-disabled')).status).toBe('denied');
    // The denial is a journaled OrderDenied event, not only an answer: read it back from the journal.
    const journaled = await service.app.store.journal.read(before, 100_000);
    const deniedEntry = journaled.find((e) => e.type === 'OrderDenied' && e.payload.includes('e2e-disabled'));
    expect(deniedEntry?.payload).toContain('RISK_ACCOUNT_DISABLED');
    await client.setAccountEnabled('paper-fx', true);
  });

  it('refuses a decimal limit sent as a JSON number (a float), naming the field; whole counts pass', async () => {
    const before = service.app.engine.riskLimits().global;
    const bad = record(
      await client.raw('PUT', '/api/v1/risk/limits', {
        scope: 'global',
        limits: { maxOrderNotional: 1000.1 },
      }),
    );
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ code: 'API_VALIDATION', field: 'limits.maxOrderNotional' });
    expect(service.app.engine.riskLimits().global).toEqual(before);
    const whole = record(
      await client.raw('PUT', '/api/v1/risk/limits', { scope: 'global', limits: { maxOpenOrders: 10_000 } }),
    );
    expect(whole.status).toBe(200);
    expect(service.app.engine.riskLimits().global.maxOpenOrders).toBe(10_000);
  });

  it('the kill switch halts trading and cancels resting orders', async () => {
    const resting = record(
      await client.submitOrder({
        clientOrderId: 'e2e-rest',
        accountId: 'paper-fx',
        instrumentId: 'EUR_USD.PAPER',
        side: 'buy',
        type: 'limit',
        price: '0.90000',
        quantity: '1000',
        timeInForce: 'GTC',
      }),
    );
    expect(resting.status).toBe(201);
    await expect
      .poll(async () => record(await client.order('e2e-rest')).status, { timeout: 15_000 })
      .toBe('accepted');
    record(await client.modifyOrder('e2e-rest', { price: '0.91000' }));
    await expect
      .poll(async () => record(await client.order('e2e-rest')).price, { timeout: 15_000 })
      .toBe('0.91000');
    const result = record(await client.emergencyStop());
    expect(result.tradingState).toMatchObject({ global: 'HALTED' });
    await expect
      .poll(async () => record(await client.order('e2e-rest')).status, { timeout: 15_000 })
      .toBe('canceled');
    const refused = record(
      await client.submitOrder({
        accountId: 'paper-fx',
        instrumentId: 'EUR_USD.PAPER',
        side: 'buy',
        type: 'market',
        quantity: '1000',
      }),
    );
    expect(refused.body.code).toBe('RISK_TRADING_HALTED');
    // The engine's kill-switch alert reached the webhook, with the header resolved from its secret reference.
    await expect
      .poll(() => hooks.map((h) => h.body.alert.kind), { timeout: 15_000 })
      .toContain('kill-switch');
    expect(hooks[0]?.key).toBe(CANARY);
  });

  it('serves metrics, events, audit and the dashboard page', async () => {
    const metrics = record(await client.metrics());
    expect(metrics).toContain('tmt_order_submit_to_ack_seconds_count{venue="PAPER"}');
    expect(metrics).toContain('tmt_trading_state{scope="global"} 2');
    expect(metrics).toContain('tmt_venue_connected{venue="PAPER",account=""} 1');
    expect(metrics).toMatch(/tmt_order_ack_to_fill_seconds_count\{venue="PAPER"\} [1-9]/);
    expect(metrics).toMatch(/tmt_fill_slippage_bps_count\{venue="PAPER"\} [1-9]/);
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

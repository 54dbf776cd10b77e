import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { ApiClient } from '../../../src/api/client';
import { startService, type StartedService } from '../../../src/app/start-service';
import { createLogger } from '../../../src/shared/logger';
import { createOandaSimulator, type OandaSimulator } from '../../../src/simulators/oanda';

/** A `venue: oanda` account wired by the app's factory, against the OANDA simulator on loopback. */
describe('an OANDA account through the service', () => {
  let sim: OandaSimulator;
  let service: StartedService;
  let client: ApiClient;
  const logs: string[] = [];
  const bodies: string[] = [];
  let accountId: string;
  let directory: string;

  beforeAll(async () => {
    sim = await createOandaSimulator({ port: 0, seed: 7, prices: 'synthetic' });
    accountId = sim.accounts[sim.accounts.length - 1] as string;
    directory = mkdtempSync(join(tmpdir(), 'tmt-oanda-app-'));
    writeFileSync(
      join(directory, 'tmt.yaml'),
      `accounts:
  - id: ${accountId}
    venue: oanda
    environment: practice
    restUrl: ${sim.url}
    streamUrl: ${sim.streamUrl}
    credentials: {token: {env: SIM_OANDA_TOKEN}}
    instruments: [EUR_USD]
api: {port: 0}
`,
    );
    const destination = new Writable({
      write(chunk: Buffer, _encoding, done) {
        logs.push(chunk.toString('utf8'));
        done();
      },
    });
    service = await startService(
      { path: join(directory, 'tmt.yaml'), env: { SIM_OANDA_TOKEN: sim.token } },
      { logger: createLogger({ level: 'debug', destination }), processMetrics: false },
    );
    client = new ApiClient({ baseUrl: service.url, token: service.bootstrapAdminToken as string });
  });
  afterAll(async () => {
    await service.app.close();
    await sim.close();
  });

  const record = <T>(value: T): T => {
    bodies.push(JSON.stringify(value));
    return value;
  };

  it('trades: a market order on EUR_USD.OANDA fills', async () => {
    const response = record(
      await client.submitOrder({
        clientOrderId: 'oanda-1',
        accountId,
        instrumentId: 'EUR_USD.OANDA',
        side: 'buy',
        type: 'market',
        quantity: '1000',
        timeInForce: 'FOK',
      }),
    );
    expect(response.status).toBe(201);
    await expect
      .poll(async () => record(await client.order('oanda-1')).status, { timeout: 20_000 })
      .toBe('filled');
  });

  it('records every venue request with status and latency, and the token appears nowhere', async () => {
    const log = record(
      await client.call<{ requests: { venue: string; status: number; latencyMs: number }[] }>(
        'GET',
        '/api/v1/venue-requests?venue=OANDA',
      ),
    );
    expect(log.requests.length).toBeGreaterThan(0);
    expect(log.requests[0]).toMatchObject({ venue: 'OANDA' });
    record(await client.accounts());
    record(await client.metrics());
    expect(bodies.join('')).not.toContain(sim.token);
    expect(logs.join('')).not.toContain(sim.token);
    for (const file of readdirSync(join(directory, 'data'))) {
      expect(readFileSync(join(directory, 'data', file)).includes(Buffer.from(sim.token)), file).toBe(false);
    }
  });
});

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { ApiClient } from '../../../src/api/client';
import { startService, type StartedService } from '../../../src/app/start-service';
import { AccountId } from '../../../src/core';
import { silentLogger } from '../../../src/shared/logger';
import { SystemClock } from '../../../src/shared/system-clock';
import { startBinanceSimulator, type BinanceSimulator } from '../../../src/simulators/binance/server';
import { waitEngineMatchesVenue } from '../../contract/engine-matches-venue';
import { binanceTruth } from '../binance/harness';
import { tmt } from '../cli/support/tmt';

interface ReconciliationDto {
  accounts: { accountId: string; state: string; unresolved: { kind: string; key: string; description: string }[] }[];
}

/**
 * Issue 15 item 7 through the running service: a Binance account on the wire simulator, whose venue forgets a
 * resting order (its matching engine resumes from an earlier snapshot, as a simulator restarted on an old
 * state file does). The operator sees the item, a trade token may not accept it, the CLI accepts it as admin,
 * the audit log says who did, and TMT ends equal to the venue.
 */
describe("accepting the venue's truth through the API and the CLI", () => {
  let sim: BinanceSimulator;
  let service: StartedService;
  let admin: ApiClient;
  let trader: ApiClient;
  let env: Record<string, string>;
  const directory = mkdtempSync(join(tmpdir(), 'tmt-accept-truth-api-'));

  beforeAll(async () => {
    sim = await startBinanceSimulator({ clock: new SystemClock(), port: 0, seed: 5, walkMs: 0 });
    writeFileSync(
      join(directory, 'tmt.yaml'),
      `accounts:
  - id: binance-truth
    venue: binance
    environment: testnet
    baseCurrency: USDT
    restUrl: ${sim.url}
    streamUrl: ${sim.streamUrl}
    wsApiUrl: ${sim.wsApiUrl}
    credentials: {apiKey: {env: SIM_KEY}, apiSecret: {env: SIM_SECRET}}
    instruments: [BTCUSDT]
api: {port: 0}
`,
    );
    service = await startService(
      { path: join(directory, 'tmt.yaml'), env: { SIM_KEY: sim.apiKey, SIM_SECRET: sim.apiSecret } },
      { logger: silentLogger(), processMetrics: false },
    );
    const adminToken = service.bootstrapAdminToken as string;
    admin = new ApiClient({ baseUrl: service.url, token: adminToken });
    const trade = service.app.api.tokens.create({ name: 'trader', scope: 'trade', createdBy: 'test' });
    trader = new ApiClient({ baseUrl: service.url, token: trade.token });
    env = { TMT_URL: service.url, TMT_TOKEN: adminToken };
  }, 60_000);
  afterAll(async () => {
    await service.app.close();
    await sim.close();
    rmSync(directory, { recursive: true, force: true });
  });

  it('an order the venue lost: 403 for a trade token, accepted by the CLI as admin, audited, TMT equals the venue', async () => {
    const average = (await (await fetch(`${sim.url}/api/v3/avgPrice?symbol=BTCUSDT`)).json()) as { price: string };
    const [whole = '0'] = average.price.split('.');
    const before = sim.engine.save();
    const response = await admin.submitOrder({
      clientOrderId: 'truth-1',
      accountId: 'binance-truth',
      instrumentId: 'BTCUSDT.BINANCE',
      side: 'buy',
      type: 'limit',
      price: `${(BigInt(whole) * 9n) / 10n}.00`,
      quantity: '0.01000',
      timeInForce: 'GTC',
    });
    expect(response.status).toBe(201);
    await expect.poll(async () => (await admin.order('truth-1')).status, { timeout: 20_000 }).toBe('accepted');
    (sim.engine as unknown as { restore(saved: unknown): void }).restore(before);
    // Reconciliation runs every 5 s by default: the item appears within a bounded wait.
    await expect
      .poll(async () => (await admin.call<ReconciliationDto>('GET', '/api/v1/reconciliation')).accounts[0]?.unresolved.map((i) => `${i.kind} ${i.key}`), { timeout: 30_000, interval: 200 })
      .toEqual(['order-missing-at-venue truth-1']);
    const listed = await tmt(['reconcile'], env);
    expect(listed.code).toBe(1);
    expect(listed.stdout).toContain('order-missing-at-venue [truth-1]');

    const refused = await trader.raw('POST', '/api/v1/reconciliation/accept', { item: 'truth-1' });
    expect(refused.status).toBe(403);
    const unknown = await admin.raw('POST', '/api/v1/reconciliation/accept', { item: 'no-such-item' });
    expect(unknown.status).toBe(404);
    expect(unknown.body).toMatchObject({ code: 'OMS_RECONCILIATION_ITEM_UNKNOWN', field: 'item' });
    const badField = await admin.raw('POST', '/api/v1/reconciliation/accept', { item: 'truth-1', extra: 1 });
    expect(badField.status).toBe(400);

    const accepted = await tmt(['reconcile', '--accept', 'truth-1', '--json'], env);
    expect(accepted.code, accepted.stderr).toBe(0);
    expect(JSON.parse(accepted.stdout)).toMatchObject({
      accepted: { accountId: 'binance-truth', key: 'truth-1', kind: 'order-missing-at-venue' },
      reconciliation: { accounts: [{ state: 'reconciled', unresolved: [] }] },
    });
    expect((await admin.order('truth-1')).status).toBe('canceled');
    const audit = await admin.call<{ entries: { actor: string; action: string; outcome: string; details: unknown }[] }>('GET', '/api/v1/audit?limit=1000');
    const entries = audit.entries.filter((e) => e.action === 'reconciliation.accept-venue-truth');
    // The refused token never reached the action; the unknown item is recorded as an error, the CLI's as ok.
    const item = (details: unknown) => (JSON.parse(typeof details === 'string' ? details : JSON.stringify(details)) as { item?: string }).item;
    expect(entries.map((e) => `${e.outcome} ${item(e.details) ?? JSON.stringify(e.details)}`)).toEqual(['error no-such-item', 'ok truth-1']);
    const again = await tmt(['reconcile'], env);
    expect(again.code).toBe(0);
    await waitEngineMatchesVenue(service.app.engine, async () => binanceTruth(sim, 'BINANCE'), {
      accountId: AccountId.parse('binance-truth'),
      positions: false,
      balanceScale: 8,
    });
  }, 90_000);
});

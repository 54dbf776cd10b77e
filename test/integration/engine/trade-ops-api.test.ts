import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient } from '../../../src/api/client';
import { startService, type StartedService } from '../../../src/app/start-service';
import { silentLogger } from '../../../src/shared/logger';
import { createOandaSimulator, type OandaSimulator } from '../../../src/simulators/oanda';
import { createOandaVenue } from '../../../src/venues/oanda';
import { tmt } from '../cli/support/tmt';

interface TradeDto {
  tradeId: string;
  currentUnits: string;
  takeProfit?: { price: string };
  stopLoss?: { price: string };
  trailingStopDistance?: string;
}

/** Trade-level operations through the HTTP API of a running service, an OANDA account on the simulator. */
describe('OANDA trade-level operations through the API', () => {
  let sim: OandaSimulator;
  let service: StartedService;
  let client: ApiClient;
  let accountId: string;
  let directory: string;
  /** The venue's own view, read through a second adapter (not the service's). */
  let venue: ReturnType<typeof createOandaVenue>;

  beforeAll(async () => {
    sim = await createOandaSimulator({ port: 0, seed: 9, prices: 'synthetic' });
    accountId = sim.accounts[sim.accounts.length - 1] as string;
    directory = mkdtempSync(join(tmpdir(), 'tmt-trade-ops-api-'));
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
    service = await startService(
      { path: join(directory, 'tmt.yaml'), env: { SIM_OANDA_TOKEN: sim.token } },
      { logger: silentLogger(), processMetrics: false },
    );
    client = new ApiClient({ baseUrl: service.url, token: service.bootstrapAdminToken as string });
    venue = createOandaVenue({
      config: { environment: 'simulator', baseUrl: sim.url, accountIds: [accountId] },
      token: sim.token,
      logger: silentLogger(),
    });
  }, 60_000);
  afterAll(async () => {
    await venue.disconnect().catch(() => undefined);
    await service.app.close();
    await sim.close();
    rmSync(directory, { recursive: true, force: true });
  });

  const trades = async () =>
    (await client.call<{ trades: TradeDto[] }>('GET', `/api/v1/accounts/${accountId}/trades`)).trades;
  const position = async () =>
    (await client.call<{ positions: { instrumentId: string; signedQuantity: string }[] }>('GET', `/api/v1/positions?accountId=${accountId}`)).positions
      .filter((p) => p.instrumentId === 'EUR_USD.OANDA')
      .map((p) => p.signedQuantity);

  it('changes SL/TP/trailing of an open trade, closes part of it, then closes the position at the venue', async () => {
    const submitted = await client.submitOrder({
      clientOrderId: 'api-trade-1',
      accountId,
      instrumentId: 'EUR_USD.OANDA',
      side: 'buy',
      type: 'market',
      quantity: '10000',
      timeInForce: 'FOK',
      attached: { takeProfit: { price: '1.50000' }, stopLoss: { triggerPrice: '0.50000' } },
    });
    expect(submitted.status).toBe(201);
    await expect.poll(async () => (await client.order('api-trade-1')).status, { timeout: 20_000 }).toBe('filled');
    const [trade] = await trades();
    if (trade === undefined) throw new Error('no open trade');
    expect(trade.takeProfit?.price).toBe('1.50000');

    const changed = await client.call<{ trade: TradeDto }>(
      'PATCH',
      `/api/v1/accounts/${accountId}/trades/${trade.tradeId}/orders`,
      { takeProfit: '1.40000', stopLoss: null, trailingStopDistance: '0.05000' },
    );
    expect(changed.trade.takeProfit?.price).toBe('1.40000');
    const [atVenue] = await venue.trades.openTrades(venue.accountIds[0]!);
    expect(atVenue?.takeProfit?.price.toString()).toBe('1.40000');
    expect(atVenue?.stopLoss).toBeUndefined();
    expect(atVenue?.trailingStopDistance?.toString()).toBe('0.05000');

    const partial = await client.call<{ fills: { quantity: string; side: string }[] }>(
      'POST',
      `/api/v1/accounts/${accountId}/trades/${trade.tradeId}/close`,
      { units: '4000' },
    );
    expect(partial.fills.map((f) => `${f.side} ${f.quantity}`)).toEqual(['sell 4000']);
    await expect.poll(position, { timeout: 20_000 }).toEqual(['6000']);

    await client.call('POST', `/api/v1/positions/${accountId}/EUR_USD.OANDA/close-at-venue`);
    await expect.poll(position, { timeout: 20_000 }).toEqual([]);
    expect(await venue.trades.openTrades(venue.accountIds[0]!)).toEqual([]);
    expect(await trades()).toEqual([]);
  }, 60_000);

  it('the CLI changes a take-profit and closes the trade (tmt trades)', async () => {
    const submitted = await client.submitOrder({
      clientOrderId: 'cli-trade-1',
      accountId,
      instrumentId: 'EUR_USD.OANDA',
      side: 'buy',
      type: 'market',
      quantity: '1000',
      timeInForce: 'FOK',
      attached: { takeProfit: { price: '1.50000' } },
    });
    expect(submitted.status).toBe(201);
    await expect.poll(async () => (await client.order('cli-trade-1')).status, { timeout: 20_000 }).toBe('filled');
    const env = { TMT_URL: service.url, TMT_TOKEN: service.bootstrapAdminToken as string, TMT_FROM_SOURCE: '1' };
    const [trade] = await trades();
    if (trade === undefined) throw new Error('no open trade');
    const set = await tmt(['trades', 'set-orders', accountId, trade.tradeId, '--take-profit', '1.45000', '--json'], env);
    expect(set.code, set.stderr).toBe(0);
    expect(JSON.parse(set.stdout)).toMatchObject({ trade: { tradeId: trade.tradeId, takeProfit: { price: '1.45000' } } });
    expect((await trades()).map((t) => t.takeProfit?.price)).toEqual(['1.45000']);
    const closed = await tmt(['trades', 'close', accountId, trade.tradeId, '--json'], env);
    expect(closed.code, closed.stderr).toBe(0);
    expect(await trades()).toEqual([]);
  }, 120_000);

  it('refuses a bad body naming the field, and an unknown trade', async () => {
    const empty = await client.raw('PATCH', `/api/v1/accounts/${accountId}/trades/1/orders`, {});
    expect(empty.status).toBe(400);
    const negative = await client.raw('PATCH', `/api/v1/accounts/${accountId}/trades/1/orders`, { takeProfit: '-1' });
    expect(negative.status).toBe(400);
    expect(JSON.stringify(negative.body)).toContain('takeProfit');
    const unknown = await client.raw('POST', `/api/v1/accounts/${accountId}/trades/999999/close`, {});
    expect(unknown.status).toBe(404);
    expect(unknown.body).toMatchObject({ code: 'OMS_UNKNOWN_ORDER', field: 'tradeId' });
  }, 60_000);
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InstrumentId, Price } from '../../../src/core';
import { startApi, type RunningApi } from '../api/support/harness';
import { tmt } from '../cli/support/tmt';

const EURUSD = InstrumentId.parse('EUR_USD.PAPER');

describe('POST/GET/PATCH/DELETE /api/v1/algo-orders', () => {
  let api: RunningApi;
  beforeAll(async () => {
    api = await startApi();
  }, 60_000);
  afterAll(async () => {
    await api.close();
  });

  const call = async (method: string, path: string, body?: unknown) => {
    const response = await fetch(`${api.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${api.tokens.trade}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- a test reads the JSON shapes it asserts
    return { status: response.status, json: (await response.json()) as Record<string, any> };
  };

  async function until(condition: () => Promise<boolean>, what: string): Promise<void> {
    const deadline = Date.now() + 20_000;
    while (!(await condition())) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  it('an iceberg parent is created, read, paused, resumed and canceled, its children in every response', async () => {
    const quote = api.engine.quotes().find((q) => q.instrumentId === EURUSD);
    const limit = Price.parse(quote!.bid.sub(Price.parse('0.00500')).toString()).toString();
    const created = await call('POST', '/api/v1/algo-orders', {
      kind: 'iceberg', parentId: 'api-ice', accountId: 'paper-fx', instrumentId: 'EUR_USD.PAPER', side: 'buy',
      quantity: '30000', displayQuantity: '10000', limitPrice: limit,
    });
    expect(created.status).toBe(200);
    expect(created.json.parent).toMatchObject({ parentId: 'api-ice', kind: 'iceberg', status: 'running', quantity: '30000', leftQuantity: '30000' });
    expect(created.json.parent.children[0]).toMatchObject({ clientOrderId: 'api-ice.s0', quantity: '10000' });
    await until(async () => api.engine.order('api-ice.s0' as never)?.status === 'accepted', 'the displayed child resting');

    const listed = await call('GET', '/api/v1/algo-orders');
    expect(listed.json.parents.map((p: { parentId: string }) => p.parentId)).toContain('api-ice');
    const paused = await call('PATCH', '/api/v1/algo-orders/api-ice', { action: 'pause' });
    expect(paused.json.parent.status).toBe('paused');
    await until(async () => api.engine.order('api-ice.s0' as never)?.status === 'canceled', 'the child canceled by pause');
    const resumed = await call('PATCH', '/api/v1/algo-orders/api-ice', { action: 'resume' });
    expect(resumed.json.parent.status).toBe('running');
    expect(resumed.json.parent.children.map((c: { clientOrderId: string }) => c.clientOrderId)).toEqual(['api-ice.s0', 'api-ice.s1']);
    const deleted = await call('DELETE', '/api/v1/algo-orders/api-ice');
    expect(deleted.json.parent.status).toBe('canceled');
    await until(async () => api.engine.orders({ openOnly: true }).length === 0, 'no child left working');
    expect((await call('GET', '/api/v1/algo-orders/api-ice')).json.parent.status).toBe('canceled');
  }, 60_000);

  it('bad input is refused with the field and the rule; an unknown parent is 404', async () => {
    const bad = await call('POST', '/api/v1/algo-orders', {
      kind: 'twap', parentId: 'api-twap', accountId: 'paper-fx', instrumentId: 'EUR_USD.PAPER', side: 'buy',
      quantity: '1000', endAt: 1, startAt: 5, slices: 4,
    });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.json)).toContain('endAt');
    const unknown = await call('GET', '/api/v1/algo-orders/nope');
    expect(unknown.status).toBe(404);
  }, 30_000);
  it('tmt algo twap starts a parent through the API; tmt algo list shows it; tmt algo cancel ends it', async () => {
    const env = { TMT_URL: api.url, TMT_TOKEN: api.tokens.trade };
    const started = await tmt(['algo', 'twap', '-a', 'paper-fx', '-i', 'EUR_USD.PAPER', '-s', 'buy', '-q', '4000', '--id', 'cli-twap', '--over', '1h', '--slices', '4', '--json'], env);
    expect(started.code, started.stderr).toBe(0);
    const parent = (JSON.parse(started.stdout) as { parent: { parentId: string; children: { clientOrderId: string }[] } }).parent;
    expect(parent.parentId).toBe('cli-twap');
    expect(parent.children[0]?.clientOrderId).toBe('cli-twap.s0');
    const listed = await tmt(['algo', 'list'], env);
    expect(listed.stdout).toContain('cli-twap');
    const canceled = await tmt(['algo', 'cancel', 'cli-twap', '--json'], env);
    expect((JSON.parse(canceled.stdout) as { parent: { status: string } }).parent.status).toBe('canceled');
    const bad = await tmt(['algo', 'twap', '-a', 'paper-fx', '-i', 'EUR_USD.PAPER', '-s', 'buy', '-q', '4000', '--id', 'x', '--over', 'soon', '--slices', '4'], env);
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toContain('duration');
  }, 60_000);
});

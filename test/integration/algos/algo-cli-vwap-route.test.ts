import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApi, type RunningApi } from '../api/support/harness';
import { tmt } from '../cli/support/tmt';

describe('tmt algo vwap and tmt algo route through /api/v1/algo-orders', () => {
  let api: RunningApi;
  beforeAll(async () => {
    api = await startApi();
  }, 60_000);
  afterAll(async () => {
    await api.close();
  });
  const env = () => ({ TMT_URL: api.url, TMT_TOKEN: api.tokens.trade });

  it('tmt algo vwap starts a parent with its profile schedule; the first bucket is sent at once; cancel ends it', async () => {
    const started = await tmt(['algo', 'vwap', '-a', 'paper-fx', '-i', 'EUR_USD.PAPER', '-s', 'buy', '-q', '10000', '--id', 'cli-vwap', '--over', '1h', '--profile', '1,2,3,4', '--json'], env());
    expect(started.code, started.stderr).toBe(0);
    const parent = (JSON.parse(started.stdout) as { parent: { kind: string; schedule: { cumulativeTarget: string }[]; children: { clientOrderId: string; quantity: string }[] } }).parent;
    expect(parent.kind).toBe('vwap');
    expect(parent.schedule.map((s) => s.cumulativeTarget)).toEqual(['1000', '3000', '6000', '10000']);
    expect(parent.children.map((c) => [c.clientOrderId, c.quantity])).toEqual([['cli-vwap.s0', '1000']]);
    // The parent and its children are on the event stream: created, its slice issued, the child's fill.
    const deadline = Date.now() + 20_000;
    let reasons: string[] = [];
    let last: { filledQuantity: string; children: { clientOrderId: string }[] } | undefined;
    while (!reasons.includes('OrderFilled') && Date.now() < deadline) {
      const response = await fetch(`${api.url}/api/v1/events?types=AlgoParentUpdated&limit=1000`, { headers: { authorization: `Bearer ${api.tokens.trade}` } });
      const events = ((await response.json()) as { events: { event: { parentId: string; reason: string; filledQuantity: string; children: { clientOrderId: string }[] } }[] }).events
        .map((item) => item.event)
        .filter((event) => event.parentId === 'cli-vwap');
      reasons = events.map((event) => event.reason);
      last = events.at(-1);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(reasons.slice(0, 2)).toEqual(['AlgoParentCreated', 'AlgoSliceIssued']);
    expect(reasons).toContain('OrderFilled');
    expect([last?.filledQuantity, last?.children.map((c) => c.clientOrderId)]).toEqual(['1000', ['cli-vwap.s0']]);
    const canceled = await tmt(['algo', 'cancel', 'cli-vwap', '--json'], env());
    expect((JSON.parse(canceled.stdout) as { parent: { status: string } }).parent.status).toBe('canceled');
    const bad = await tmt(['algo', 'vwap', '-a', 'paper-fx', '-i', 'EUR_USD.PAPER', '-s', 'buy', '-q', '1', '--id', 'x', '--over', '1h', '--profile', '1,-2'], env());
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toContain('weights');
  }, 60_000);

  it('tmt algo route sends the parent with its legs; a bad leg is refused by the CLI, an unknown reference by the API', async () => {
    const started = await tmt(['algo', 'route', '-s', 'buy', '-q', '1000', '--id', 'cli-sor', '--leg', 'paper-fx,EUR_USD.PAPER,0.0001', '--json'], env());
    expect(started.code, started.stderr).toBe(0);
    const parent = (JSON.parse(started.stdout) as { parent: { kind: string; spec: { legs: { instrumentId: string; takerFeeRate: string; quoteRate: string }[] } } }).parent;
    expect(parent.kind).toBe('route');
    expect(parent.spec.legs).toEqual([{ accountId: 'paper-fx', instrumentId: 'EUR_USD.PAPER', takerFeeRate: '0.0001', quoteRate: '1' }]);
    const badLeg = await tmt(['algo', 'route', '-s', 'buy', '-q', '1', '--id', 'y', '--leg', 'paper-fx,EUR_USD.PAPER,2'], env());
    expect(badLeg.code).not.toBe(0);
    expect(badLeg.stderr).toContain('takerFee');
    const response = await fetch(`${api.url}/api/v1/algo-orders`, {
      method: 'POST',
      headers: { authorization: `Bearer ${api.tokens.trade}`, 'content-type': 'application/json' },
      body: JSON.stringify({ kind: 'route', parentId: 'z', accountId: 'paper-fx', instrumentId: 'EUR_USD.PAPER', side: 'buy', quantity: '1', legs: [{ accountId: 'paper-fx', instrumentId: 'GBP_USD.PAPER', takerFeeRate: '0' }] }),
    });
    expect(response.status).toBe(400);
    expect(JSON.stringify(await response.json())).toContain('instrumentId');
  }, 60_000);
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { EngineRuntime } from '../../../src/engine/engine-runtime';
import { startApi, validOrder, type RunningApi } from './support/harness';

/**
 * Issue 9, ask 5, over HTTP: the real service keeps two finished orders in memory; the rest are evicted to
 * the order history in the journal's database and the API still lists, shows and pages them as before.
 */
describe('finished orders over HTTP after they leave memory', () => {
  let api: RunningApi;
  const runtime = () => (api.engine as unknown as { runtime: EngineRuntime }).runtime;

  beforeAll(async () => {
    api = await startApi({ app: { retainFinishedOrders: 2 } });
  });
  afterAll(async () => api.close());

  it('lists, shows and pages evicted orders and their fills, newest first', async () => {
    const trade = api.client(api.tokens.trade);
    const ids: string[] = [];
    for (let i = 0; i < 8; i++) {
      const clientOrderId = `hist-${i}`;
      // Every fourth order rests far from the market (stays open); the others are market orders (filled).
      const body =
        i % 4 === 3
          ? validOrder({ clientOrderId, type: 'limit', price: '0.50000' })
          : validOrder({ clientOrderId, side: i % 2 === 0 ? 'buy' : 'sell' });
      const response = await trade.submitOrder(body);
      expect(response.status).toBe(201);
      ids.push(clientOrderId);
    }
    // Writes of finished orders happen after the turn that finished them: wait until six are stored.
    const history = runtime().finished;
    const deadline = Date.now() + 30_000;
    while ((await api.app.store.orderHistory?.count()) !== 6) {
      if (Date.now() > deadline) throw new Error('the finished orders were not written to the history');
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(history.retainedCount).toBeLessThanOrEqual(2);
    expect(runtime().context.cache.held('hist-0')).toBeUndefined();

    const read = api.client(api.tokens.read);
    const listed = await read.orders({ limit: 100 });
    const mine = listed.orders.filter((order) => String(order.clientOrderId).startsWith('hist-'));
    expect(mine.map((order) => order.clientOrderId)).toEqual([...ids].reverse());
    expect(mine.map((order) => order.status)).toEqual(
      [...ids].reverse().map((id) => (Number(id.slice(5)) % 4 === 3 ? 'accepted' : 'filled')),
    );
    const filled = await read.orders({ status: 'filled', limit: 3 });
    expect(filled.orders.map((order) => order.clientOrderId)).toEqual(['hist-6', 'hist-5', 'hist-4']);

    const one = await read.order('hist-0');
    expect(one).toMatchObject({ clientOrderId: 'hist-0', status: 'filled', quantity: '1000' });
    expect(Array.isArray(one.events)).toBe(true);
    expect(runtime().context.cache.held('hist-0')).toBeUndefined(); // a query loads nothing back

    const fills = await read.fills({ clientOrderId: 'hist-0' });
    expect(fills.fills).toHaveLength(1);
    expect(fills.fills[0]).toMatchObject({ side: 'buy', quantity: '1000' });
    const page = await read.fills({ limit: 2 });
    const next = await read.fills({ limit: 2, offset: 2 });
    expect(page.nextOffset).toBe(2);
    const times = [...page.fills, ...next.fills].map((fill) => Number(fill.occurredAt));
    expect(times).toEqual([...times].sort((a, b) => b - a));

    // The idempotency key still holds for an evicted order.
    const again = await trade.submitOrder(validOrder({ clientOrderId: 'hist-0', side: 'buy' }));
    expect(again.status).toBe(200);
    expect(again.body.existing).toBe(true);
  });
});

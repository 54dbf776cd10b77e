import { afterEach, describe, expect, it } from 'vitest';
import { AccountId, ClientOrderId, InstrumentId, Price, Quantity, type OrderRequest } from '../../../src/core';
import type { KillSwitchProgress } from '../../../src/engine';
import { startHarness, type Harness } from '../binance/harness';
import { startEngineRig, until, type EngineRig } from './venue-engine-rig';

const ACCOUNT = AccountId.parse('binance-test');
/** Room for the setup orders: the default ORDERS limit (100 per 10 s) would make the setup slow, not the test. */
const RATE_LIMITS = [
  { rateLimitType: 'REQUEST_WEIGHT' as const, interval: 'MINUTE' as const, intervalNum: 1, limit: 6000 },
  { rateLimitType: 'ORDERS' as const, interval: 'SECOND' as const, intervalNum: 10, limit: 10_000 },
];
const BOOKS: readonly { symbol: string; price: string; quantity: string }[] = [
  { symbol: 'BTCUSDT', price: '50000.00', quantity: '0.00100' },
  { symbol: 'ETHUSDT', price: '2500.00', quantity: '0.0100' },
  { symbol: 'ETHBTC', price: '0.04000', quantity: '0.0100' },
];

let harness: Harness | undefined;
let rig: EngineRig | undefined;
afterEach(async () => {
  await rig?.close();
  await harness?.sim.close();
  rig = undefined;
  harness = undefined;
});

function bid(book: (typeof BOOKS)[number], i: number): OrderRequest {
  return {
    clientOrderId: ClientOrderId.parse(`ksb-${book.symbol}-${i}`),
    accountId: ACCOUNT,
    instrumentId: InstrumentId.of(book.symbol, 'BINANCE'),
    side: 'buy',
    type: 'limit',
    quantity: Quantity.parse(book.quantity),
    price: Price.parse(book.price),
    timeInForce: 'GTC',
    postOnly: false,
    reduceOnly: false,
  };
}

async function start(perBook: number): Promise<{ harness: Harness; rig: EngineRig }> {
  harness = await startHarness({ sim: { rateLimits: RATE_LIMITS } });
  rig = await startEngineRig(harness.clock, harness.venue.client, { marketData: 'all' });
  // ETHBTC is valued in USDT through the BTCUSDT quote.
  await until('a BTCUSDT quote', () => {
    harness!.sim.state.market.movePrice('BTCUSDT', Price.parse('60000.00'));
    return rig!.engine.quotes().some((q) => q.instrumentId === 'BTCUSDT.BINANCE');
  });
  const outcomes = await Promise.all(
    BOOKS.flatMap((book) => Array.from({ length: perBook }, (_, i) => rig!.engine.submit(bid(book, i), 'test'))),
  );
  expect(outcomes.map((o) => (o.status === 'denied' ? o.denial.reason : o.order.status))).toEqual(
    outcomes.map(() => 'accepted'),
  );
  expect(harness.sim.engine.openOrders(AccountId.parse('binance-sim'))).toHaveLength(BOOKS.length * perBook);
  return { harness, rig };
}

function deletes(h: Harness, path: string): string[] {
  return h.requests.filter((r) => r.method === 'DELETE' && r.path.startsWith(path)).map((r) => r.path);
}

describe('kill switch against the Binance simulator', () => {
  it('cancels with one DELETE /api/v3/openOrders per symbol, none one by one, and ends with engine = venue', async () => {
    const { harness: h, rig: r } = await start(4);
    const progress: KillSwitchProgress[] = [];
    const result = await r.engine.killSwitch({ flatten: false, onProgress: (p) => progress.push(p) }, 'admin');

    expect(r.engine.tradingState('global')).toBe('HALTED');
    expect(result.failures).toEqual([]);
    expect(result.canceled).toBe(12);
    expect(result.stillOpen).toEqual([]);
    const batch = deletes(h, '/api/v3/openOrders');
    const perSymbol = new Map<string, number>();
    for (const path of batch) {
      const symbol = /symbol=([A-Z]+)/.exec(path)?.[1] ?? '?';
      perSymbol.set(symbol, (perSymbol.get(symbol) ?? 0) + 1);
    }
    expect(Object.fromEntries(perSymbol)).toEqual({ BTCUSDT: 1, ETHUSDT: 1, ETHBTC: 1 });
    expect(deletes(h, '/api/v3/order?')).toEqual([]);
    // Progress: HALTED first, then each cancel counted, done last.
    expect(progress[0]?.phase).toBe('halted');
    expect(progress.at(-1)).toMatchObject({ phase: 'done', total: 12, canceled: 12 });
    // Engine = venue.
    expect(h.sim.engine.openOrders(AccountId.parse('binance-sim'))).toHaveLength(0);
    expect(r.engine.orders({ openOnly: true })).toHaveLength(0);
    expect(await h.venue.client.openOrders(ACCOUNT)).toHaveLength(0);
  }, 60_000);

  it('a 429 (-1003) on the batch cancel is retried after Retry-After until every order is canceled', async () => {
    const { harness: h, rig: r } = await start(2);
    h.sim.state.limits.inject429(1);
    const result = await r.engine.killSwitch({ flatten: false }, 'admin');

    expect(h.sim.state.limits.rejections.map((x) => x.status)).toEqual([429]);
    expect(result.failures).toEqual([]);
    expect(result.stillOpen).toEqual([]);
    expect(r.engine.tradingState('global')).toBe('HALTED');
    expect(h.sim.engine.openOrders(AccountId.parse('binance-sim'))).toHaveLength(0);
    expect(r.engine.orders({ openOnly: true })).toHaveLength(0);
    // The retry honoured Retry-After: nothing was sent inside the window (which would have earned a 418).
    expect(h.sim.state.limits.rejections.filter((x) => x.status === 418)).toEqual([]);
  }, 60_000);

  it('under a ban (418): returns with what is still open, holds HALTED, and cancels everything once the ban ends', async () => {
    const { harness: h, rig: r } = await start(2);
    h.sim.state.limits.ban(h.clock.now(), 2);
    const result = await r.engine.killSwitch({ flatten: false, waitMs: 300 }, 'admin');

    expect(r.engine.tradingState('global')).toBe('HALTED');
    expect(result.stillOpen).toHaveLength(6);
    expect(h.sim.engine.openOrders(AccountId.parse('binance-sim'))).toHaveLength(6);
    expect(h.sim.state.limits.rejections.some((x) => x.status === 418)).toBe(true);

    await until('every cancel done after the ban', () => r.engine.orders({ openOnly: true }).length === 0);
    expect(h.sim.engine.openOrders(AccountId.parse('binance-sim'))).toHaveLength(0);
    expect(r.engine.tradingState('global')).toBe('HALTED');
    const denied = await r.engine.submit(bid(BOOKS[0]!, 99), 'test');
    expect(denied.status).toBe('denied');
  }, 60_000);
});

import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { Decimal } from '../../../src/core';
import { createOandaSimulator, type OandaSimulator } from '../../../src/simulators/oanda';
import { responseErrors } from './schema';

/** Issue 15 item 12: candles on both routes, and GET /pendingOrders listing every pending order. */
describe('oanda simulator candles and pending orders', () => {
  let sim: OandaSimulator;
  let account: string;

  beforeAll(async () => {
    sim = await createOandaSimulator({ prices: 'scripted', requestsPerSecond: 100_000 });
    account = sim.accounts[2] ?? '';
    // Three 5-second candles' worth of prices, on the venue's own (pushed) clock.
    const mids = [['1.10000', '1.10040', '1.09980'], ['1.10100', '1.10060'], ['1.10200']];
    for (const group of mids) {
      for (const mid of group) sim.market.movePrice('EUR_USD', Decimal.parse(mid));
      sim.market.advanceTime(5_000);
    }
  });
  afterAll(async () => sim.close());

  async function get(path: string): Promise<{ status: number; body: Record<string, unknown> }> {
    const response = await request(`${sim.url}${path}`, { headers: { authorization: `Bearer ${sim.token}` } });
    return { status: response.statusCode, body: (await response.body.json()) as Record<string, unknown> };
  }

  type Candle = { time: string; volume: number; complete: boolean; mid?: Record<string, string>; bid?: Record<string, string>; ask?: Record<string, string> };

  it('serves S5 mid candles on the instrument route, valid against the official schema', async () => {
    const response = await get('/v3/instruments/EUR_USD/candles?granularity=S5&count=10');
    expect(response.status).toBe(200);
    expect(responseErrors('GET', '/instruments/{instrument}/candles', 200, response.body)).toEqual([]);
    const candles = response.body.candles as Candle[];
    expect(response.body).toMatchObject({ instrument: 'EUR_USD', granularity: 'S5' });
    expect(candles.length).toBeGreaterThanOrEqual(3);
    const withPrices = candles.filter((c) => c.volume > 0);
    // Every price of the script is in exactly one candle: the volumes add up to the moves made.
    expect(withPrices.reduce((sum, c) => sum + c.volume, 0)).toBeGreaterThanOrEqual(6);
    const times = candles.map((c) => Date.parse(c.time));
    expect([...times].sort((a, b) => a - b)).toEqual(times);
    for (const candle of candles) {
      expect(Date.parse(candle.time) % 5_000).toBe(0);
      expect(Object.keys(candle.mid ?? {}).sort()).toEqual(['c', 'h', 'l', 'o']);
      expect(candle.bid).toBeUndefined();
      const { o, h, l, c } = candle.mid ?? {};
      for (const value of [o, c, l]) expect(Decimal.parse(h ?? '0').gte(Decimal.parse(value ?? '0'))).toBe(true);
    }
    // Complete exactly when the candle's end is not in the venue's future.
    const now = sim.clock.now();
    for (const candle of candles) expect(candle.complete).toBe(Date.parse(candle.time) + 5_000 <= now);
    expect(candles[0]?.complete).toBe(true);
    sim.market.movePrice('EUR_USD', Decimal.parse('1.10250'));
    const live = (await get('/v3/instruments/EUR_USD/candles?granularity=S5&count=1')).body.candles as Candle[];
    expect(live[0]?.complete).toBe(false);
  });

  it('serves bid and ask candles on the account route, with the same times', async () => {
    const plain = (await get('/v3/instruments/EUR_USD/candles?granularity=S5&price=BA')).body.candles as Candle[];
    const response = await get(`/v3/accounts/${account}/instruments/EUR_USD/candles?granularity=S5&price=BA`);
    expect(response.status).toBe(200);
    expect(responseErrors('GET', '/accounts/{accountID}/instruments/{instrument}/candles', 200, response.body)).toEqual([]);
    const candles = response.body.candles as Candle[];
    expect(candles).toEqual(plain);
    for (const candle of candles) {
      expect(candle.mid).toBeUndefined();
      expect(Decimal.parse(candle.ask?.['c'] ?? '0').gt(Decimal.parse(candle.bid?.['c'] ?? '0'))).toBe(true);
    }
  });

  it('aggregates a day into one D candle aligned to 17:00 New York', async () => {
    const candles = (await get('/v3/instruments/EUR_USD/candles?granularity=D&count=2')).body.candles as Candle[];
    expect(candles.length).toBeGreaterThanOrEqual(1);
    const hour = new Intl.DateTimeFormat('en-US', { timeZone: 'America/New_York', hour: '2-digit', hourCycle: 'h23' }).format(new Date(candles[0]?.time ?? 0));
    expect(hour).toBe('17');
    const seconds = (await get('/v3/instruments/EUR_USD/candles?granularity=S5&count=5000')).body.candles as Candle[];
    const total = (list: Candle[]) => list.reduce((sum, c) => sum + c.volume, 0);
    expect(total(candles)).toBe(total(seconds));
  });

  const refusals: [string, string][] = [
    ['an unknown granularity', 'granularity=S7'],
    ['a bad price component', 'price=MX'],
    ['count with from and to', 'from=2024-01-01T00:00:00Z&to=2024-01-02T00:00:00Z&count=5'],
    ['count above 5000', 'count=5001'],
    ['a bad time', 'from=yesterday'],
  ];
  for (const [name, query] of refusals) {
    it(`refuses ${name} with 400 naming the parameter`, async () => {
      const response = await get(`/v3/instruments/EUR_USD/candles?${query}`);
      expect(response.status).toBe(400);
      expect(String(response.body['errorMessage'])).toMatch(/^Invalid value specified for '/);
      expect(responseErrors('GET', '/instruments/{instrument}/candles', 400, response.body)).toEqual([]);
    });
  }

  it('refuses an unknown instrument', async () => {
    const response = await get('/v3/instruments/NOPE_USD/candles');
    expect(response.status).toBe(400);
  });

  it('lists every pending order on /pendingOrders, while /orders pages at count', async () => {
    for (let i = 0; i < 60; i++) {
      const response = await request(`${sim.url}/v3/accounts/${account}/orders`, {
        method: 'POST',
        headers: { authorization: `Bearer ${sim.token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ order: { type: 'LIMIT', instrument: 'EUR_USD', units: '100', price: '1.00000', timeInForce: 'GTC' } }),
      });
      expect(response.statusCode).toBe(201);
      await response.body.text();
    }
    const pending = await get(`/v3/accounts/${account}/pendingOrders`);
    expect((pending.body.orders as unknown[]).length).toBe(60);
    expect(responseErrors('GET', '/accounts/{accountID}/pendingOrders', 200, pending.body)).toEqual([]);
    const paged = await get(`/v3/accounts/${account}/orders`);
    expect((paged.body.orders as unknown[]).length).toBe(50);
  });
});

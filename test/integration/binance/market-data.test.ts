import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { Decimal } from '../../../src/core';
import { SystemClock } from '../../../src/shared/system-clock';
import { startBinanceSimulator, type BinanceSimulator } from '../../../src/simulators/binance/server';

/** Issue 15 item 12: the public market-data endpoints, in Binance's shapes and error codes, from one tape. */
describe('binance simulator market data', () => {
  let sim: BinanceSimulator;

  beforeAll(async () => {
    sim = await startBinanceSimulator({ clock: new SystemClock(), walkMs: 0 });
    // Each move prints a run of trades on the way (market.ts), so the tape has both sides and many prices.
    for (const mid of ['60100.00', '59900.00', '60250.00', '60050.00']) sim.state.market.movePrice('BTCUSDT', Decimal.parse(mid));
  });
  afterAll(async () => sim.close());

  async function get(path: string): Promise<{ status: number; body: unknown; type: string }> {
    const response = await request(`${sim.url}${path}`);
    const type = String(response.headers['content-type'] ?? '');
    const text = await response.body.text();
    return { status: response.statusCode, body: type.includes('json') ? (JSON.parse(text) as unknown) : text, type };
  }

  type Trade = { id: number; price: string; qty: string; quoteQty: string; time: number; isBuyerMaker: boolean; isBestMatch: boolean };

  it('lists recent trades with per-symbol ids, oldest first, and honours limit', async () => {
    const all = (await get('/api/v3/trades?symbol=BTCUSDT&limit=1000')).body as Trade[];
    expect(all.length).toBeGreaterThan(10);
    expect(Object.keys(all[0] ?? {}).sort()).toEqual(['id', 'isBestMatch', 'isBuyerMaker', 'price', 'qty', 'quoteQty', 'time']);
    all.forEach((trade, index) => {
      expect(trade.id).toBe(index + 1);
      expect(trade.price).toMatch(/^\d+\.\d{8}$/);
      expect(Decimal.parse(trade.quoteQty).eq(Decimal.parse(trade.price).mul(Decimal.parse(trade.qty)))).toBe(true);
    });
    expect(new Set(all.map((t) => t.isBuyerMaker)).size).toBe(2);
    const last3 = (await get('/api/v3/trades?symbol=BTCUSDT&limit=3')).body as Trade[];
    expect(last3).toEqual(all.slice(-3));
  });

  it('aggregates trades and pages aggTrades by fromId', async () => {
    const trades = (await get('/api/v3/trades?symbol=BTCUSDT&limit=1000')).body as Trade[];
    type Agg = { a: number; p: string; q: string; f: number; l: number; T: number; m: boolean; M: boolean };
    const aggs = (await get('/api/v3/aggTrades?symbol=BTCUSDT&limit=1000')).body as Agg[];
    expect(Object.keys(aggs[0] ?? {}).sort()).toEqual(['M', 'T', 'a', 'f', 'l', 'm', 'p', 'q']);
    // Every trade is in exactly one aggregate, and the aggregate's quantity is the sum of its trades'.
    let covered = 0;
    for (const agg of aggs) {
      const members = trades.filter((t) => t.id >= agg.f && t.id <= agg.l);
      covered += members.length;
      const sum = members.reduce((total, t) => total.add(Decimal.parse(t.qty)), Decimal.ZERO);
      expect(sum.eq(Decimal.parse(agg.q))).toBe(true);
      expect(members.every((t) => t.price === agg.p && t.isBuyerMaker === agg.m)).toBe(true);
    }
    expect(covered).toBe(trades.length);
    const second = aggs[1];
    const page = (await get(`/api/v3/aggTrades?symbol=BTCUSDT&fromId=${second?.a}&limit=2`)).body as Agg[];
    expect(page).toEqual(aggs.slice(1, 3));
  });

  it('builds klines whose volume and counts add up to the tape', async () => {
    const trades = (await get('/api/v3/trades?symbol=BTCUSDT&limit=1000')).body as Trade[];
    const klines = (await get('/api/v3/klines?symbol=BTCUSDT&interval=1d')).body as unknown[][];
    expect(klines.length).toBeGreaterThanOrEqual(1);
    const count = klines.reduce((total, k) => total + (k[8] as number), 0);
    expect(count).toBe(trades.length);
    const volume = klines.reduce((total, k) => total.add(Decimal.parse(k[5] as string)), Decimal.ZERO);
    expect(volume.eq(trades.reduce((total, t) => total.add(Decimal.parse(t.qty)), Decimal.ZERO))).toBe(true);
    const first = klines[0] ?? [];
    expect(first).toHaveLength(12);
    expect((first[6] as number) - (first[0] as number)).toBe(86_400_000 - 1);
    const prices = trades.map((t) => Decimal.parse(t.price));
    const high = prices.reduce((a, b) => a.max(b));
    expect(Decimal.parse(klines.map((k) => k[2] as string).reduce((a, b) => (Decimal.parse(a).gt(Decimal.parse(b)) ? a : b))).eq(high)).toBe(true);
    expect(klines.at(-1)?.[4]).toBe(trades.at(-1)?.price);
  });

  it('answers ticker/price, bookTicker and ticker/24hr from the same tape and book', async () => {
    const trades = (await get('/api/v3/trades?symbol=BTCUSDT&limit=1000')).body as Trade[];
    const price = (await get('/api/v3/ticker/price?symbol=BTCUSDT')).body as { symbol: string; price: string };
    expect(price).toEqual({ symbol: 'BTCUSDT', price: trades.at(-1)?.price });
    const book = (await get('/api/v3/ticker/bookTicker?symbol=BTCUSDT')).body as Record<string, string>;
    const depth = (await get('/api/v3/depth?symbol=BTCUSDT&limit=1')).body as { bids: string[][]; asks: string[][] };
    expect(book).toEqual({ symbol: 'BTCUSDT', bidPrice: depth.bids[0]?.[0], bidQty: depth.bids[0]?.[1], askPrice: depth.asks[0]?.[0], askQty: depth.asks[0]?.[1] });
    const day = (await get('/api/v3/ticker/24hr?symbol=BTCUSDT')).body as Record<string, unknown>;
    expect(Object.keys(day)).toEqual(['symbol', 'priceChange', 'priceChangePercent', 'weightedAvgPrice', 'prevClosePrice', 'lastPrice', 'lastQty', 'bidPrice', 'bidQty', 'askPrice', 'askQty', 'openPrice', 'highPrice', 'lowPrice', 'volume', 'quoteVolume', 'openTime', 'closeTime', 'firstId', 'lastId', 'count']);
    expect(day).toMatchObject({ count: trades.length, firstId: 1, lastId: trades.length, lastPrice: trades.at(-1)?.price, openPrice: trades[0]?.price });
    const mini = (await get('/api/v3/ticker/24hr?symbol=BTCUSDT&type=MINI')).body as Record<string, unknown>;
    expect(Object.keys(mini)).not.toContain('bidPrice');
    // An untraded symbol: zero counts and -1 ids; the list forms return one entry per symbol asked for.
    const untraded = (await get('/api/v3/ticker/24hr?symbol=LTCBTC')).body as Record<string, unknown>;
    expect(untraded).toMatchObject({ count: 0, firstId: -1, lastId: -1, volume: '0.00000000' });
    const two = (await get(`/api/v3/ticker/price?symbols=${encodeURIComponent('["BTCUSDT","ETHUSDT"]')}`)).body as { symbol: string }[];
    expect(two.map((t) => t.symbol)).toEqual(['BTCUSDT', 'ETHUSDT']);
    const every = (await get('/api/v3/ticker/bookTicker')).body as { symbol: string }[];
    expect(every.map((t) => t.symbol)).toEqual(['BTCUSDT', 'ETHUSDT', 'ETHBTC', 'LTCBTC']);
  });

  const errors: [string, string, number, number][] = [
    ['no symbol on trades', '/api/v3/trades', 400, -1102],
    ['an unknown symbol', '/api/v3/klines?symbol=NOPE&interval=1m', 400, -1121],
    ['no interval', '/api/v3/klines?symbol=BTCUSDT', 400, -1102],
    ['an unknown interval', '/api/v3/klines?symbol=BTCUSDT&interval=7m', 400, -1120],
    ['symbol and symbols together', `/api/v3/ticker/price?symbol=BTCUSDT&symbols=${encodeURIComponent('["BTCUSDT"]')}`, 400, -1128],
    ['malformed symbols', '/api/v3/ticker/price?symbols=BTCUSDT', 400, -1100],
    ['an unknown symbol in symbols', `/api/v3/ticker/24hr?symbols=${encodeURIComponent('["BTCUSDT","NOPE"]')}`, 400, -1121],
    ['a bad limit', '/api/v3/trades?symbol=BTCUSDT&limit=ten', 400, -1100],
  ];
  for (const [name, path, status, code] of errors) {
    it(`refuses ${name} with ${status} ${code}`, async () => {
      const response = await get(path);
      expect(response.status).toBe(status);
      expect((response.body as { code: number }).code).toBe(code);
      expect(typeof (response.body as { msg: string }).msg).toBe('string');
    });
  }

  it('counts the documented request weight', async () => {
    const used = async (path: string) => {
      const response = await request(`${sim.url}${path}`);
      await response.body.text();
      return Number(response.headers['x-mbx-used-weight-1m']);
    };
    const before = await used('/api/v3/ping');
    expect((await used('/api/v3/trades?symbol=BTCUSDT')) - before).toBe(25);
  });

  it('answers an unknown route as Binance does: a bare HTML 404, not a JSON body', async () => {
    const response = await get('/api/v3/nothing-here');
    expect(response.status).toBe(404);
    expect(response.type).toContain('text/html');
    expect(String(response.body)).toContain('404 Not Found');
  });
});

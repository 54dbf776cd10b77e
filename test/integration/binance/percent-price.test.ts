import { describe, expect, it } from 'vitest';
import { AccountId, ClientOrderId, Decimal, InstrumentId, Price, Quantity, isTmtError, type OrderRequest } from '../../../src/core';
import { DEFAULT_SYMBOLS } from '../../../src/simulators/binance/symbols';
import { startHarness, type Harness } from './harness';

const account = AccountId.parse('binance-test');

/** BTCUSDT with a narrow band so tests can reach both edges: BUY 0.95×..1.05×, SELL 0.90×..1.10× the 1-minute average. */
const NARROW = DEFAULT_SYMBOLS.map((s) =>
  s.symbol === 'BTCUSDT'
    ? { ...s, percentPriceBySide: { bidMultiplierUp: '1.05', bidMultiplierDown: '0.95', askMultiplierUp: '1.10', askMultiplierDown: '0.90', avgPriceMins: 1 } }
    : { ...s },
);

function limit(symbol: string, side: 'buy' | 'sell', price: string, quantity: string, id: string): OrderRequest {
  return {
    clientOrderId: ClientOrderId.parse(id),
    accountId: account,
    instrumentId: InstrumentId.of(symbol, 'BINANCE'),
    side,
    type: 'limit',
    quantity: Quantity.parse(quantity),
    price: Price.parse(price),
    timeInForce: 'GTC',
    postOnly: false,
    reduceOnly: false,
  };
}

/** Sends straight to POST /api/v3/order, past the adapter's own checks, to see what the simulator answers. */
async function raw(h: Harness, symbol: string, side: 'BUY' | 'SELL', price: string, quantity: string): Promise<{ ok: true } | { venueCode: unknown; venueMessage: unknown }> {
  try {
    await h.venue.api.newOrder([['symbol', symbol], ['side', side], ['type', 'LIMIT'], ['timeInForce', 'GTC'], ['quantity', quantity], ['price', price]]);
    return { ok: true };
  } catch (error) {
    if (isTmtError(error)) return { venueCode: error.details.venueCode, venueMessage: error.details.venueMessage };
    throw error;
  }
}

async function withHarness(run: (h: Harness) => Promise<void>): Promise<void> {
  const h = await startHarness({ sim: { symbols: NARROW } });
  try {
    await run(h);
  } finally {
    await h.close();
  }
}

const orderPosts = (h: Harness): number => h.sim.state.requests.filter((r) => r.method === 'POST' && r.path === '/api/v3/order').length;

describe('binance PERCENT_PRICE_BY_SIDE and PERCENT_PRICE', () => {
  it('publishes both filters in exchangeInfo with the documented fields', () =>
    withHarness(async (h) => {
      const info = (await (await fetch(`${h.sim.url}/api/v3/exchangeInfo`)).json()) as { symbols: { symbol: string; filters: Record<string, unknown>[] }[] };
      const filters = (symbol: string) => info.symbols.find((s) => s.symbol === symbol)?.filters ?? [];
      expect(filters('BTCUSDT')).toContainEqual({ filterType: 'PERCENT_PRICE_BY_SIDE', bidMultiplierUp: '1.05', bidMultiplierDown: '0.95', askMultiplierUp: '1.10', askMultiplierDown: '0.90', avgPriceMins: 1 });
      expect(filters('ETHBTC')).toContainEqual({ filterType: 'PERCENT_PRICE', multiplierUp: '5', multiplierDown: '0.2', avgPriceMins: 5 });
      const avg = (await (await fetch(`${h.sim.url}/api/v3/avgPrice?symbol=BTCUSDT`)).json()) as { mins: number; price: string };
      expect(avg).toMatchObject({ mins: 1, price: '60000.00000000' });
    }), 30_000);

  it('the simulator answers -1013 "Filter failure: PERCENT_PRICE_BY_SIDE" outside the side band, edges inclusive', () =>
    withHarness(async (h) => {
      const failure = { venueCode: '-1013', venueMessage: 'Filter failure: PERCENT_PRICE_BY_SIDE' };
      expect(await raw(h, 'BTCUSDT', 'BUY', '56999.99', '0.001')).toEqual(failure);
      expect(await raw(h, 'BTCUSDT', 'BUY', '63000.01', '0.001')).toEqual(failure);
      expect(await raw(h, 'BTCUSDT', 'SELL', '53999.99', '0.001')).toEqual(failure);
      expect(await raw(h, 'BTCUSDT', 'SELL', '66000.01', '0.001')).toEqual(failure);
      expect(await raw(h, 'BTCUSDT', 'BUY', '57000.00', '0.001')).toEqual({ ok: true });
      expect(await raw(h, 'BTCUSDT', 'SELL', '66000.00', '0.001')).toEqual({ ok: true });
    }), 30_000);

  it('the simulator measures against the weighted average of recent trades, and PERCENT_PRICE on both sides', () =>
    withHarness(async (h) => {
      h.sim.state.market.movePrice('ETHBTC', Decimal.parse('0.06'));
      const avg = (await (await fetch(`${h.sim.url}/api/v3/avgPrice?symbol=ETHBTC`)).json()) as { mins: number; price: string };
      const average = Decimal.parse(avg.price);
      expect(average.gt(Decimal.parse('0.05')) && average.lt(Decimal.parse('0.0601'))).toBe(true);
      const below = average.mul(Decimal.parse('0.2')).roundToIncrement(Decimal.parse('0.00001'), 'down').sub(Decimal.parse('0.00001'));
      expect(await raw(h, 'ETHBTC', 'SELL', below.toFixedScale(5, 'down'), '1')).toEqual({ venueCode: '-1013', venueMessage: 'Filter failure: PERCENT_PRICE' });
      // The adapter asks the venue for the same average and refuses the same order before sending it.
      const before = orderPosts(h);
      const result = await h.venue.client.submit({ request: limit('ETHBTC', 'sell', below.toFixedScale(5, 'down'), '1', 'pp-ethbtc'), venueClientOrderId: 'pp-ethbtc' as never });
      expect(result).toMatchObject({ status: 'rejected', code: 'VENUE_FILTER_FAILURE' });
      expect(result.status === 'rejected' ? result.reason : '').toMatch(/^Filter failure: PERCENT_PRICE \(field price: SELL .* is below the average price/);
      expect(orderPosts(h)).toBe(before);
    }), 30_000);

  it('the adapter denies an order that would fail PERCENT_PRICE_BY_SIDE before sending it, with code, field and rule', () =>
    withHarness(async (h) => {
      const before = orderPosts(h);
      const high = await h.venue.client.submit({ request: limit('BTCUSDT', 'buy', '63000.01', '0.001', 'pp-high'), venueClientOrderId: 'pp-high' as never });
      expect(high).toMatchObject({ status: 'rejected', code: 'VENUE_FILTER_FAILURE', venueReason: expect.stringMatching(/^local: Filter failure: PERCENT_PRICE_BY_SIDE/) as unknown });
      expect(high.status === 'rejected' ? high.reason : '').toBe(
        'Filter failure: PERCENT_PRICE_BY_SIDE (field price: BUY 63000.01 is above the average price 60000.00000000 × 1.05 = 63000.0000000000)',
      );
      const low = await h.venue.client.submit({ request: limit('BTCUSDT', 'sell', '53999.99', '0.001', 'pp-low'), venueClientOrderId: 'pp-low' as never });
      expect(low).toMatchObject({ status: 'rejected', code: 'VENUE_FILTER_FAILURE' });
      expect(low.status === 'rejected' ? low.reason : '').toContain('SELL 53999.99 is below the average price 60000.00000000 × 0.90');
      expect(orderPosts(h)).toBe(before);
      // Inside the band the order goes to the venue and rests.
      const inside = await h.venue.client.submit({ request: limit('BTCUSDT', 'buy', '57000.00', '0.001', 'pp-in'), venueClientOrderId: 'pp-in' as never });
      expect(inside.status).toBe('accepted');
      expect(orderPosts(h)).toBe(before + 1);
    }), 30_000);
});

import { describe, expect, it } from 'vitest';
import { AccountId, ClientOrderId, InstrumentId, Price, Quantity, isTmtError, type OrderRequest, type VenueReport } from '../../../src/core';
import { startHarness, type Harness } from './harness';

/**
 * Self-trade prevention (faqs/stp_faq.md). BTCUSDT opens at mid 60000 with asks from 60000.01: our SELL at 60000.01
 * rests (it crosses no bid), and a BUY at 60000.05 would meet it.
 */
const MAKER_PRICE = '60000.01';
const TAKER_PRICE = '60000.05';

type Row = Record<string, unknown>;

async function place(h: Harness, side: 'BUY' | 'SELL', price: string, clientId: string, mode?: string): Promise<Row> {
  const params: [string, string][] = [['symbol', 'BTCUSDT'], ['side', side], ['type', 'LIMIT'], ['timeInForce', 'GTC'], ['quantity', '0.01'], ['price', price], ['newClientOrderId', clientId], ['newOrderRespType', 'FULL']];
  if (mode !== undefined) params.push(['selfTradePreventionMode', mode]);
  return (await h.venue.api.newOrder(params)) as unknown as Row;
}

async function query(h: Harness, clientId: string): Promise<Row> {
  return (await h.venue.api.getOrder('BTCUSDT', clientId, undefined)) as unknown as Row;
}

async function withHarness(run: (h: Harness) => Promise<void>): Promise<void> {
  const h = await startHarness();
  try {
    await run(h);
  } finally {
    await h.close();
  }
}

async function waitUntil(condition: () => boolean, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('binance self-trade prevention (simulator + adapter)', () => {
  it('publishes the default and allowed STP modes in exchangeInfo and refuses a mode it does not allow with -1013', () =>
    withHarness(async (h) => {
      const info = (await (await fetch(`${h.sim.url}/api/v3/exchangeInfo`)).json()) as { symbols: Row[] };
      expect(info.symbols[0]).toMatchObject({ defaultSelfTradePreventionMode: 'EXPIRE_MAKER', allowedSelfTradePreventionModes: ['NONE', 'EXPIRE_TAKER', 'EXPIRE_MAKER', 'EXPIRE_BOTH'] });
      try {
        await place(h, 'BUY', '59000.00', 'stp-decrement', 'DECREMENT');
        throw new Error('expected a refusal');
      } catch (error) {
        expect(isTmtError(error) ? error.details : error).toMatchObject({ venueCode: '-1013', venueMessage: 'This symbol does not allow the specified self-trade prevention mode.' });
      }
    }), 30_000);

  it('EXPIRE_MAKER: our resting order expires in match with its prevented quantity; the taker trades on', () =>
    withHarness(async (h) => {
      await place(h, 'SELL', MAKER_PRICE, 'stp-maker-1');
      const taker = await place(h, 'BUY', TAKER_PRICE, 'stp-taker-1', 'EXPIRE_MAKER');
      expect(taker.status).toBe('FILLED');
      expect(await query(h, 'stp-maker-1')).toMatchObject({ status: 'EXPIRED_IN_MATCH', executedQty: '0.00000000', preventedQuantity: '0.01000000', selfTradePreventionMode: 'EXPIRE_MAKER' });
    }), 30_000);

  it('EXPIRE_TAKER: the taker expires in match before reaching our order, which stays', () =>
    withHarness(async (h) => {
      await place(h, 'SELL', MAKER_PRICE, 'stp-maker-2');
      const taker = await place(h, 'BUY', TAKER_PRICE, 'stp-taker-2', 'EXPIRE_TAKER');
      expect(taker).toMatchObject({ status: 'EXPIRED_IN_MATCH', price: '60000.05000000', executedQty: '0.00000000', timeInForce: 'GTC', preventedQuantity: '0.01000000' });
      expect(await query(h, 'stp-maker-2')).toMatchObject({ status: 'NEW' });
    }), 30_000);

  it('EXPIRE_BOTH: both orders expire in match, with executionReports carrying the prevention fields', () =>
    withHarness(async (h) => {
      const events: Row[] = [];
      h.sim.state.exchange.onUserEvent((event) => events.push(event));
      await place(h, 'SELL', MAKER_PRICE, 'stp-maker-3');
      const taker = await place(h, 'BUY', TAKER_PRICE, 'stp-taker-3', 'EXPIRE_BOTH');
      expect(taker.status).toBe('EXPIRED_IN_MATCH');
      expect(await query(h, 'stp-maker-3')).toMatchObject({ status: 'EXPIRED_IN_MATCH', preventedQuantity: '0.01000000' });
      const prevention = events.filter((e) => e.e === 'executionReport' && e.x === 'TRADE_PREVENTION');
      expect(prevention.map((e) => e.c).sort()).toEqual(['stp-maker-3', 'stp-taker-3']);
      for (const e of prevention) {
        expect(e).toMatchObject({ X: 'EXPIRED_IN_MATCH', A: '0.01000000', B: '0.01000000', u: -1, Cs: 'BTCUSDT', pL: '60000.01000000', V: expect.any(String) as unknown });
        expect(typeof e.v).toBe('number');
      }
      expect(prevention[0]?.v).toBe(prevention[1]?.v);
    }), 30_000);

  it('the adapter maps EXPIRED_IN_MATCH from the user stream to an expired order with the venue reason', () =>
    withHarness(async (h) => {
      const reports: VenueReport[] = [];
      h.venue.client.onReport((r) => reports.push(r));
      const account = AccountId.parse('binance-test');
      const order = (side: 'buy' | 'sell', price: string, id: string): OrderRequest => ({
        clientOrderId: ClientOrderId.parse(id),
        accountId: account,
        instrumentId: InstrumentId.of('BTCUSDT', 'BINANCE'),
        side,
        type: 'limit',
        quantity: Quantity.parse('0.01'),
        price: Price.parse(price),
        timeInForce: 'GTC',
        postOnly: false,
        reduceOnly: false,
      });
      expect((await h.venue.client.submit({ request: order('sell', MAKER_PRICE, 'stp-a'), venueClientOrderId: 'stp-a' as never })).status).toBe('accepted');
      // No mode sent: the symbol's default (EXPIRE_MAKER) expires our resting SELL.
      expect((await h.venue.client.submit({ request: order('buy', TAKER_PRICE, 'stp-b'), venueClientOrderId: 'stp-b' as never })).status).toBe('accepted');
      await waitUntil(() => reports.some((r) => r.kind === 'order' && r.report.venueClientOrderId === 'stp-a' && r.report.status === 'expired'));
      const expired = reports.find((r) => r.kind === 'order' && r.report.venueClientOrderId === 'stp-a' && r.report.status === 'expired');
      expect(expired?.kind === 'order' ? expired.report.venueReason : undefined).toBe('EXPIRED_IN_MATCH');
      expect(h.venue.client.unrecognized.size).toBe(0);
      const state = await h.venue.client.orderStatus({ accountId: account, instrumentId: InstrumentId.of('BTCUSDT', 'BINANCE'), venueClientOrderId: 'stp-a' as never });
      expect(state).toMatchObject({ status: 'expired', venueReason: 'EXPIRED_IN_MATCH' });
    }), 30_000);
});

import { describe, expect, it } from 'vitest';
import { AccountId, ClientOrderId, Decimal, InstrumentId, Price, Quantity, type OrderRequest, type VenueReport } from '../../../src/core';
import { submitOco, submitOto } from '../../../src/venues/binance/order-lists';
import { startHarness } from './harness';

function leg(venue: 'BINANCE' | 'BINANCEUS', id: string, partial: Partial<OrderRequest>): { request: OrderRequest; venueClientOrderId: never } {
  return {
    request: {
      clientOrderId: ClientOrderId.parse(id),
      accountId: AccountId.parse('binance-test'),
      instrumentId: InstrumentId.of('BTCUSDT', venue),
      side: 'sell',
      type: 'limit',
      quantity: Quantity.parse('0.01'),
      timeInForce: 'GTC',
      postOnly: true,
      reduceOnly: false,
      ...partial,
    },
    venueClientOrderId: id as never,
  };
}

for (const profile of ['spot', 'us'] as const) {
  const venue = profile === 'us' ? 'BINANCEUS' : 'BINANCE';
  describe(`binance OCO (${profile}: ${profile === 'us' ? 'legacy POST /api/v3/order/oco' : 'POST /api/v3/orderList/oco'})`, () => {
    it('places both legs as one list; a fill of the take-profit cancels the stop', async () => {
      const h = await startHarness({ profile });
      try {
        const reports: VenueReport[] = [];
        h.venue.client.onReport((r) => reports.push(r));
        const takeProfit = leg(venue, `tp-${profile}`, { price: Price.parse('61000.00') });
        const stop = leg(venue, `sl-${profile}`, { type: 'stop-limit', triggerPrice: Price.parse('59000.00'), price: Price.parse('58900.00'), postOnly: false });
        const list = await submitOco(h.venue.api, h.venue.symbols, `oco-${profile}`, takeProfit, stop);
        if ('reason' in list) throw new Error(list.reason);
        expect(list.orders).toHaveLength(2);
        expect(list.listClientOrderId).toBe(`oco-${profile}`);
        expect(h.sim.state.requests.some((r) => r.path === (profile === 'us' ? '/api/v3/order/oco' : '/api/v3/orderList/oco'))).toBe(true);
        h.sim.state.market.movePrice('BTCUSDT', Decimal.parse('61500'));
        const deadline = Date.now() + 10_000;
        const statusOf = (id: string) => {
          const found = reports.filter((r) => r.kind === 'order' && r.report.venueClientOrderId === id).at(-1);
          return found?.kind === 'order' ? found.report.status : undefined;
        };
        while (!(statusOf(`tp-${profile}`) === 'filled' && statusOf(`sl-${profile}`) === 'canceled')) {
          if (Date.now() > deadline) throw new Error(`tp ${statusOf(`tp-${profile}`)} sl ${statusOf(`sl-${profile}`)}`);
          await new Promise((resolve) => setTimeout(resolve, 20));
        }
      } finally {
        await h.close();
      }
    }, 30_000);
  });
}

describe('binance OTO and OTOCO (spot)', () => {
  it('OTO: the pending order is PENDING_NEW under its listed id until the working order fills, then goes on the book', async () => {
    const h = await startHarness();
    try {
      const working = leg('BINANCE', 'oto-w', { side: 'buy', price: Price.parse('59000.00'), postOnly: false });
      const pending = leg('BINANCE', 'oto-p', { side: 'sell', price: Price.parse('65000.00') });
      const list = await submitOto(h.venue.api, h.venue.symbols, 'oto-1', working, [pending]);
      if ('reason' in list) throw new Error(list.reason);
      const listed = list.orders.find((o) => o.clientOrderId === 'oto-p');
      const lookup = { accountId: AccountId.parse('binance-test'), instrumentId: InstrumentId.of('BTCUSDT', 'BINANCE'), venueClientOrderId: 'oto-p' as never };
      expect(list.orderReports.find((o) => o.clientOrderId === 'oto-p')?.status).toBe('PENDING_NEW');
      h.sim.state.market.movePrice('BTCUSDT', Decimal.parse('58500'));
      const deadline = Date.now() + 10_000;
      for (;;) {
        const status = await h.venue.client.orderStatus(lookup);
        if (status?.status === 'accepted' && (await h.venue.client.openOrders(AccountId.parse('binance-test'))).some((o) => o.venueClientOrderId === 'oto-p')) {
          expect(status.venueOrderId).toBe(String(listed?.orderId));
          break;
        }
        if (Date.now() > deadline) throw new Error(`pending leg not released: ${JSON.stringify(status)}`);
        await new Promise((resolve) => setTimeout(resolve, 30));
      }
    } finally {
      await h.close();
    }
  }, 30_000);

  it('OTOCO: once the working buy fills, the take-profit and stop go on as an OCO pair', async () => {
    const h = await startHarness();
    try {
      const reports: VenueReport[] = [];
      h.venue.client.onReport((r) => reports.push(r));
      const working = leg('BINANCE', 'otoco-w', { side: 'buy', price: Price.parse('61000.00'), postOnly: false });
      const takeProfit = leg('BINANCE', 'otoco-tp', { side: 'sell', price: Price.parse('66000.00') });
      const stop = leg('BINANCE', 'otoco-sl', { side: 'sell', type: 'stop-market', triggerPrice: Price.parse('50000.00'), postOnly: false });
      const list = await submitOto(h.venue.api, h.venue.symbols, 'otoco-1', working, [takeProfit, stop]);
      if ('reason' in list) throw new Error(list.reason);
      expect(list.orders).toHaveLength(3);
      const last = (id: string) => {
        const found = reports.filter((r) => r.kind === 'order' && r.report.venueClientOrderId === id).at(-1);
        return found?.kind === 'order' ? found.report.status : undefined;
      };
      const deadline = Date.now() + 10_000;
      while (last('otoco-tp') !== 'accepted' || last('otoco-sl') !== 'accepted') {
        if (Date.now() > deadline) throw new Error(`legs not placed: tp ${last('otoco-tp')} sl ${last('otoco-sl')}`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      h.sim.state.market.movePrice('BTCUSDT', Decimal.parse('66500'));
      while (last('otoco-tp') !== 'filled' || last('otoco-sl') !== 'canceled') {
        if (Date.now() > deadline) throw new Error(`OCO pair: tp ${last('otoco-tp')} sl ${last('otoco-sl')}`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    } finally {
      await h.close();
    }
  }, 30_000);
});

describe('binance list refusals (the simulator is as strict as errors.md)', () => {
  const base = (side: 'BUY' | 'SELL'): [string, string][] => [['symbol', 'BTCUSDT'], ['side', side], ['quantity', '0.01000000']];
  const refusal = async (call: Promise<unknown>): Promise<string | undefined> => {
    try {
      await call;
      return undefined;
    } catch (error) {
      return (error as { details?: { venueCode?: string } }).details?.venueCode;
    }
  };

  it('orderList/oco: -1158 for a type not in an OCO, -1168 for two limits, -1165/-1166 for the limit on the wrong side, -2010 for prices that do not straddle the market', async () => {
    const h = await startHarness();
    try {
      const { bid, ask } = h.sim.state.market.quote('BTCUSDT') as { bid: Decimal; ask: Decimal };
      const above = ask.mul(Decimal.parse('1.02')).rescale(2, 'up').toString();
      const below = bid.mul(Decimal.parse('0.98')).rescale(2, 'down').toString();
      const oco = (params: [string, string][]) => refusal(h.venue.api.newOco(params));
      expect(await oco([...base('SELL'), ['aboveType', 'LIMIT'], ['abovePrice', above], ['aboveTimeInForce', 'GTC'], ['belowType', 'STOP_LOSS'], ['belowStopPrice', below]])).toBe('-1158');
      expect(await oco([...base('SELL'), ['aboveType', 'LIMIT_MAKER'], ['abovePrice', above], ['belowType', 'LIMIT_MAKER'], ['belowPrice', below]])).toBe('-1168');
      expect(await oco([...base('BUY'), ['aboveType', 'LIMIT_MAKER'], ['abovePrice', above], ['belowType', 'STOP_LOSS'], ['belowStopPrice', below]])).toBe('-1165');
      expect(await oco([...base('SELL'), ['aboveType', 'STOP_LOSS'], ['aboveStopPrice', above], ['belowType', 'LIMIT_MAKER'], ['belowPrice', below]])).toBe('-1166');
      // A buy OCO's limit (below) priced above the market: the prices do not straddle it.
      expect(await oco([...base('BUY'), ['aboveType', 'STOP_LOSS'], ['aboveStopPrice', above], ['belowType', 'LIMIT_MAKER'], ['belowPrice', above]])).toBe('-2010');
      expect(h.sim.engine.openOrders(AccountId.parse('binance-sim'))).toHaveLength(0);
    } finally {
      await h.close();
    }
  }, 30_000);

  it('orderList/oto: -1116 when the working order is not a LIMIT or LIMIT_MAKER', async () => {
    const h = await startHarness();
    try {
      const code = await refusal(h.venue.api.newOto([
        ['symbol', 'BTCUSDT'], ['workingType', 'MARKET'], ['workingSide', 'BUY'], ['workingPrice', '1.00'], ['workingQuantity', '0.01000000'],
        ['pendingType', 'LIMIT_MAKER'], ['pendingSide', 'SELL'], ['pendingPrice', '99999.00'], ['pendingQuantity', '0.01000000'],
      ]));
      expect(code).toBe('-1116');
    } finally {
      await h.close();
    }
  }, 30_000);
});

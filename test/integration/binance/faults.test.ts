import { describe, expect, it } from 'vitest';
import { AccountId, ClientOrderId, Decimal, InstrumentId, Price, Quantity, isTmtError, type OrderRequest, type VenueReport } from '../../../src/core';
import { silentLogger } from '../../../src/shared/logger';
import { createBinanceVenue } from '../../../src/venues/binance';
import { startHarness, type Harness } from './harness';

const account = AccountId.parse('binance-test');
const btc = InstrumentId.of('BTCUSDT', 'BINANCE');

function limitBuy(id: string, price = '50000.00', quantity = '0.01'): OrderRequest {
  return {
    clientOrderId: ClientOrderId.parse(id),
    accountId: account,
    instrumentId: btc,
    side: 'buy',
    type: 'limit',
    quantity: Quantity.parse(quantity),
    price: Price.parse(price),
    timeInForce: 'GTC',
    postOnly: false,
    reduceOnly: false,
  };
}

async function withHarness(run: (h: Harness) => Promise<void>, options: Parameters<typeof startHarness>[0] = {}): Promise<void> {
  const h = await startHarness(options);
  try {
    await run(h);
  } finally {
    await h.close();
  }
}

async function refusal(promise: Promise<unknown>): Promise<{ code: string; venueCode?: string; venueMessage?: string }> {
  try {
    await promise;
  } catch (error) {
    if (isTmtError(error)) return { code: error.code, ...error.details };
    throw error;
  }
  throw new Error('expected a refusal');
}

describe('binance unknown outcomes', () => {
  it('settles an order whose response was lost after acceptance by a lookup, without sending it twice', () =>
    withHarness(async (h) => {
      h.sim.state.faults.loseNextOrderResponse = true;
      const result = await h.venue.client.submit({ request: limitBuy('lost-1'), venueClientOrderId: 'lost-1' as never });
      expect(result.status).toBe('accepted');
      expect(h.sim.state.placements()).toBe(1);
      const open = await h.venue.client.openOrders(account, btc);
      expect(open.filter((o) => o.venueClientOrderId === 'lost-1')).toHaveLength(1);
      expect(h.requests.some((r) => r.outcome === 'unknown-outcome' || r.outcome === 'network-error')).toBe(true);
    }), 30_000);

  it('settles a -1007 timeout by a lookup: accepted once', () =>
    withHarness(async (h) => {
      h.sim.state.faults.timeoutNextOrder = true;
      const result = await h.venue.client.submit({ request: limitBuy('timeout-1'), venueClientOrderId: 'timeout-1' as never });
      expect(result.status).toBe('accepted');
      expect(h.sim.state.placements()).toBe(1);
      expect(h.requests.some((r) => r.venueCode === -1007)).toBe(true);
    }), 30_000);
});

describe('binance errors with the venue codes and messages', () => {
  it('answers -1013 "Filter failure: LOT_SIZE" for a quantity off the step, and the adapter refuses it before sending', () =>
    withHarness(async (h) => {
      const wire = await refusal(h.venue.api.newOrder([['symbol', 'BTCUSDT'], ['side', 'BUY'], ['type', 'LIMIT'], ['timeInForce', 'GTC'], ['quantity', '0.000015'], ['price', '50000']]));
      expect(wire).toMatchObject({ code: 'VENUE_FILTER_FAILURE', venueCode: '-1013', venueMessage: 'Filter failure: LOT_SIZE' });
      const sent = h.requests.length;
      const result = await h.venue.client.submit({ request: limitBuy('lot-1', '50000.00', '0.000015'), venueClientOrderId: 'lot-1' as never });
      expect(result).toMatchObject({ status: 'rejected', code: 'VENUE_FILTER_FAILURE', reason: 'Filter failure: LOT_SIZE' });
      expect(h.requests.length).toBe(sent);
    }), 30_000);

  it('answers -1013 PRICE_FILTER and NOTIONAL with Binance messages', () =>
    withHarness(async (h) => {
      const price = await refusal(h.venue.api.newOrder([['symbol', 'BTCUSDT'], ['side', 'BUY'], ['type', 'LIMIT'], ['timeInForce', 'GTC'], ['quantity', '0.01'], ['price', '50000.001']]));
      expect(price.venueMessage).toBe('Filter failure: PRICE_FILTER');
      const notional = await refusal(h.venue.api.newOrder([['symbol', 'BTCUSDT'], ['side', 'BUY'], ['type', 'LIMIT'], ['timeInForce', 'GTC'], ['quantity', '0.00001'], ['price', '50000']]));
      expect(notional.venueMessage).toBe('Filter failure: NOTIONAL');
    }), 30_000);

  it('rejects a duplicate newClientOrderId among open orders with -2010 "Duplicate order sent."', () =>
    withHarness(async (h) => {
      const order = [['symbol', 'BTCUSDT'], ['side', 'BUY'], ['type', 'LIMIT'], ['timeInForce', 'GTC'], ['quantity', '0.01'], ['price', '50000'], ['newClientOrderId', 'dup-1']] as const;
      await h.venue.api.newOrder(order);
      expect(await refusal(h.venue.api.newOrder(order))).toMatchObject({ code: 'VENUE_DUPLICATE_ORDER', venueCode: '-2010', venueMessage: 'Duplicate order sent.' });
    }), 30_000);

  it('answers -2013 for an unknown order and -2011 "Unknown order sent." for its cancel', () =>
    withHarness(async (h) => {
      expect(await refusal(h.venue.api.getOrder('BTCUSDT', 'nope', undefined))).toMatchObject({ code: 'VENUE_UNKNOWN_ORDER', venueCode: '-2013' });
      expect(await refusal(h.venue.api.cancelOrder('BTCUSDT', 'nope', undefined))).toMatchObject({ code: 'VENUE_UNKNOWN_ORDER', venueCode: '-2011', venueMessage: 'Unknown order sent.' });
    }), 30_000);

  it('refuses a bad signature with -1022 and an unknown key with -2015', () =>
    withHarness(async (h) => {
      const other = (apiKey: string, apiSecret: string) =>
        createBinanceVenue({
          clock: h.clock,
          logger: silentLogger(),
          account: { accountId: 'other', venue: 'binance', environment: 'custom', baseUrl: h.sim.url, apiKey, apiSecret },
        });
      expect(await refusal(other(h.sim.apiKey, 'wrong-secret').api.account())).toMatchObject({ code: 'VENUE_AUTHENTICATION', venueCode: '-1022', venueMessage: 'Signature for this request is not valid.' });
      expect(await refusal(other('unknownKey', 'x').api.account())).toMatchObject({ code: 'VENUE_AUTHENTICATION', venueCode: '-2015' });
    }), 30_000);

  it('places an order on a CANCEL_ONLY symbol: refused locally, and by the venue with "Market is closed."', () =>
    withHarness(async (h) => {
      const symbol = h.sim.state.exchange.symbols.get('BTCUSDT');
      if (symbol === undefined) throw new Error('no BTCUSDT');
      symbol.status = 'CANCEL_ONLY';
      const wire = await refusal(h.venue.api.newOrder([['symbol', 'BTCUSDT'], ['side', 'BUY'], ['type', 'LIMIT'], ['timeInForce', 'GTC'], ['quantity', '0.01'], ['price', '50000']]));
      expect(wire).toMatchObject({ code: 'VENUE_MARKET_CLOSED', venueMessage: 'Market is closed.' });
      await h.venue.client.connect();
      const instrument = (await h.venue.client.instruments()).find((i) => i.id === btc);
      expect(instrument?.status).toBe('cancel-only');
      const result = await h.venue.client.submit({ request: limitBuy('closed-1'), venueClientOrderId: 'closed-1' as never });
      expect(result).toMatchObject({ status: 'rejected', code: 'VENUE_MARKET_CLOSED' });
    }), 30_000);
});

describe('binance user stream', () => {
  it('reports an unknown event type (externalLockUpdate) as unrecognized, counts it and keeps streaming', () =>
    withHarness(async (h) => {
      const reports: VenueReport[] = [];
      h.venue.client.onReport((r) => reports.push(r));
      h.sim.state.exchange.publish({ e: 'externalLockUpdate', E: 1, a: 'BTC', d: '1.0', T: 1 });
      await waitUntil(() => reports.some((r) => r.kind === 'unrecognized'));
      expect(h.venue.client.unrecognized.get('user stream event externalLockUpdate')).toBe(1);
      await h.venue.client.submit({ request: limitBuy('after-unknown'), venueClientOrderId: 'after-unknown' as never });
      await waitUntil(() => reports.some((r) => r.kind === 'order' && r.report.venueClientOrderId === 'after-unknown'));
    }), 30_000);

  it('reconnects after a drop without a close frame, reports a gap and catches up fills over REST', () =>
    withHarness(async (h) => {
      const reports: VenueReport[] = [];
      h.venue.client.onReport((r) => reports.push(r));
      const resting = await h.venue.client.submit({ request: limitBuy('during-drop'), venueClientOrderId: 'during-drop' as never });
      expect(resting.status).toBe('accepted');
      // The streams stay down while the order fills, and a new stream never replays what it missed: the
      // fill can reach the adapter only through its REST catch-up (GET /api/v3/myTrades).
      h.sim.state.faults.refuseStreams = true;
      h.sim.dropConnections();
      await waitUntil(() => reports.some((r) => r.kind === 'gap'));
      const droppedAt = h.sim.state.requests.length;
      h.sim.state.market.movePrice('BTCUSDT', Decimal.parse('49000.00'));
      expect(h.sim.engine.openOrders(account)).toHaveLength(0);
      const streamFillsBefore = reports.filter((r) => r.kind === 'fill').length;
      expect(streamFillsBefore).toBe(0);
      h.sim.state.faults.refuseStreams = false;
      await waitUntil(() => reports.some((r) => r.kind === 'fill' && r.report.venueClientOrderId === 'during-drop'), 20_000);
      const catchUp = h.sim.state.requests.slice(droppedAt).filter((r) => r.path === '/api/v3/myTrades');
      expect(catchUp.length).toBeGreaterThan(0);
      // Exactly one fill report for the one fill, however many paths it could have come by.
      expect(reports.filter((r) => r.kind === 'fill' && r.report.venueClientOrderId === 'during-drop')).toHaveLength(1);
    }), 40_000);

  it('logs on with an Ed25519 key over the WebSocket API and receives executionReports', () =>
    withHarness(
      async (h) => {
        const reports: VenueReport[] = [];
        h.venue.client.onReport((r) => reports.push(r));
        await h.venue.client.submit({ request: { ...limitBuy('ed-1'), type: 'market', timeInForce: 'IOC' }, venueClientOrderId: 'ed-1' as never });
        await waitUntil(() => reports.some((r) => r.kind === 'fill' && r.report.venueClientOrderId === 'ed-1'));
      },
      { keyType: 'ed25519' },
    ), 30_000);

  it('signs REST requests with an RSA key the simulator verifies', () =>
    withHarness(async (h) => {
      const account = await h.venue.client.account(AccountId.parse('binance-test'));
      expect(account.balances.length).toBeGreaterThan(0);
    }, { keyType: 'rsa' }), 30_000);
});

async function waitUntil(condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('binance orders over the WebSocket API', () => {
  it('places and cancels with order.place / order.cancel on the persistent connection, not over REST', () =>
    withHarness(
      async (h) => {
        const restOrdersBefore = h.sim.state.requests.filter((r) => r.path === '/api/v3/order').length;
        const placed = await h.venue.client.submit({ request: limitBuy('ws-1'), venueClientOrderId: 'ws-1' as never });
        expect(placed.status).toBe('accepted');
        const canceled = await h.venue.client.cancel({ accountId: account, instrumentId: btc, venueClientOrderId: 'ws-1' as never });
        expect(canceled.status).toBe('canceled');
        expect(h.sim.state.requests.filter((r) => r.path === '/api/v3/order').length).toBe(restOrdersBefore);
        expect(h.requests.filter((r) => r.method === 'WS').map((r) => [r.path, r.outcome])).toEqual([['order.place', 'ok'], ['order.cancel', 'ok']]);
        const rejected = await h.venue.client.submit({ request: limitBuy('ws-2', '50000.00', '90000'), venueClientOrderId: 'ws-2' as never });
        expect(rejected).toMatchObject({ status: 'rejected', code: 'VENUE_FILTER_FAILURE' });
      },
      { orderTransport: 'ws-api' },
    ), 30_000);
});

describe('binance request log', () => {
  it('records every request with its latency and outcome, with no signature or key in it', () =>
    withHarness(async (h) => {
      await h.venue.client.account(account);
      const signed = h.requests.filter((r) => r.path.startsWith('/api/v3/account'));
      expect(signed).toHaveLength(1);
      expect(signed[0]?.path).toContain('signature=[redacted]');
      expect(signed[0]?.latencyMs).toBeGreaterThanOrEqual(0);
      expect(JSON.stringify(h.requests)).not.toContain(h.sim.apiKey);
      expect(JSON.stringify(h.requests)).not.toMatch(/signature=[0-9a-f]{64}/);
    }), 30_000);
});

describe('binance.us listenKey user stream', () => {
  it('creates a listenKey, streams executionReports from it and reconnects with a new one after a drop', () =>
    withHarness(
      async (h) => {
        const reports: VenueReport[] = [];
        h.venue.client.onReport((r) => reports.push(r));
        expect(h.sim.state.listenKeys.size).toBe(1);
        h.sim.dropConnections();
        await waitUntil(() => reports.some((r) => r.kind === 'gap'));
        await waitUntil(() => h.sim.state.requests.filter((r) => r.path === '/api/v3/userDataStream' && r.method === 'POST').length >= 2, 15_000);
        const usOrder = { ...limitBuy('us-1'), instrumentId: InstrumentId.of('BTCUSDT', 'BINANCEUS'), type: 'market' as const, timeInForce: 'IOC' as const };
        delete (usOrder as { price?: unknown }).price;
        await h.venue.client.submit({ request: usOrder, venueClientOrderId: 'us-1' as never });
        await waitUntil(() => reports.some((r) => r.kind === 'fill' && r.report.venueClientOrderId === 'us-1'), 15_000);
      },
      { profile: 'us' },
    ), 40_000);
});

describe('binance WebSocket API connection events', () => {
  it('reconnects on serverShutdown and keeps receiving user data', () =>
    withHarness(async (h) => {
      const reports: VenueReport[] = [];
      h.venue.client.onReport((r) => reports.push(r));
      h.sim.state.announceShutdown();
      await waitUntil(() => reports.some((r) => r.kind === 'gap'));
      await waitUntil(() => h.sim.state.wsApiConnections.size === 1, 15_000);
      await h.venue.client.submit({ request: { ...limitBuy('after-shutdown'), type: 'market', timeInForce: 'IOC' }, venueClientOrderId: 'after-shutdown' as never });
      await waitUntil(() => reports.some((r) => r.kind === 'fill' && r.report.venueClientOrderId === 'after-shutdown'), 15_000);
    }), 40_000);
});

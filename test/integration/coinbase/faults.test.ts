import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AccountId, ClientOrderId, Decimal, Price, Quantity, deriveVenueClientOrderId, type MarketDataEvent, type OrderRequest, type VenueReport } from '../../../src/core';
import { startCoinbaseSimulator } from '../../../src/simulators/coinbase/server';
import { BTC_USD, OffsetClock, startHarness, type Harness } from './harness';

const ACCOUNT = AccountId.parse('coinbase-test');
const WAIT_MS = 15_000;

async function waitFor<T>(what: string, probe: () => T | undefined | false | Promise<T | undefined | false>): Promise<T> {
  const deadline = Date.now() + WAIT_MS;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

function restingBuy(h: Harness, id: string): { request: OrderRequest; venueClientOrderId: ReturnType<typeof deriveVenueClientOrderId> } {
  const bid = h.sim.state.market.quote('BTC-USD')?.bid ?? Price.parse('1');
  const request: OrderRequest = {
    clientOrderId: ClientOrderId.parse(id),
    accountId: ACCOUNT,
    instrumentId: BTC_USD,
    side: 'buy',
    type: 'limit',
    quantity: Quantity.parse('0.01'),
    price: Price.of(bid.sub(Decimal.parse('50'))),
    timeInForce: 'GTC',
    postOnly: false,
    reduceOnly: false,
  };
  return { request, venueClientOrderId: deriveVenueClientOrderId(request.clientOrderId, h.venue.client.capabilities.clientOrderId) };
}

/** The adapter's book as text, and the simulator's published book, for an exact comparison. */
function books(h: Harness): { local: string; venue: string } {
  const levels = h.venue.data.book(BTC_USD)?.levels();
  const venue = h.sim.state.feeds.publishedBook('BTC-USD');
  return {
    local: JSON.stringify({ bids: levels?.bids.map((l) => [l.price.toString(), l.quantity.toString()]), asks: levels?.asks.map((l) => [l.price.toString(), l.quantity.toString()]) }),
    venue: JSON.stringify(venue),
  };
}

describe('coinbase faults', () => {
  it('resyncs the level-2 book after injected sequence gaps: it ends equal to the simulator’s', async () => {
    const h = await startHarness();
    try {
      const events: MarketDataEvent[] = [];
      const stop = h.venue.client.subscribeMarketData([BTC_USD], (event) => events.push(event));
      await waitFor('the first snapshot', () => h.venue.data.book(BTC_USD)?.valid);
      for (let round = 0; round < 3; round++) {
        h.sim.state.wsFaults.gapNext = 2 + round;
        const mid = h.sim.state.market.quote('BTC-USD')?.bid.add(Decimal.fromInteger(10 * (round + 1)));
        h.sim.state.market.movePrice('BTC-USD', mid ?? Decimal.ONE);
        await waitFor(`resync ${round + 1}`, () => h.venue.data.stats.resyncs > round && h.venue.data.book(BTC_USD)?.valid);
        await waitFor('the books to agree', () => {
          const { local, venue } = books(h);
          return local === venue;
        });
      }
      expect(h.venue.data.stats.gaps).toBeGreaterThanOrEqual(3);
      expect(events.some((e) => e.type === 'OrderBookUpdate' && !e.valid)).toBe(true);
      stop();
    } finally {
      await h.close();
    }
  }, 30_000);

  it('replaces a silent connection and resyncs once the venue talks again', async () => {
    const h = await startHarness({ account: { silenceTimeoutMs: 400 }, sim: { heartbeatMs: 100 } });
    try {
      const stop = h.venue.client.subscribeMarketData([BTC_USD], () => undefined);
      await waitFor('the first snapshot', () => h.venue.data.book(BTC_USD)?.valid);
      h.sim.state.wsFaults.silent = true;
      await waitFor('a reconnect', () => h.venue.data.stats.reconnects >= 1);
      expect(h.venue.data.book(BTC_USD)?.valid).toBe(false);
      h.sim.state.wsFaults.silent = false;
      h.sim.state.market.movePrice('BTC-USD', h.sim.state.market.quote('BTC-USD')?.bid ?? Decimal.ONE);
      await waitFor('the book back and equal', () => h.venue.data.book(BTC_USD)?.valid && books(h).local === books(h).venue);
      stop();
    } finally {
      await h.close();
    }
  }, 30_000);

  it('settles an order whose answer was lost, and one answered 503, by resending the same client_order_id: no duplicate', async () => {
    const h = await startHarness();
    try {
      h.sim.state.restFaults.loseNextOrderResponse = true;
      const lost = await h.venue.client.submit(restingBuy(h, 'lost-answer-1'));
      expect(lost.status).toBe('accepted');
      h.sim.state.restFaults.failNextOrderWith5xx = true;
      const failed = await h.venue.client.submit(restingBuy(h, 'answer-503-1'));
      expect(failed.status).toBe('accepted');
      expect(h.sim.state.placements).toBe(2);
      const open = await h.venue.client.openOrders(ACCOUNT, BTC_USD);
      expect(open.map((o) => o.venueClientOrderId).sort()).toEqual(['answer-503-1', 'lost-answer-1']);
    } finally {
      await h.close();
    }
  });

  it('catches up over REST a fill made while the user stream was down', async () => {
    const h = await startHarness();
    try {
      const reports: VenueReport[] = [];
      h.venue.client.onReport((report) => reports.push(report));
      const order = restingBuy(h, 'fill-while-down-1');
      const accepted = await h.venue.client.submit(order);
      expect(accepted.status).toBe('accepted');
      h.sim.state.wsFaults.silent = true;
      h.sim.dropConnections();
      h.sim.state.market.movePrice('BTC-USD', (order.request.price as Price).sub(Decimal.fromInteger(100)));
      h.sim.state.wsFaults.silent = false;
      const fill = await waitFor('the missed fill on the stream', () =>
        reports.find((r) => r.kind === 'fill' && r.report.venueClientOrderId === order.venueClientOrderId),
      );
      expect(fill.kind === 'fill' && fill.report.quantity.eq(order.request.quantity)).toBe(true);
      expect(reports.some((r) => r.kind === 'gap')).toBe(true);
    } finally {
      await h.close();
    }
  });

  it('a restarted adapter (and a restarted simulator with --data-dir) sees fills made while TMT was down', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'tmt-coinbase-sim-'));
    const clock = new OffsetClock();
    try {
      const sim = await startCoinbaseSimulator({ clock, dataDir });
      const first = await startHarness({ reuse: sim, clock });
      const since = clock.now();
      const order = restingBuy(first, 'before-restart-1');
      const accepted = await first.venue.client.submit(order);
      await first.close();
      sim.state.market.movePrice('BTC-USD', (order.request.price as Price).sub(Decimal.fromInteger(100)));
      await sim.close();
      const restarted = await startCoinbaseSimulator({ clock, dataDir });
      const second = await startHarness({ reuse: restarted, clock });
      try {
        const fills = await second.venue.client.fillsSince(ACCOUNT, since);
        expect(fills.filter((f) => f.venueClientOrderId === order.venueClientOrderId).reduce((sum, f) => sum.add(f.quantity), Decimal.ZERO).toString()).toBe('0.01');
        const status = accepted.status === 'accepted' ? await second.venue.client.orderStatus({ accountId: ACCOUNT, venueOrderId: accepted.venueOrderId }) : undefined;
        expect(status?.status).toBe('filled');
      } finally {
        await second.close();
        await restarted.close();
      }
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

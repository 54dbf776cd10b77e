import { afterEach, describe, expect, it } from 'vitest';
import { ClientOrderId, Price, Quantity, type MarketDataEvent, type OrderRequest } from '../../../src/core';
import { okxChecksum } from '../../../src/venues/okx/ws/checksum';
import { ACCOUNT, BTC_USDT, startHarness, type Harness } from './harness';

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

async function until(what: string, probe: () => boolean | Promise<boolean>, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** The adapter's book equals the simulator's published top 25 (and so its checksum). */
function booksAgree(h: Harness): boolean {
  const local = h.venue.data.book(BTC_USDT);
  if (local === undefined || !local.valid) return false;
  const published = h.sim.state.feed.snapshot('BTC-USDT', 25) as { bids: string[][]; asks: string[][]; checksum: number };
  return okxChecksum(local.bids, local.asks) === published.checksum;
}

describe('okx book sync against the simulator', () => {
  it('follows updates exactly: the local top 25 has the simulator checksum', async () => {
    harness = await startHarness();
    const h = harness;
    const events: MarketDataEvent[] = [];
    const stop = h.venue.client.subscribeMarketData([BTC_USDT], (event) => events.push(event));
    await until('the first snapshot', () => events.some((e) => e.type === 'OrderBookUpdate' && e.kind === 'snapshot'));
    for (let i = 0; i < 20; i++) h.sim.state.market.refresh('BTC-USDT');
    await until('the book to follow 20 updates', () => booksAgree(h) && events.filter((e) => e.type === 'OrderBookUpdate' && e.kind === 'delta').length >= 20);
    expect(h.venue.data.failures).toEqual([]);
    stop();
  });

  it('resubscribes after a corrupted checksum and is valid again with the fresh snapshot', async () => {
    harness = await startHarness();
    const h = harness;
    const events: MarketDataEvent[] = [];
    const stop = h.venue.client.subscribeMarketData([BTC_USDT], (event) => events.push(event));
    await until('the first snapshot', () => booksAgree(h));
    h.sim.state.feed.corruptChecksum('BTC-USDT');
    h.sim.state.market.refresh('BTC-USDT');
    await until('the checksum failure', () => h.venue.data.failures.some((f) => f.verdict === 'checksum'));
    expect(events.some((e) => e.type === 'OrderBookUpdate' && !e.valid)).toBe(true);
    await until('the resynced book', () => booksAgree(h));
    h.sim.state.market.refresh('BTC-USDT');
    await until('the book to follow again', () => booksAgree(h));
    expect(h.venue.data.resyncs.get('BTC-USDT')).toBe(1);
    stop();
  });

  it('detects a sequence gap (prevSeqId skips) and resyncs', async () => {
    harness = await startHarness();
    const h = harness;
    const stop = h.venue.client.subscribeMarketData([BTC_USDT], () => undefined);
    await until('the first snapshot', () => booksAgree(h));
    h.sim.state.feed.injectGap('BTC-USDT');
    h.sim.state.market.refresh('BTC-USDT');
    h.sim.state.market.refresh('BTC-USDT');
    await until('the gap', () => h.venue.data.failures.some((f) => f.verdict === 'gap'));
    await until('the resynced book', () => booksAgree(h));
    stop();
  });

  it('pings with text "ping" after silence and reconnects when no pong comes', async () => {
    harness = await startHarness({ idleMs: 200 });
    const h = harness;
    const stop = h.venue.client.subscribeMarketData([BTC_USDT], () => undefined);
    await until('a ping', () => h.venue.data.pings > 0);
    const opened = h.sim.openSockets();
    h.sim.state.faults.silent = true;
    await until('the silent socket to be dropped', () => h.venue.privateStream.reconnects > 0);
    h.sim.state.faults.silent = false;
    await until('the connections back', () => {
      // Updates reveal a lost snapshot; a valid book is left alone so it can catch up with the last one.
      if (h.venue.data.book(BTC_USDT)?.valid !== true) h.sim.state.market.refresh('BTC-USDT');
      return h.sim.openSockets() >= opened && booksAgree(h);
    }, 30_000);
    stop();
  });
});

function order(id: string): OrderRequest {
  return { clientOrderId: ClientOrderId.parse(id), accountId: ACCOUNT, instrumentId: BTC_USDT, side: 'buy', type: 'limit', quantity: Quantity.parse('0.01'), price: Price.parse('50000'), timeInForce: 'GTC', postOnly: false, reduceOnly: false };
}

describe('okx unknown outcomes', () => {
  it('a lost answer is settled by clOrdId: accepted, one order at the venue', async () => {
    harness = await startHarness({ timeoutMs: 2_000 });
    const h = harness;
    h.sim.state.faults.loseNextOrderResponse = true;
    const result = await h.venue.client.submit({ request: order('lost1'), venueClientOrderId: 'lost1' as never });
    expect(result.status).toBe('accepted');
    expect(h.sim.state.placements).toBe(1);
    const open = await h.venue.client.openOrders(ACCOUNT, BTC_USDT);
    expect(open.filter((o) => o.venueClientOrderId === 'lost1')).toHaveLength(1);
  });

  it('a 5xx after placing is settled by clOrdId without a second order', async () => {
    harness = await startHarness();
    const h = harness;
    h.sim.state.faults.failNextOrderWith5xx = true;
    const result = await h.venue.client.submit({ request: order('fivexx1'), venueClientOrderId: 'fivexx1' as never });
    expect(result.status).toBe('accepted');
    expect(h.sim.state.placements).toBe(1);
    const again = await h.venue.client.submit({ request: order('fivexx1'), venueClientOrderId: 'fivexx1' as never });
    expect(again.status === 'rejected' && again.code).toBe('VENUE_DUPLICATE_ORDER');
    expect(h.sim.state.placements).toBe(1);
  });

  it('a private stream reconnect catches up by REST: the fill made while it was down is reported', async () => {
    harness = await startHarness();
    const h = harness;
    const fills: string[] = [];
    h.venue.client.onReport((r) => {
      if (r.kind === 'fill' && r.report.venueClientOrderId !== undefined) fills.push(r.report.venueClientOrderId);
    });
    const accepted = await h.venue.client.submit({ request: order('catchup1'), venueClientOrderId: 'catchup1' as never });
    expect(accepted.status).toBe('accepted');
    h.sim.state.faults.silent = true;
    h.sim.dropConnections();
    h.sim.state.market.movePrice('BTC-USDT', Price.parse('49000'));
    h.sim.state.faults.silent = false;
    await until('the catch-up fill', () => fills.includes('catchup1'));
  });
});

import { afterEach, describe, expect, it } from 'vitest';

import { ClientOrderId, Decimal, InstrumentId, Quantity, type MarketDataEvent, type VenueClientOrderId, type VenueReport } from '../../../src/core';
import { eventually, startPair, type DxtradePair } from './harness';

const EURUSD = InstrumentId.parse('EUR/USD.DXTRADE');

describe('DXtrade push API: account portfolios as the report stream, quotes as market data, candles by request', () => {
  let pair: DxtradePair | undefined;
  afterEach(async () => {
    await pair?.close();
    pair = undefined;
  });

  it('streams the order, its fill (once) and the position; a dropped connection comes back with a gap report', async () => {
    const p = (pair = await startPair({ sim: { pushPingMs: 200 } }));
    const reports: VenueReport[] = [];
    p.client.onReport((r) => reports.push(r));
    const states: string[] = [];
    p.client.onConnection((e) => states.push(e.state));
    const order = { clientOrderId: ClientOrderId.parse('stream-1'), accountId: p.accountId, instrumentId: EURUSD, side: 'buy' as const, type: 'market' as const, quantity: Quantity.parse('10000'), timeInForce: 'IOC' as const, postOnly: false, reduceOnly: false };
    expect((await p.client.submit({ request: order, venueClientOrderId: 'stream-1' as VenueClientOrderId })).status).toBe('accepted');
    await eventually('the fill on the stream', () => (reports.some((r) => r.kind === 'fill') ? true : undefined));
    await eventually('the filled order and the position', () => (reports.some((r) => r.kind === 'order' && r.report.status === 'filled') && reports.some((r) => r.kind === 'position' && r.report.signedQuantity.eq(Decimal.parse('10000'))) ? true : undefined));
    expect(reports.filter((r) => r.kind === 'fill')).toHaveLength(1);
    // The server answers pings; our client answers its PingRequests, so the line stays up.
    await new Promise((resolve) => setTimeout(resolve, 700));
    expect(p.sim.push.count()).toBe(1);
    p.sim.push.dropAll();
    await eventually('a gap after the reconnect', () => (reports.some((r) => r.kind === 'gap') ? true : undefined));
    expect(states).toContain('disconnected');
    await eventually('the push connection back', () => (p.sim.push.count() === 1 ? true : undefined));
    // No fill is reported twice after the snapshot that follows the reconnect.
    expect(reports.filter((r) => r.kind === 'fill')).toHaveLength(1);
  }, 30_000);

  it('reports what it cannot read (an unknown order status, a frame that is not JSON) as unrecognized, and the stream goes on', async () => {
    const p = (pair = await startPair());
    const reports: VenueReport[] = [];
    p.client.onReport((r) => reports.push(r));
    await eventually('the push connection', () => (p.sim.push.count() === 1 ? true : undefined));
    const order = { account: p.accountId, version: 9_999, orderId: 1, orderCode: 'odd', type: 'LIMIT', instrument: 'EUR/USD', status: 'PENDING_REPLACE', finalStatus: false, legs: [{ quantity: 1000 }], side: 'BUY', tif: 'GTC', issueTime: '2026-12-01T00:00:00.000Z', transactionTime: '2026-12-01T00:00:00.000Z', executions: [] };
    p.sim.push.injectRaw(JSON.stringify({ type: 'AccountPortfolios', inReplyTo: 'accounts-1', timestamp: '2026-12-01T00:00:00.000Z', payload: { portfolios: [{ account: p.accountId, version: 9_999, balances: [], positions: [], orders: [order] }] } }));
    p.sim.push.injectRaw('{"type": "AccountPortfolios", "payload": ');
    await eventually('two unrecognized reports', () => (reports.filter((r) => r.kind === 'unrecognized').length >= 2 ? true : undefined));
    const described = reports.filter((r) => r.kind === 'unrecognized').map((r) => (r.kind === 'unrecognized' ? r.description : ''));
    expect(described.some((d) => d.includes('status'))).toBe(true);
    expect(reports.some((r) => r.kind === 'order' && r.report.venueClientOrderId === 'odd')).toBe(false);
    const next = { clientOrderId: ClientOrderId.parse('after-odd'), accountId: p.accountId, instrumentId: EURUSD, side: 'buy' as const, type: 'market' as const, quantity: Quantity.parse('1000'), timeInForce: 'IOC' as const, postOnly: false, reduceOnly: false };
    expect((await p.client.submit({ request: next, venueClientOrderId: 'after-odd' as VenueClientOrderId })).status).toBe('accepted');
    await eventually('the next fill on the stream', () => (reports.some((r) => r.kind === 'fill' && r.report.venueClientOrderId === 'after-odd') ? true : undefined));
  }, 30_000);

  it('streams quotes on change and answers the current quote and one-minute candles through POST /marketdata', async () => {
    const p = (pair = await startPair());
    const events: MarketDataEvent[] = [];
    const stop = p.client.subscribeMarketData([EURUSD], (e) => events.push(e));
    const start = p.sim.clock.now();
    // The subscription is made as the push connection opens: the market moves until quotes have arrived.
    let step = 0;
    await eventually('quotes on the stream', () => {
      step += 1;
      p.sim.market.movePrice('EUR/USD', Decimal.parse(step % 2 === 0 ? '1.08600' : '1.08550'));
      return events.filter((e) => e.type === 'QuoteTick').length >= 3 ? true : undefined;
    });
    for (let i = 0; i < 3; i++) {
      p.sim.market.advanceTime(61_000);
      p.sim.market.movePrice('EUR/USD', Decimal.parse(`1.08${5 + i}00`));
    }
    for (const e of events) if (e.type === 'QuoteTick') expect(e.bid.lt(e.ask)).toBe(true);
    stop();
    const quote = await p.client.marketData.quote(EURUSD);
    expect(quote.bid.lt(quote.ask)).toBe(true);
    const bars = await p.client.marketData.bars(EURUSD, 60_000, start - 60_000, p.sim.clock.now());
    expect(bars.length).toBeGreaterThanOrEqual(3);
    for (const bar of bars) {
      expect(bar.low.lte(bar.open) && bar.low.lte(bar.close) && bar.high.gte(bar.open)).toBe(true);
      expect(bar.closeTime - bar.openTime).toBe(60_000);
    }
    await expect(p.client.marketData.bars(EURUSD, 7_000, start, p.sim.clock.now())).rejects.toMatchObject({ code: 'VENUE_UNSUPPORTED' });
  }, 30_000);
});

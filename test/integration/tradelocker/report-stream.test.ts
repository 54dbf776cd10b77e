/**
 * The report stream TradeLocker's REST API allows: polled orders and executions. A fill is reported once (by
 * execution id) before the order status that counts it; a resting order's acceptance and cancel are reported;
 * failed rounds followed by a good one report a gap for the engine to reconcile.
 */
import { afterEach, describe, expect, it } from 'vitest';

import { ClientOrderId, Decimal, InstrumentId, Price, Quantity, type OrderRequest, type VenueClientOrderId, type VenueReport } from '../../../src/core';
import { eventually, startPair, type TradeLockerPair } from './harness';

const EURUSD = InstrumentId.parse('EURUSD.TRADELOCKER');

describe('TradeLocker report stream (polling)', () => {
  const pairs: TradeLockerPair[] = [];
  afterEach(async () => {
    for (const pair of pairs.splice(0)) await pair.close();
  });

  it('reports a market fill once, then the filled order; a resting order accepted, then canceled', async () => {
    const pair = await startPair();
    pairs.push(pair);
    const reports: VenueReport[] = [];
    pair.client.onReport((report) => reports.push(report));
    const market: OrderRequest = { clientOrderId: ClientOrderId.parse('rs-market'), accountId: pair.accountId, instrumentId: EURUSD, side: 'buy', type: 'market', timeInForce: 'IOC', quantity: Quantity.parse('10000'), postOnly: false, reduceOnly: false };
    expect((await pair.client.submit({ request: market, venueClientOrderId: 'rs-market' as VenueClientOrderId })).status).toBe('accepted');
    await eventually('the filled order report', () => reports.find((r) => r.kind === 'order' && r.report.venueClientOrderId === 'rs-market' && r.report.status === 'filled'));
    const fills = reports.filter((r) => r.kind === 'fill' && r.report.venueClientOrderId === 'rs-market');
    expect(fills).toHaveLength(1);
    expect(reports.indexOf(fills[0] as VenueReport)).toBeLessThan(reports.findIndex((r) => r.kind === 'order' && r.report.status === 'filled'));

    const { bid } = pair.sim.market.quote('EURUSD');
    const limit: OrderRequest = { ...market, clientOrderId: ClientOrderId.parse('rs-limit'), type: 'limit', timeInForce: 'GTC', price: Price.roundToTick(bid.mul(Decimal.parse('0.99')), Decimal.parse('0.00001'), 'down') };
    expect((await pair.client.submit({ request: limit, venueClientOrderId: 'rs-limit' as VenueClientOrderId })).status).toBe('accepted');
    await eventually('the accepted report', () => reports.find((r) => r.kind === 'order' && r.report.venueClientOrderId === 'rs-limit' && r.report.status === 'accepted'));
    expect((await pair.client.cancel({ accountId: pair.accountId, instrumentId: EURUSD, venueClientOrderId: 'rs-limit' as VenueClientOrderId })).status).toBe('canceled');
    await eventually('the canceled report', () => reports.find((r) => r.kind === 'order' && r.report.venueClientOrderId === 'rs-limit' && r.report.status === 'canceled'));
    expect(reports.filter((r) => r.kind === 'fill')).toHaveLength(1);
  });

  it('reports a gap after polling failed and recovered, and the connection state on the way', async () => {
    const pair = await startPair({ config: { maxRetries: 0 } });
    pairs.push(pair);
    const reports: VenueReport[] = [];
    const states: string[] = [];
    pair.client.onReport((report) => reports.push(report));
    pair.client.onConnection((event) => states.push(event.state));
    pair.sim.faults.failNext = 3;
    await eventually('a gap report', () => reports.find((r) => r.kind === 'gap'));
    expect(states).toContain('reconnecting');
    expect(states[states.length - 1]).toBe('connected');
  });
});

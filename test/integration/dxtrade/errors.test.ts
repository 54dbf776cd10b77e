import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { ClientOrderId, Decimal, InstrumentId, Price, Quantity, type OrderRequest, type VenueClientOrderId } from '../../../src/core';
import { DX_ERRORS } from '../../../src/simulators/dxtrade';
import { engineCodeOf } from '../../../src/venues/dxtrade';
import { startPair, type DxtradePair } from './harness';

const EURUSD = InstrumentId.parse('EUR/USD.DXTRADE');

describe('DXtrade error answers: the simulator answers as the spec does, the adapter maps every code', () => {
  let pair: DxtradePair;
  let counter = 0;
  beforeEach(async () => {
    pair = await startPair();
  });
  afterEach(async () => {
    await pair.close();
  });

  function order(partial: Partial<OrderRequest> = {}): OrderRequest {
    counter += 1;
    const { bid } = pair.sim.market.quote('EUR/USD');
    return {
      clientOrderId: ClientOrderId.parse(`err-${counter}`), accountId: pair.accountId, instrumentId: EURUSD, side: 'buy', type: 'limit',
      quantity: Quantity.parse('10000'), price: Price.roundToTick(bid.mul(Decimal.parse('0.99')), Decimal.parse('0.00001'), 'down'), timeInForce: 'GTC', postOnly: false, reduceOnly: false, ...partial,
    };
  }
  const submit = (o: OrderRequest) => pair.client.submit({ request: o, venueClientOrderId: o.clientOrderId as string as VenueClientOrderId });

  it('maps pre-issue refusals (409) by code and description: price increment, order size, margin', async () => {
    const offTick = await submit(order({ price: Price.parse('1.000001') }));
    expect(offTick).toMatchObject({ status: 'rejected', code: 'VENUE_FILTER_FAILURE' });
    if (offTick.status === 'rejected') expect(offTick.venueReason).toMatch(/^409\/1002: Price 1.000001 does not match the price increment 0.00001/);
    expect(await submit(order({ quantity: Quantity.parse('500') }))).toMatchObject({ status: 'rejected', code: 'VENUE_FILTER_FAILURE' });
    expect(await submit(order({ quantity: Quantity.parse('1500') }))).toMatchObject({ status: 'rejected', code: 'VENUE_FILTER_FAILURE' });
    const margin = await submit(order({ quantity: Quantity.parse('9000000') }));
    expect(margin).toMatchObject({ status: 'rejected', code: 'VENUE_INSUFFICIENT_BALANCE' });
    // Refused before issue: no order exists at the venue.
    expect(pair.sim.truth(pair.accountId).orders).toHaveLength(0);
  });

  it('a resend of a taken orderCode (409/100) is the same order, never a second one', async () => {
    const o = order();
    const first = await submit(o);
    const second = await submit(o);
    expect(first.status).toBe('accepted');
    expect(second).toMatchObject({ status: 'accepted' });
    if (first.status === 'accepted' && second.status === 'accepted') expect(second.venueOrderId).toBe(first.venueOrderId);
    expect(pair.sim.truth(pair.accountId).orders).toHaveLength(1);
  });

  it('a 5xx on placement is an unknown outcome (thrown), a 503 on a read is an error the caller sees', async () => {
    pair.sim.faults.failNext('POST', '/dxsca-web/accounts', DX_ERRORS.internal());
    await expect(submit(order())).rejects.toMatchObject({ code: 'VENUE_OUTCOME_UNKNOWN' });
    pair.sim.faults.failNext('GET', '/dxsca-web/accounts', { status: 503, errorCode: '0', description: 'Service unavailable' });
    await expect(pair.client.openOrders(pair.accountId)).rejects.toMatchObject({ code: 'VENUE_OUTCOME_UNKNOWN' });
  });

  it('a lost answer is settled by a lookup by orderCode: the venue took the order once', async () => {
    const o = order();
    pair.sim.faults.dropNextPlacementAnswer = true;
    await expect(submit(o)).rejects.toMatchObject({ code: expect.stringMatching(/^VENUE_(OUTCOME_UNKNOWN|TIMEOUT)$/) as unknown as string });
    const found = await pair.client.orderStatus({ accountId: pair.accountId, venueClientOrderId: o.clientOrderId as string as VenueClientOrderId });
    expect(found?.status).toBe('accepted');
    expect(pair.sim.truth(pair.accountId).orders).toHaveLength(1);
  });

  it('modify and cancel are conditional (If-Match): missing 403/99, stale 412; the adapter retries a stale version once', async () => {
    const o = order();
    expect((await submit(o)).status).toBe('accepted');
    const token = await pair.client.rest.session.current();
    const url = `${pair.sim.url}/accounts/${encodeURIComponent(pair.accountId)}/orders/${o.clientOrderId}`;
    const missing = await fetch(url, { method: 'DELETE', headers: { authorization: `DXAPI ${token}` } });
    expect(missing.status).toBe(403);
    expect(await missing.json()).toMatchObject({ errorCode: '99' });
    const stale = await fetch(url, { method: 'DELETE', headers: { authorization: `DXAPI ${token}`, 'if-match': '"1"' } });
    expect(stale.status).toBe(412);
    // The adapter's known version is made stale on purpose: it reads the current one and cancels.
    const known = pair.client.book.byClientId(pair.accountId, o.clientOrderId);
    if (known !== undefined) known.version = '1';
    expect((await pair.client.cancel({ accountId: pair.accountId, instrumentId: EURUSD, venueClientOrderId: o.clientOrderId as string as VenueClientOrderId })).status).toBe('canceled');
  });

  it('refuses what the spec refuses: a quoted number, a limit without limitPrice, an unknown field, bad JSON (400/33)', async () => {
    const token = await pair.client.rest.session.current();
    const post = (body: string) => fetch(`${pair.sim.url}/accounts/${encodeURIComponent(pair.accountId)}/orders`, { method: 'POST', headers: { authorization: `DXAPI ${token}`, 'content-type': 'application/json' }, body });
    const base = { account: pair.accountId, orderCode: 'raw-1', type: 'LIMIT', instrument: 'EUR/USD', side: 'BUY', tif: 'GTC' };
    for (const [body, text] of [
      [JSON.stringify({ ...base, quantity: '10000', limitPrice: 1.0 }), 'quantity must be a number'],
      [JSON.stringify({ ...base, quantity: 10000 }), 'limitPrice is required for LIMIT orders'],
      [JSON.stringify({ ...base, quantity: 10000, limitPrice: 1.0, colour: 'red' }), 'unknown field colour'],
      ['{"orderCode":', 'not valid JSON'],
    ] as const) {
      const answer = await post(body);
      expect(answer.status).toBe(400);
      const error = (await answer.json()) as { errorCode: string; description: string };
      expect(error.errorCode).toBe('33');
      expect(error.description).toContain(text);
    }
  });

  it('maps every documented code and every simulator 409 to an engine code', () => {
    expect(engineCodeOf({ status: 404, errorCode: '2' })).toBe('VENUE_UNKNOWN_ORDER');
    expect(engineCodeOf({ status: 401, errorCode: '3' })).toBe('VENUE_AUTHENTICATION');
    expect(engineCodeOf({ status: 400, errorCode: '32' })).toBe('VENUE_REJECTED');
    expect(engineCodeOf({ status: 400, errorCode: '33' })).toBe('VENUE_REJECTED');
    expect(engineCodeOf({ status: 403, errorCode: '99' })).toBe('VENUE_PROTOCOL');
    expect(engineCodeOf({ status: 409, errorCode: '100' })).toBe('VENUE_DUPLICATE_ORDER');
    expect(engineCodeOf({ status: 400, errorCode: '101' })).toBe('VENUE_FILTER_FAILURE');
    expect(engineCodeOf({ status: 429 })).toBe('VENUE_RATE_LIMITED');
    expect(engineCodeOf({ status: 500 })).toBe('VENUE_OUTCOME_UNKNOWN');
    const expected: Record<string, string> = {
      insufficientMargin: 'VENUE_INSUFFICIENT_BALANCE', priceIncrement: 'VENUE_FILTER_FAILURE', quantityBelowMinimum: 'VENUE_FILTER_FAILURE', quantityAboveMaximum: 'VENUE_FILTER_FAILURE',
      quantityIncrement: 'VENUE_FILTER_FAILURE', instrumentNotTradable: 'VENUE_MARKET_CLOSED', marketClosed: 'VENUE_MARKET_CLOSED', finalState: 'VENUE_UNKNOWN_ORDER',
      immutableField: 'VENUE_REJECTED', positionNotFound: 'VENUE_UNKNOWN_ORDER',
    };
    for (const [name, make] of Object.entries(DX_ERRORS)) {
      const dx = (make as (...args: unknown[]) => { status: number; errorCode: string; description: string })('X', 'Y', 'Z', 'W');
      const code = engineCodeOf(dx);
      expect(code, name).toMatch(/^VENUE_/);
      if (expected[name] !== undefined) expect(code, name).toBe(expected[name]);
    }
  });
});

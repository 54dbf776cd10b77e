/**
 * Strictness and error codes: the simulator refuses what TradeLocker refuses, with its own `s: "error"` and
 * errmsg (4xx for requests the API cannot take, 200 for the broker's refusals); the adapter maps every
 * message of the catalogue to an engine code, refuses locally what TradeLocker has no form for, and treats a
 * 5xx after sending as an unknown outcome, never a rejection.
 */
import { afterEach, describe, expect, it } from 'vitest';

import { ClientOrderId, Decimal, InstrumentId, Price, Quantity, type OrderRequest, type VenueClientOrderId } from '../../../src/core';
import { TL_ERRORS } from '../../../src/simulators/tradelocker/errors';
import { codeOfErrmsg } from '../../../src/venues/tradelocker/reasons';
import { startPair, type TradeLockerPair } from './harness';

const EURUSD = InstrumentId.parse('EURUSD.TRADELOCKER');

describe('TradeLocker strictness and error codes', () => {
  const pairs: TradeLockerPair[] = [];
  afterEach(async () => {
    for (const pair of pairs.splice(0)) await pair.close();
  });

  async function pair(options: Parameters<typeof startPair>[0] = {}): Promise<TradeLockerPair> {
    const made = await startPair(options);
    pairs.push(made);
    return made;
  }

  async function raw(p: TradeLockerPair, method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<{ status: number; body: Record<string, unknown> }> {
    const response = await fetch(`${p.sim.url}/backend-api${path}`, {
      method,
      headers: { authorization: await p.client.session.authorization(), accNum: '1', 'content-type': 'application/json', ...headers },
      ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  }

  const order = { tradableInstrumentId: 278, routeId: 902, side: 'buy', type: 'limit', validity: 'GTC', qty: 0.1, price: 1.07 };

  it('answers malformed requests 4xx with s: error and an errmsg naming the field or rule', async () => {
    const p = await pair();
    const place = (body: unknown) => raw(p, 'POST', '/trade/accounts/1001001/orders', body);
    const { qty: _qty, ...noQty } = order;
    expect(await place(noQty)).toEqual({ status: 400, body: { s: 'error', errmsg: 'Missing required field: qty' } });
    expect((await place({ ...order, type: 'market', validity: 'GTC' })).body['errmsg']).toBe('Invalid TIF: market orders must be IOC');
    expect((await place({ ...order, validity: 'IOC' })).body['errmsg']).toBe('Invalid TIF: limit and stop orders must be GTC');
    expect((await place({ ...order, type: 'stop' })).body['errmsg']).toBe('Invalid stopPrice: a stop order needs a positive stopPrice');
    expect((await place({ ...order, routeId: 903 })).body).toEqual({ s: 'error', errmsg: TL_ERRORS.routeNotFound.errmsg });
    expect((await place({ ...order, stopLoss: 1.06 })).body['errmsg']).toBe('Invalid stopLossType: expected one of absolute, offset, trailingOffset');
    expect((await place({ ...order, strategyId: 'x'.repeat(32) })).status).toBe(400);
    expect((await place('{"qty": ')).status).toBe(400);
    expect((await raw(p, 'GET', '/trade/accounts/1001001/orders', undefined, { accNum: '' })).body['errmsg']).toBe('Missing accNum header');
    expect((await raw(p, 'GET', '/trade/accounts/1001002/orders')).status).toBe(403);
    expect((await raw(p, 'GET', '/trade/accounts/1001001/orders', undefined, { authorization: 'Bearer nope' })).status).toBe(401);
  });

  it('refuses broker rules with HTTP 200 s: error, reading numbers exactly (1.070001 is off the tick)', async () => {
    const p = await pair();
    const place = (body: unknown) => raw(p, 'POST', '/trade/accounts/1001001/orders', body);
    expect(await place('{"tradableInstrumentId":278,"routeId":902,"side":"buy","type":"limit","validity":"GTC","qty":0.1,"price":1.070001}')).toEqual({ status: 200, body: { s: 'error', errmsg: 'Invalid price: not a multiple of the tick size 0.00001' } });
    expect((await place({ ...order, qty: 0.015 })).body['errmsg']).toBe('Invalid quantity: not a multiple of the lot step 0.01');
    expect((await place({ ...order, qty: 0.001 })).body['errmsg']).toBe('Invalid quantity: less than the minimum lot 0.01');
    expect((await place({ ...order, qty: '0.1' })).body['s']).toBe('ok');
  });

  it('maps refusals to engine codes: funds, session, unknown order; local refusals name the field', async () => {
    const p = await pair();
    const request = (partial: Partial<OrderRequest>): OrderRequest => ({
      clientOrderId: ClientOrderId.parse(`err-${Math.random().toString(36).slice(2, 10)}`), accountId: p.accountId, instrumentId: EURUSD,
      side: 'buy', type: 'market', timeInForce: 'IOC', quantity: Quantity.parse('10000'), postOnly: false, reduceOnly: false, ...partial,
    });
    const send = (r: OrderRequest) => p.client.submit({ request: r, venueClientOrderId: r.clientOrderId as string as VenueClientOrderId });
    const huge = await send(request({ quantity: Quantity.parse('10000000') }));
    expect(huge).toMatchObject({ status: 'rejected', code: 'VENUE_INSUFFICIENT_BALANCE', venueReason: 'Insufficient funds' });
    expect(await send(request({ timeInForce: 'FOK' }))).toMatchObject({ status: 'rejected', code: 'VENUE_UNSUPPORTED', venueReason: 'LOCAL_VALIDATION' });
    expect(await send(request({ type: 'stop-limit', timeInForce: 'GTC', price: Price.parse('1.1'), triggerPrice: Price.parse('1.1') }))).toMatchObject({ status: 'rejected', code: 'VENUE_UNSUPPORTED' });
    expect(await send(request({ quantity: Quantity.parse('1500') }))).toMatchObject({ status: 'rejected', code: 'VENUE_FILTER_FAILURE' });
    const { bid } = p.sim.market.quote('EURUSD');
    const wrongStop = await send(request({ attached: { stopLoss: { triggerPrice: Price.of(bid.add(Decimal.parse('0.01'))) } } }));
    expect(wrongStop).toMatchObject({ status: 'rejected', code: 'VENUE_FILTER_FAILURE' });
    expect(wrongStop.status === 'rejected' ? wrongStop.venueReason : '').toMatch(/^Invalid stop loss: must be below the entry price/);
    const cancel = await p.client.cancel({ accountId: p.accountId, instrumentId: EURUSD, venueClientOrderId: 'never-sent' as VenueClientOrderId, venueOrderId: '424242' as never });
    expect(cancel).toMatchObject({ status: 'rejected', code: 'VENUE_UNKNOWN_ORDER', venueReason: 'Order not found' });
  });

  it('refuses orders outside the FX session (Saturday) with VENUE_MARKET_CLOSED', async () => {
    const p = await pair({ sim: { sessions: 'fx' } });
    const now = new Date(p.sim.clock.now());
    const daysToSaturday = (6 - now.getUTCDay() + 7) % 7;
    p.sim.clock.advance(daysToSaturday * 86_400_000 + (12 - now.getUTCHours()) * 3_600_000);
    const r: OrderRequest = { clientOrderId: ClientOrderId.parse('closed-1'), accountId: p.accountId, instrumentId: EURUSD, side: 'buy', type: 'market', timeInForce: 'IOC', quantity: Quantity.parse('10000'), postOnly: false, reduceOnly: false };
    expect(await p.client.submit({ request: r, venueClientOrderId: 'closed-1' as VenueClientOrderId })).toMatchObject({ status: 'rejected', code: 'VENUE_MARKET_CLOSED', venueReason: 'Market is closed' });
  });

  it('treats a 5xx to an order the venue does not hold as an unknown outcome, never a rejection', async () => {
    const p = await pair();
    p.sim.faults.failNext = 1;
    const { bid } = p.sim.market.quote('EURUSD');
    const r: OrderRequest = { clientOrderId: ClientOrderId.parse('five-1'), accountId: p.accountId, instrumentId: EURUSD, side: 'buy', type: 'limit', timeInForce: 'GTC', price: Price.roundToTick(bid.mul(Decimal.parse('0.99')), Decimal.parse('0.00001'), 'down'), quantity: Quantity.parse('10000'), postOnly: false, reduceOnly: false };
    await expect(p.client.submit({ request: r, venueClientOrderId: 'five-1' as VenueClientOrderId })).rejects.toMatchObject({ code: 'VENUE_OUTCOME_UNKNOWN' });
  });

  it('maps every message of the simulator catalogue and the broker refusals to a stable engine code', () => {
    const expected: Record<string, string> = {
      unauthorized: 'VENUE_AUTHENTICATION', tokenExpired: 'VENUE_AUTHENTICATION', invalidCredentials: 'VENUE_AUTHENTICATION', invalidRefreshToken: 'VENUE_AUTHENTICATION',
      missingAccNum: 'VENUE_REJECTED', accountNotFound: 'VENUE_REJECTED', accNumMismatch: 'VENUE_REJECTED', rateLimited: 'VENUE_RATE_LIMITED',
      orderNotFound: 'VENUE_UNKNOWN_ORDER', orderNotActive: 'VENUE_UNKNOWN_ORDER', positionNotFound: 'VENUE_UNKNOWN_ORDER', instrumentNotFound: 'VENUE_REJECTED', routeNotFound: 'VENUE_REJECTED',
    };
    for (const [name, error] of Object.entries(TL_ERRORS)) expect(codeOfErrmsg(error.errmsg, error.status), name).toBe(expected[name]);
    expect(codeOfErrmsg('Insufficient funds', 200)).toBe('VENUE_INSUFFICIENT_BALANCE');
    expect(codeOfErrmsg('Market is closed', 200)).toBe('VENUE_MARKET_CLOSED');
    expect(codeOfErrmsg('Invalid quantity: less than the minimum lot 0.01', 200)).toBe('VENUE_FILTER_FAILURE');
    expect(codeOfErrmsg('Invalid price: not a multiple of the tick size 0.00001', 200)).toBe('VENUE_FILTER_FAILURE');
    expect(codeOfErrmsg('No liquidity', 200)).toBe('VENUE_INSUFFICIENT_LIQUIDITY');
    expect(codeOfErrmsg('Position side is not allowed', 200)).toBe('VENUE_REJECTED');
    expect(codeOfErrmsg('FIFO rule violation', 200)).toBe('VENUE_FIFO_VIOLATION');
    expect(codeOfErrmsg('Service unavailable', 503)).toBe('VENUE_OUTCOME_UNKNOWN');
    expect(codeOfErrmsg('something new', 200)).toBe('VENUE_REJECTED');
  });
});

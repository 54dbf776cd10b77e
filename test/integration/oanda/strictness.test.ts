import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { createOandaSimulator, type OandaSimulator } from '../../../src/simulators/oanda';
import { responseErrors, templateOf } from './schema';

/** Invalid requests get the real API's status and errorCode / rejectReason; every answer validates against the schema. */
describe('OANDA simulator strictness', () => {
  let sim: OandaSimulator;
  const replies: { method: string; path: string; status: number; body: Record<string, unknown> }[] = [];
  let account = '';
  const call = async (method: string, path: string, body?: unknown, token?: string, raw?: string) => {
    const response = await fetch(`${sim.url}/v3${path}`, {
      method,
      headers: { authorization: `Bearer ${token ?? sim.token}`, 'content-type': 'application/json' },
      ...(raw !== undefined ? { body: raw } : body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };
  const order = (fields: Record<string, unknown>) => ({ order: { type: 'LIMIT', instrument: 'EUR_USD', units: '100', price: '1.00000', ...fields } });

  beforeAll(async () => {
    sim = await createOandaSimulator({ prices: 'scripted', onReply: (reply) => replies.push(reply) });
    account = sim.accounts[0] ?? '';
    expect((await call('POST', `/accounts/${account}/orders`, order({ clientExtensions: { id: 'taken' } }))).status).toBe(201);
  });
  afterAll(async () => sim.close());

  const cases: [string, string, string, unknown, number, string | undefined][] = [
    ['units that are not a number', 'POST', 'orders', order({ units: 'abc' }), 400, 'UNITS_INVALID'],
    ['zero units', 'POST', 'orders', order({ units: '0' }), 400, 'UNITS_INVALID'],
    ['units finer than tradeUnitsPrecision', 'POST', 'orders', order({ units: '1.5' }), 400, 'UNITS_PRECISION_EXCEEDED'],
    ['missing units', 'POST', 'orders', order({ units: undefined }), 400, 'UNITS_MISSING'],
    ['units above maximumOrderUnits', 'POST', 'orders', order({ units: '200000000' }), 400, 'UNITS_LIMIT_EXCEEDED'],
    ['a price beyond displayPrecision', 'POST', 'orders', order({ price: '1.000001' }), 400, 'PRICE_PRECISION_EXCEEDED'],
    ['a limit order without price', 'POST', 'orders', order({ price: undefined }), 400, 'PRICE_MISSING'],
    ['a market order with GTC', 'POST', 'orders', order({ type: 'MARKET', price: undefined, timeInForce: 'GTC' }), 400, 'TIME_IN_FORCE_INVALID'],
    ['a market-if-touched order with IOC', 'POST', 'orders', order({ type: 'MARKET_IF_TOUCHED', timeInForce: 'IOC' }), 400, 'TIME_IN_FORCE_INVALID'],
    ['an unknown time in force', 'POST', 'orders', order({ timeInForce: 'DAY' }), 400, 'TIME_IN_FORCE_INVALID'],
    ['GTD without gtdTime', 'POST', 'orders', order({ timeInForce: 'GTD' }), 400, 'TIME_IN_FORCE_GTD_TIMESTAMP_MISSING'],
    ['GTD in the past', 'POST', 'orders', order({ timeInForce: 'GTD', gtdTime: '2020-01-01T00:00:00.000000000Z' }), 400, 'TIME_IN_FORCE_GTD_TIMESTAMP_IN_PAST'],
    ['an unknown instrument', 'POST', 'orders', order({ instrument: 'EUR_XYZ' }), 400, 'INSTRUMENT_UNKNOWN'],
    ['a missing instrument', 'POST', 'orders', order({ instrument: undefined }), 400, 'INSTRUMENT_MISSING'],
    ['an invalid positionFill', 'POST', 'orders', order({ positionFill: 'SOMETIMES' }), 400, 'ORDER_FILL_POSITION_ACTION_INVALID'],
    ['a take profit beyond displayPrecision', 'POST', 'orders', order({ takeProfitOnFill: { price: '1.100001' } }), 400, 'TAKE_PROFIT_ON_FILL_PRICE_PRECISION_EXCEEDED'],
    ['a stop loss with price and distance', 'POST', 'orders', order({ stopLossOnFill: { price: '0.9', distance: '0.01' } }), 400, 'STOP_LOSS_ON_FILL_PRICE_AND_DISTANCE_BOTH_SPECIFIED'],
    ['a trailing stop below the minimum distance', 'POST', 'orders', order({ trailingStopLossOnFill: { distance: '0.00010' } }), 400, 'TRAILING_STOP_LOSS_ON_FILL_PRICE_DISTANCE_MINIMUM_NOT_MET'],
    ['an on-fill stop loss that is FOK', 'POST', 'orders', order({ stopLossOnFill: { price: '0.90000', timeInForce: 'FOK' } }), 400, 'STOP_LOSS_ON_FILL_TIME_IN_FORCE_INVALID'],
    ['a client id already in use', 'POST', 'orders', order({ clientExtensions: { id: 'taken' } }), 400, 'CLIENT_ORDER_ID_ALREADY_EXISTS'],
    ['a client id over 128 characters', 'POST', 'orders', order({ clientExtensions: { id: 'x'.repeat(129) } }), 400, 'CLIENT_ORDER_ID_INVALID'],
    ['a body without order', 'POST', 'orders', { orders: {} }, 400, undefined],
    ['a cancel of an unknown order', 'PUT', 'orders/99999/cancel', undefined, 404, 'ORDER_DOESNT_EXIST'],
    ['a cancel by an unknown client id', 'PUT', 'orders/@nobody/cancel', undefined, 404, 'ORDER_DOESNT_EXIST'],
    ['a replace of an unknown order', 'PUT', 'orders/99999', order({}), 404, 'ORDER_DOESNT_EXIST'],
    ['an unknown order', 'GET', 'orders/99999', undefined, 404, 'NO_SUCH_ORDER'],
    ['an unknown trade', 'GET', 'trades/99999', undefined, 404, 'NO_SUCH_TRADE'],
    ['a close of an unknown trade', 'PUT', 'trades/99999/close', { units: 'ALL' }, 404, 'NO_SUCH_TRADE'],
    ['an unknown transaction', 'GET', 'transactions/99999', undefined, 404, 'NO_SUCH_TRANSACTION'],
    ['sinceid past the last transaction', 'GET', 'transactions/sinceid?id=99999', undefined, 416, undefined],
    ['sinceid that is not an id', 'GET', 'transactions/sinceid?id=abc', undefined, 400, undefined],
    ['a close of a position that does not exist', 'PUT', 'positions/USD_JPY/close', { longUnits: 'ALL' }, 400, 'CLOSEOUT_POSITION_DOESNT_EXIST'],
    ['a wrong method on a known path', 'POST', 'summary', {}, 405, undefined],
    ['an unknown path', 'GET', 'nothing/here', undefined, 404, undefined],
  ];

  it.each(cases)('rejects %s (%s %s) with the real status and code', async (_name, method, path, body, status, code) => {
    const reply = await call(method, `/accounts/${account}/${path}`, body);
    expect(reply.status).toBe(status);
    if (code !== undefined) expect(reply.body['errorCode']).toBe(code);
    const reject = (reply.body['orderRejectTransaction'] ?? reply.body['orderCancelRejectTransaction']) as Record<string, unknown> | undefined;
    if (reject !== undefined) expect(reject['rejectReason']).toBe(code);
    expect(typeof reply.body['lastTransactionID']).toBe('string');
    expect(typeof reply.body['errorMessage']).toBe('string');
  });

  it('answers a bad token with 401, a malformed account with 400 and a foreign account with 403', async () => {
    expect((await call('GET', `/accounts/${account}/summary`, undefined, 'wrong-token')).status).toBe(401);
    expect((await call('GET', '/accounts/not-an-account/summary')).status).toBe(400);
    expect((await call('GET', '/accounts/101-001-9999999-001/summary')).status).toBe(403);
    expect((await call('POST', `/accounts/${account}/orders`, undefined, undefined, '{not json')).status).toBe(400);
  });

  it('never lets a rejected request consume anything but its reject transaction, and ids stay strictly increasing', async () => {
    const { body } = await call('GET', `/accounts/${account}/transactions/sinceid?id=0`);
    const ids = (body['transactions'] as { id: string }[]).map((t) => BigInt(t.id));
    expect(ids.every((id, i) => i === 0 || id === (ids[i - 1] ?? 0n) + 1n)).toBe(true);
  });

  it('gives answers that all validate against the official v20 schema', () => {
    const errors = replies
      .filter((r) => !r.path.endsWith('/nothing/here'))
      .flatMap((r) => responseErrors(r.method, templateOf(r.path), r.status, r.body).map((e) => `${r.method} ${r.path} ${r.status}: ${e}`));
    expect(errors).toEqual([]);
    expect(replies.length).toBeGreaterThan(30);
  });
});

import { connect } from 'node:net';

import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';

import { startApi, validOrder, type RunningApi } from './support/harness';

/**
 * Issue 15 item 10, each case against the running service: refused with a coded 4xx naming the field, and
 * nothing written (no order, no journal entry, no order event) for a refused order.
 */
describe('input hardening', () => {
  let api: RunningApi;

  beforeAll(async () => {
    api = await startApi({ api: 'headersTimeoutMs: 300, requestTimeoutMs: 600' });
  });
  afterAll(async () => api.close());

  const snapshot = async () => ({
    orders: api.engine.orders().length,
    journal: await api.app.store.journal.lastSequence(),
    orderEvents: api.server.events
      .after(api.server.events.oldest - 1)
      .filter((e) => e.event.type.startsWith('Order') && e.event.type !== 'OrderBookUpdate').length,
  });

  async function send(method: 'POST' | 'PUT' | 'GET', path: string, body?: unknown, headers = {}) {
    const response = await request(`${api.url}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${api.tokens.admin}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...headers,
      },
      ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
    });
    return { status: response.statusCode, body: (await response.body.json()) as Record<string, unknown> };
  }

  it('refuses ?token= on a REST route, and still takes it on the stream upgrade', async () => {
    const viaQuery = await request(`${api.url}/api/v1/orders?token=${api.tokens.read}`);
    expect(viaQuery.statusCode).toBe(401);
    const body = (await viaQuery.body.json()) as { code: string; message: string };
    expect(body.code).toBe('API_UNAUTHENTICATED');
    expect(body.message).toContain('stream');
    const socket = new WebSocket(`${api.url.replace('http', 'ws')}/api/v1/stream?token=${api.tokens.read}`);
    const first = await new Promise<{ type?: string }>((resolve, reject) => {
      socket.once('message', (data) => resolve(JSON.parse((data as Buffer).toString('utf8')) as { type?: string }));
      socket.once('error', reject);
    });
    socket.close();
    expect(first.type).toBe('hello');
  });

  const refusals: [string, Record<string, unknown>, number, string, string][] = [
    ['an unknown account', validOrder({ accountId: 'nobody' }), 404, 'OMS_UNKNOWN_ACCOUNT', 'accountId'],
    [
      'an unknown instrument',
      validOrder({ instrumentId: 'GBP_CHF.PAPER' }),
      404,
      'OMS_UNKNOWN_INSTRUMENT',
      'instrumentId',
    ],
    [
      "an instrument of another venue than the account's",
      validOrder({ instrumentId: 'EUR_USD.OANDA' }),
      404,
      'OMS_UNKNOWN_INSTRUMENT',
      'instrumentId',
    ],
    [
      'expireAt without GTD',
      validOrder({ type: 'limit', price: '1.0', timeInForce: 'GTC', expireAt: '2030-01-01T00:00:00Z' }),
      400,
      'API_VALIDATION',
      'expireAt',
    ],
    ['a price on a market order', validOrder({ price: '1.1' }), 400, 'API_VALIDATION', 'price'],
    [
      'a trailing offset on a limit order',
      validOrder({ type: 'limit', price: '1.0', trailingOffset: { kind: 'price', value: '0.01' } }),
      400,
      'API_VALIDATION',
      'trailingOffset',
    ],
    ['a trigger on a market order', validOrder({ triggerPrice: '1.1' }), 400, 'API_VALIDATION', 'triggerPrice'],
    ['a control character in tag', validOrder({ tag: 'bell\u0007' }), 400, 'API_VALIDATION', 'tag'],
    ['a newline in tag', validOrder({ tag: 'two\nlines' }), 400, 'API_VALIDATION', 'tag'],
    ['a lone surrogate in tag', validOrder({ tag: 'half\ud800' }), 400, 'API_VALIDATION', 'tag'],
  ];
  for (const [name, body, status, code, field] of refusals) {
    it(`refuses ${name} with ${status} ${code} naming ${field}, writing nothing`, async () => {
      const before = await snapshot();
      const response = await send('POST', '/api/v1/orders', body);
      expect(response.status).toBe(status);
      expect(response.body).toMatchObject({ code, field });
      expect(await snapshot()).toEqual(before);
    });
  }

  it('accepts a tag with non-ASCII text and a well-formed surrogate pair', async () => {
    const response = await send('POST', '/api/v1/orders', validOrder({ tag: 'été-📈' }));
    expect(response.status).toBe(201);
    expect((response.body.order as { tag: string }).tag).toBe('été-📈');
  });

  it('refuses an order list that spans accounts or venues, naming orders.N.field', async () => {
    const before = await snapshot();
    const limit = (overrides: Record<string, unknown>) =>
      validOrder({ type: 'limit', price: '1.0', side: 'sell', ...overrides });
    const accounts = await send('POST', '/api/v1/order-lists', {
      contingency: 'OCO',
      orders: [limit({}), limit({ accountId: 'other-account' })],
    });
    expect(accounts.status).toBe(400);
    expect(accounts.body).toMatchObject({ code: 'API_VALIDATION', field: 'orders.1.accountId' });
    const venues = await send('POST', '/api/v1/order-lists', {
      contingency: 'OCO',
      orders: [limit({}), limit({ instrumentId: 'EUR_USD.OANDA' })],
    });
    expect(venues.status).toBe(400);
    expect(venues.body).toMatchObject({ code: 'API_VALIDATION', field: 'orders.1.instrumentId' });
    expect(await snapshot()).toEqual(before);
  });

  it('names orders.N.field when one order of a list is refused', async () => {
    const before = await snapshot();
    const response = await send('POST', '/api/v1/order-lists', {
      contingency: 'OCO',
      orders: [validOrder({ type: 'limit', price: '1.0' }), validOrder({ price: '1.0' })],
    });
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({ code: 'API_VALIDATION', field: 'orders.1.price' });
    const unknown = await send('POST', '/api/v1/order-lists', {
      contingency: 'OCO',
      orders: [
        validOrder({ type: 'limit', price: '1.0' }),
        validOrder({ type: 'limit', price: '1.0', instrumentId: 'GBP_CHF.PAPER' }),
      ],
    });
    expect(unknown.status).toBe(404);
    expect(unknown.body).toMatchObject({ code: 'OMS_UNKNOWN_INSTRUMENT', field: 'orders.1.instrumentId' });
    expect(await snapshot()).toEqual(before);
  });

  it('answers 415 to text/plain and form bodies', async () => {
    const before = await snapshot();
    for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'application/xml']) {
      const response = await send('POST', '/api/v1/orders', JSON.stringify(validOrder()), {
        'content-type': type,
      });
      expect(response.status, type).toBe(415);
      expect(response.body.code).toBe('API_UNSUPPORTED_MEDIA_TYPE');
    }
    expect(await snapshot()).toEqual(before);
  });

  it('refuses a risk limit above its sane ceiling and keeps the old value', async () => {
    const before = (await send('GET', '/api/v1/risk')).body;
    const cases: [string, string | number][] = [
      ['maxOrderNotional', '1000000000000000000000000'],
      ['submitRatePerSecond', 1_000_000_000],
      ['maxLeverage', '5000'],
    ];
    for (const [key, value] of cases) {
      const response = await send('PUT', '/api/v1/risk/limits', { scope: 'global', limits: { [key]: value } });
      expect(response.status, key).toBe(400);
      expect(response.body).toMatchObject({ code: 'API_VALIDATION', field: `limits.${key}` });
    }
    expect((await send('GET', '/api/v1/risk')).body.limits).toEqual(before.limits);
    const sane = await send('PUT', '/api/v1/risk/limits', {
      scope: 'global',
      limits: { maxOrderNotional: '5000000' },
    });
    expect(sane.status).toBe(200);
  });

  it('refuses a 5,000-character path id with a coded 400 naming the field', async () => {
    const response = await send('GET', `/api/v1/orders/${'x'.repeat(5_000)}`);
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({ code: 'API_VALIDATION', field: 'clientOrderId' });
  });

  it('closes a connection whose headers never finish', async () => {
    const { hostname, port } = new URL(api.url);
    const socket = connect({ host: hostname, port: Number(port) });
    let received = '';
    socket.on('data', (chunk: Buffer) => {
      received += chunk.toString('latin1');
    });
    const closed = new Promise<void>((resolve) => socket.on('close', () => resolve()));
    socket.on('connect', () => socket.write('GET /health/live HTTP/1.1\r\nHost: x\r\n'));
    // No timer races here: the server's own header deadline (300 ms) must end the connection.
    await closed;
    expect(received === '' || received.startsWith('HTTP/1.1 408')).toBe(true);
  });

  it('closes a connection whose body never finishes', async () => {
    const { hostname, port } = new URL(api.url);
    const socket = connect({ host: hostname, port: Number(port) });
    let received = '';
    socket.on('data', (chunk: Buffer) => {
      received += chunk.toString('latin1');
    });
    const closed = new Promise<void>((resolve) => socket.on('close', () => resolve()));
    socket.on('connect', () =>
      socket.write(
        `POST /api/v1/orders HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${api.tokens.trade}\r\n` +
          'Content-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"accountId"',
      ),
    );
    await closed;
    expect(received === '' || received.startsWith('HTTP/1.1 408')).toBe(true);
  });
});

describe('a list denied by risk', () => {
  let api: RunningApi;
  beforeAll(async () => {
    api = await startApi();
  });
  afterAll(async () => api.close());

  it('leads with the first denial, its field named orders.N.field', async () => {
    const response = await api.client(api.tokens.trade).raw('POST', '/api/v1/order-lists', {
      contingency: 'OCO',
      orders: [
        validOrder({ type: 'limit', side: 'sell', price: '2.0' }),
        validOrder({
          type: 'limit',
          side: 'sell',
          price: '2.0',
          timeInForce: 'GTD',
          expireAt: '2020-01-01T00:00:00Z',
        }),
      ],
    });
    expect(response.status).toBe(422);
    const body = response.body as { code: string; field?: string; message: string; orders: unknown[] };
    expect(body.code).toBe('RISK_EXPIRY_IN_PAST');
    expect(body.message).toMatch(/^orders\.1: /);
    expect(body.field).toBe('orders.1.expireAt');
    expect(body.orders).toHaveLength(2);
  });
});

import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { startApi, validOrder, type RunningApi } from './support/harness';

describe('bad input gets a coded 4xx and changes nothing', () => {
  let api: RunningApi;

  beforeAll(async () => {
    api = await startApi({ api: 'bodyLimitBytes: 4096' });
  });
  afterAll(async () => api.close());

  // The live event head moves with every price tick, so "nothing changed" is read from the engine's orders,
  // its journal and the audit log, and from the order events among the recent events.
  const snapshot = async () => ({
    orders: api.engine.orders().length,
    journal: await api.app.store.journal.lastSequence(),
    audit: api.server.audit.query({ limit: 1000 }).length,
    orderEvents: api.server.events
      .after(api.server.events.oldest - 1)
      .filter((e) => e.event.type.startsWith('Order') && e.event.type !== 'OrderBookUpdate').length,
  });

  async function post(path: string, body: string, headers: Record<string, string> = {}) {
    const response = await request(`${api.url}${path}`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${api.tokens.trade}`,
        'content-type': 'application/json',
        ...headers,
      },
      body,
    });
    return { status: response.statusCode, body: (await response.body.json()) as Record<string, unknown> };
  }

  const cases: [string, string, number, string, string?][] = [
    ['malformed JSON', '{"accountId": "paper-fx", ', 400, 'API_MALFORMED_JSON'],
    [
      'a wrong type (quantity as a number)',
      JSON.stringify(validOrder({ quantity: 1000 })),
      400,
      'API_VALIDATION',
      'quantity',
    ],
    ['an unknown field', JSON.stringify(validOrder({ leverage: '50' })), 400, 'API_VALIDATION', 'leverage'],
    [
      'an unknown order type',
      JSON.stringify(validOrder({ type: 'fill-or-kill-market' })),
      400,
      'API_VALIDATION',
      'type',
    ],
    [
      'a negative quantity',
      JSON.stringify(validOrder({ quantity: '-5' })),
      400,
      'API_VALIDATION',
      'quantity',
    ],
    [
      'a float written as exponent',
      JSON.stringify(validOrder({ quantity: '1e3' })),
      400,
      'API_VALIDATION',
      'quantity',
    ],
    [
      'a bad instrument id',
      JSON.stringify(validOrder({ instrumentId: 'EURUSD' })),
      400,
      'API_VALIDATION',
      'instrumentId',
    ],
    [
      'a missing required field',
      JSON.stringify({ accountId: 'paper-fx', side: 'buy', type: 'market', quantity: '1' }),
      400,
      'API_VALIDATION',
      'instrumentId',
    ],
    [
      'a nested unknown field',
      JSON.stringify(validOrder({ attached: { stopLoss: { triggerPrice: '1.0', size: '1' } } })),
      400,
      'API_VALIDATION',
      'attached.stopLoss.size',
    ],
    ['an oversized body', JSON.stringify(validOrder({ tag: 'x'.repeat(10_000) })), 413, 'API_BODY_TOO_LARGE'],
    ['a JSON array instead of an object', '[1,2,3]', 400, 'API_VALIDATION'],
  ];

  for (const [name, body, status, code, field] of cases) {
    it(`rejects ${name} with ${status} ${code}`, async () => {
      const before = await snapshot();
      const response = await post('/api/v1/orders', body);
      expect(response.status).toBe(status);
      expect(response.body.code).toBe(code);
      expect(typeof response.body.message).toBe('string');
      if (field !== undefined) expect(response.body.field).toBe(field);
      expect(await snapshot()).toEqual(before);
    });
  }

  it('rejects a body that is not JSON by content type with 415', async () => {
    const before = await snapshot();
    const response = await post('/api/v1/orders', 'accountId=paper-fx', {
      'content-type': 'application/x-www-form-urlencoded',
    });
    expect(response.status).toBe(415);
    expect(response.body.code).toBe('API_UNSUPPORTED_MEDIA_TYPE');
    expect(await snapshot()).toEqual(before);
  });

  it('rejects a missing token with 401 and a wrong token with 401', async () => {
    const before = await snapshot();
    const missing = await request(`${api.url}/api/v1/orders`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(validOrder()),
    });
    expect(missing.statusCode).toBe(401);
    expect(((await missing.body.json()) as { code: string }).code).toBe('API_UNAUTHENTICATED');
    const forged = `tmt_${api.tokenIds.trade}_${'A'.repeat(43)}`;
    const wrong = await post('/api/v1/orders', JSON.stringify(validOrder()), {
      authorization: `Bearer ${forged}`,
    });
    expect(wrong.status).toBe(401);
    expect(wrong.body.code).toBe('API_UNAUTHENTICATED');
    expect(await snapshot()).toEqual(before);
  });

  it('refuses a read token that tries to trade with 403', async () => {
    const before = await snapshot();
    const response = await post('/api/v1/orders', JSON.stringify(validOrder()), {
      authorization: `Bearer ${api.tokens.read}`,
    });
    expect(response.status).toBe(403);
    expect(response.body.code).toBe('API_FORBIDDEN');
    expect(await snapshot()).toEqual(before);
  });

  it('refuses a trade token doing an admin action (kill switch) with 403', async () => {
    const before = await snapshot();
    const response = await post('/emergency-stop', '{}');
    expect(response.status).toBe(403);
    expect(response.body.code).toBe('API_FORBIDDEN');
    expect(api.engine.tradingState('global')).toBe('ACTIVE');
    expect(await snapshot()).toEqual(before);
  });

  it('refuses a revoked token', async () => {
    const created = await api.client(api.tokens.admin).createToken('short-lived', 'trade');
    await api.client(api.tokens.admin).revokeToken(created.id);
    const response = await post('/api/v1/orders', JSON.stringify(validOrder()), {
      authorization: `Bearer ${created.token}`,
    });
    expect(response.status).toBe(401);
  });

  it('refuses fields sent to a route that takes no body, and changes nothing', async () => {
    const response = await api.client(api.tokens.admin).raw('POST', '/stop', { everything: true });
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({ code: 'API_VALIDATION', field: 'everything' });
    expect(api.engine.isAcceptingIntents()).toBe(true);
  });

  it('answers an unknown route with 404 API_NOT_FOUND', async () => {
    const response = await api.client(api.tokens.read).raw('GET', '/api/v1/nothing-here');
    expect(response.status).toBe(404);
    expect((response.body as { code: string }).code).toBe('API_NOT_FOUND');
  });

  it('rejects an unknown query parameter and a bad query value', async () => {
    const client = api.client(api.tokens.read);
    const unknown = await client.raw('GET', '/api/v1/orders?colour=red');
    expect(unknown.status).toBe(400);
    expect((unknown.body as { field: string }).field).toBe('colour');
    const badLimit = await client.raw('GET', '/api/v1/fills?limit=-1');
    expect(badLimit.status).toBe(400);
    expect((badLimit.body as { field: string }).field).toBe('limit');
  });

  it('denies an order for a disabled account as OrderDenied RISK_ACCOUNT_DISABLED, journaled as an event', async () => {
    await api.client(api.tokens.admin).setAccountEnabled('paper-fx', false);
    const response = await api
      .client(api.tokens.trade)
      .submitOrder(validOrder({ clientOrderId: 'disabled-1' }));
    expect(response.status).toBe(422);
    expect(response.body.code).toBe('RISK_ACCOUNT_DISABLED');
    expect((response.body.order as { status: string }).status).toBe('denied');
    const events = await api.client(api.tokens.read).events(0, 1000);
    expect(
      events.events.some((e) => e.event.type === 'OrderDenied' && e.event.clientOrderId === 'disabled-1'),
    ).toBe(true);
    await api.client(api.tokens.admin).setAccountEnabled('paper-fx', true);
  });
});

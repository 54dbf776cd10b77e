import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

import { ClientOrderId } from '../../../src/core';
import { startApi, validOrder, type RunningApi } from './support/harness';

const DECIMAL_5DP = /^\d+\.\d{5}$/;

/** The real service (engine, risk, paper venue with its seeded feed); resting orders sit far from the market. */
describe('orders over HTTP', () => {
  let api: RunningApi;

  beforeAll(async () => {
    api = await startApi();
  });
  afterAll(async () => api.close());

  it('submits a market order: 201, filled, decimals as strings, audited with the token as actor', async () => {
    const response = await api.client(api.tokens.trade).submitOrder(validOrder({ clientOrderId: 'm-1' }));
    expect(response.status).toBe(201);
    const order = response.body.order as Record<string, unknown>;
    expect(order.status).toBe('filled');
    expect(order.quantity).toBe('1000');
    // The fill price comes from the moving paper feed: an exact decimal within the instrument's precision.
    expect(order.averageFillPrice).toMatch(/^\d+\.\d{1,5}$/);
    const audit = await api.client(api.tokens.admin).audit({ action: 'order.submit' });
    expect(audit.entries.at(-1)).toMatchObject({
      actor: `token:${api.tokenIds.trade}`,
      target: 'm-1',
      outcome: 'ok',
    });
  });

  it('treats the client order id as an idempotency key: same content 200 existing, different content 409', async () => {
    const client = api.client(api.tokens.trade);
    const first = await client.submitOrder(
      validOrder({ clientOrderId: 'idem-1', type: 'limit', price: '0.90000' }),
    );
    expect(first.status).toBe(201);
    const again = await client.submitOrder(
      validOrder({ clientOrderId: 'idem-1', type: 'limit', price: '0.90000' }),
    );
    expect(again.status).toBe(200);
    expect(again.body.existing).toBe(true);
    const clash = await client.submitOrder(
      validOrder({ clientOrderId: 'idem-1', type: 'limit', price: '0.80000' }),
    );
    expect(clash.status).toBe(409);
    expect(clash.body.code).toBe('OMS_DUPLICATE_CLIENT_ORDER_ID');
  });

  it('denies an order that breaks a risk limit with 422 and the numbers', async () => {
    const response = await api
      .client(api.tokens.trade)
      .submitOrder(validOrder({ clientOrderId: 'big-1', quantity: '9999999' }));
    expect(response.status).toBe(422);
    expect(response.body).toMatchObject({ status: 'denied', code: 'RISK_MAX_ORDER_NOTIONAL' });
    const details = response.body.details as Record<string, string>;
    expect(details.limit).toBe('5000000');
    expect(
      Object.values(details).some((value) => /^\d{7,}(\.\d+)?$/.test(value) && value !== '5000000'),
    ).toBe(true);
    expect(api.engine.order(ClientOrderId.parse('big-1'))?.status).toBe('denied');
  });

  it('lists, gets with history, and cancels an order', async () => {
    const client = api.client(api.tokens.trade);
    await client.submitOrder(
      validOrder({ clientOrderId: 'rest-1', type: 'limit', price: '0.95000', timeInForce: 'GTC' }),
    );
    const open = await client.orders({ open: true });
    expect(open.orders.some((o) => o.clientOrderId === 'rest-1')).toBe(true);
    const one = await client.order('rest-1');
    expect((one.events as { type: string }[]).map((e) => e.type)).toEqual([
      'OrderInitialized',
      'OrderSubmitted',
      'OrderAccepted',
    ]);
    await client.cancelOrder('rest-1');
    await expect
      .poll(async () => (await client.order('rest-1')).status, { timeout: 15_000 })
      .toBe('canceled');
    const again = await client.raw('DELETE', '/api/v1/orders/rest-1');
    expect(again.status).toBe(409);
    const missing = await client.raw('GET', '/api/v1/orders/never-was');
    expect(missing.status).toBe(404);
    expect((missing.body as { code: string }).code).toBe('OMS_UNKNOWN_ORDER');
  });

  it('submits an OCO list with links between the orders', async () => {
    const response = await api.client(api.tokens.trade).submitOrderList({
      contingency: 'OCO',
      orders: [
        validOrder({ clientOrderId: 'oco-a', type: 'limit', price: '0.90000' }),
        validOrder({ clientOrderId: 'oco-b', type: 'stop-market', triggerPrice: '1.50000' }),
      ],
    });
    expect(response.status).toBe(201);
    const orders = response.body.orders as {
      order: { contingency: { type: string; linkedClientOrderIds: string[] } };
    }[];
    expect(orders[0]?.order.contingency).toMatchObject({ type: 'OCO', linkedClientOrderIds: ['oco-b'] });
  });

  it('serves read routes: accounts, instruments, prices, fills paging, positions, risk, reconciliation', async () => {
    await api.client(api.tokens.trade).submitOrder(validOrder({ clientOrderId: 'm-2' }));
    const client = api.client(api.tokens.read);
    expect((await client.accounts()).accounts[0]).toMatchObject({ accountId: 'paper-fx', venue: 'PAPER' });
    expect((await client.instruments()).instruments[0]).toMatchObject({
      id: 'EUR_USD.PAPER',
      priceIncrement: '0.00001',
    });
    // The feed moves: check shape and the mid's arithmetic (exact, one more decimal) rather than fixed values.
    await expect
      .poll(async () => (await client.prices()).prices.map((p) => p.instrumentId), { timeout: 15_000 })
      .toContain('EUR_USD.PAPER');
    const quote = (await client.prices()).prices.find((p) => p.instrumentId === 'EUR_USD.PAPER') as {
      bid: string;
      ask: string;
      mid: string;
    };
    expect(quote.bid).toMatch(DECIMAL_5DP);
    expect(quote.ask).toMatch(DECIMAL_5DP);
    expect(quote.mid).toMatch(/^\d+\.\d{6}$/);
    const tenths = (text: string) => BigInt(text.replace('.', ''));
    expect(tenths(quote.mid) * 2n).toBe((tenths(quote.bid) + tenths(quote.ask)) * 10n);
    const page = await client.fills({ limit: 1 });
    expect(page.fills).toHaveLength(1);
    expect(page.nextOffset).toBe(1);
    // The market buys above left a long EUR_USD position.
    expect((await client.positions()).positions).toEqual(
      expect.arrayContaining([expect.objectContaining({ instrumentId: 'EUR_USD.PAPER' })]),
    );
    expect(await client.risk()).toMatchObject({ tradingState: { global: 'ACTIVE' } });
    expect(await client.call('GET', '/api/v1/reconciliation')).toMatchObject({
      accounts: [{ state: 'reconciled' }],
    });
  });

  it('changes risk limits (admin, audited) and refuses an invalid limit leaving the limits unchanged', async () => {
    const admin = api.client(api.tokens.admin);
    await admin.updateRiskLimits('global', { maxOrderNotional: '5000' });
    expect(api.engine.riskLimits().global.maxOrderNotional).toBe('5000');
    // The new limit is the one the risk engine applies: 10,000 EUR is more than 5,000 USD.
    const denied = await api
      .client(api.tokens.trade)
      .submitOrder(validOrder({ clientOrderId: 'limit-5000', quantity: '10000' }));
    expect(denied.body).toMatchObject({ code: 'RISK_MAX_ORDER_NOTIONAL', details: { limit: '5000' } });
    const bad = await admin.raw('PUT', '/api/v1/risk/limits', {
      scope: 'global',
      limits: { noSuchLimit: 1 },
    });
    expect(bad.status).toBe(400);
    expect(api.engine.riskLimits().global.maxOrderNotional).toBe('5000');
    const entries = (await admin.audit({ action: 'risk.limits.update' })).entries;
    expect(entries.map((e) => e.outcome)).toEqual(['ok', 'error']);
    await admin.updateRiskLimits('global', { maxOrderNotional: '5000000' });
  });

  it('stop refuses new intents with 503 OMS_NOT_ACCEPTING; start resumes', async () => {
    const admin = api.client(api.tokens.admin);
    await admin.stopIntake();
    const refused = await api.client(api.tokens.trade).submitOrder(validOrder());
    expect(refused.status).toBe(503);
    expect(refused.body.code).toBe('OMS_NOT_ACCEPTING');
    await admin.startIntake();
    expect((await api.client(api.tokens.trade).submitOrder(validOrder())).status).toBe(201);
  });

  it('the kill switch halts trading and cancels open orders', async () => {
    const trade = api.client(api.tokens.trade);
    await trade.submitOrder(validOrder({ clientOrderId: 'ks-open', type: 'limit', price: '0.91000' }));
    const result = await api.client(api.tokens.admin).emergencyStop();
    expect(result.canceled).toBeGreaterThanOrEqual(1);
    expect(result.tradingState).toMatchObject({ global: 'HALTED' });
    await expect
      .poll(async () => (await trade.order('ks-open')).status, { timeout: 15_000 })
      .toBe('canceled');
    const denied = await trade.submitOrder(validOrder());
    expect(denied.body.code).toBe('RISK_TRADING_HALTED');
    await api.client(api.tokens.admin).setTradingState('global', 'ACTIVE', 'test over');
  });

  it('serves the OpenAPI document with every route and a docs page', async () => {
    const client = api.client();
    const doc = await client.call<{ paths: Record<string, Record<string, unknown>> }>('GET', '/openapi.json');
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        '/api/v1/orders',
        '/api/v1/orders/{clientOrderId}',
        '/emergency-stop',
        '/metrics',
      ]),
    );
    expect(doc.paths['/api/v1/orders']?.post).toMatchObject({ 'x-scope': 'trade' });
    const page = await client.raw<string>('GET', '/docs');
    expect(page.body).toContain('openapi.json');
  });

  it('exposes Prometheus metrics with latency histograms, outcomes and trading state', async () => {
    const text = await api.client(api.tokens.read).metrics();
    expect(text).toContain('tmt_order_submit_to_ack_seconds_bucket{le="0.0001",venue="PAPER"}');
    expect(text).toMatch(/tmt_orders_total\{venue="PAPER",outcome="filled"\} \d+/);
    expect(text).toMatch(/tmt_order_rejections_total\{venue="PAPER",code="RISK_MAX_ORDER_NOTIONAL"\} [1-9]/);
    expect(text).toContain('tmt_trading_state{scope="global"} 0');
    expect(text).toContain('tmt_dead_letters 0');
    expect(text).toContain('tmt_fill_ratio{venue="PAPER"}');
  });

  it('tells each token its own scope, never its secret; without a token 401', async () => {
    for (const scope of ['read', 'trade', 'admin'] as const) {
      const current = await api.client(api.tokens[scope]).currentToken();
      expect(current).toEqual({ id: api.tokenIds[scope], name: `test-${scope}`, scope });
    }
    const anonymous = await api.client().raw('GET', '/api/v1/tokens/current');
    expect(anonymous.status).toBe(401);
  });

  it('health: live always; ready shows only its status without a token, its checks with a read token', async () => {
    const client = api.client();
    expect(await client.call('GET', '/health/live')).toEqual({ status: 'live' });
    const anonymous = await client.raw('GET', '/health/ready');
    expect(anonymous.status).toBe(200);
    expect(anonymous.body).toEqual({ status: 'ready' });
    expect(JSON.stringify(anonymous.body)).not.toContain('paper-fx');
    const forged = await api.client(`tmt_${api.tokenIds.read}_${'A'.repeat(43)}`).raw('GET', '/health/ready');
    expect(forged.body).toEqual({ status: 'ready' });
    const read = await api
      .client(api.tokens.read)
      .call<{ status: string; checks: { name: string; ok: boolean }[] }>('GET', '/health/ready');
    expect(read.status).toBe('ready');
    expect(read.checks.map((c) => c.name)).toEqual(
      expect.arrayContaining(['store', 'venue:PAPER', 'reconciliation:paper-fx']),
    );
  });

  it('health: not ready answers 503 with only its status to an anonymous caller, never the store error', async () => {
    const failing = vi
      .spyOn(api.app.store.journal, 'lastSequence')
      .mockRejectedValue(new Error('disk I/O error at /secret/path/journal.db'));
    try {
      const anonymous = await api.client().raw('GET', '/health/ready');
      expect(anonymous.status).toBe(503);
      expect(anonymous.body).toEqual({ status: 'not-ready' });
      const read = await api.client(api.tokens.read).raw('GET', '/health/ready');
      expect(read.status).toBe(503);
      expect(JSON.stringify(read.body)).toContain('disk I/O error');
    } finally {
      failing.mockRestore();
    }
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { ClientOrderId } from '../../../src/core';
import { startApi, validOrder, type RunningApi } from './support/harness';

describe('per-token rate limits, dead letters and the venue request log', () => {
  let api: RunningApi;

  beforeAll(async () => {
    api = await startApi();
  });
  afterAll(async () => api.close());

  it('a token over its own limit gets 429 API_RATE_LIMITED with retry-after, and nothing changes', async () => {
    const limited = api.server.tokens.create({
      name: 'slow',
      scope: 'trade',
      createdBy: 'test',
      rateLimitPerSecond: 2,
    });
    const client = api.client(limited.token);
    // Sent together, so that a loaded machine cannot spread them over more than the token's second: at most
    // two pass, the rest are refused before the engine sees them.
    const burst = await Promise.all(
      ['rl-1', 'rl-2', 'rl-4', 'rl-5', 'rl-6', 'rl-7'].map(async (id) => ({
        id,
        response: await client.submitOrder(validOrder({ clientOrderId: id })),
      })),
    );
    const refusedAll = burst.filter((b) => b.response.status === 429);
    expect(refusedAll.length).toBeGreaterThanOrEqual(1);
    for (const { id, response } of refusedAll) {
      expect(response.body.code).toBe('API_RATE_LIMITED');
      expect(api.engine.order(ClientOrderId.parse(id))).toBeUndefined();
    }
    for (const { response } of burst.filter((b) => b.response.status !== 429)) expect(response.status).toBe(201);
    // Other tokens are not affected.
    expect(
      (await api.client(api.tokens.trade).submitOrder(validOrder({ clientOrderId: 'rl-other' }))).status,
    ).toBe(201);
    // The service runs on the system clock: the token's window refills within a second; wait for it.
    await expect
      .poll(async () => (await client.submitOrder(validOrder({ clientOrderId: 'rl-3' }))).status, {
        timeout: 15_000,
        interval: 250,
      })
      .toBe(201);
  });

  it('lists dead letters (read) and retries or discards them (admin, audited)', async () => {
    // A letter as the engine's dead-letter queue writes it, put straight into the real store (the paper venue
    // never fails a delivery by itself).
    await api.app.store.deadLetters.add({
      id: 'dl-1',
      command: '{}',
      commandType: 'CancelOrder',
      accountId: 'paper-fx',
      error: 'VENUE_UNAVAILABLE',
      attempts: 5,
      createdAt: Date.now(),
    });
    expect(await api.client(api.tokens.read).metrics()).toContain('tmt_dead_letters 1');
    const list = await api
      .client(api.tokens.read)
      .call<{ deadLetters: { id: string }[] }>('GET', '/api/v1/dead-letters');
    expect(list.deadLetters.map((d) => d.id)).toEqual(['dl-1']);
    expect((await api.client(api.tokens.trade).raw('POST', '/api/v1/dead-letters/dl-1/retry')).status).toBe(
      403,
    );
    expect(await api.client(api.tokens.admin).call('POST', '/api/v1/dead-letters/dl-1/retry')).toEqual({
      id: 'dl-1',
      resolution: 'retried',
    });
    const missing = await api.client(api.tokens.admin).raw('POST', '/api/v1/dead-letters/nope/discard');
    expect(missing.status).toBe(404);
    const entries = (await api.client(api.tokens.admin).audit({ action: 'dead-letter.retry' })).entries;
    expect(entries[0]).toMatchObject({ target: 'dl-1', actor: `token:${api.tokenIds.admin}` });
    // Retried: resolved, no longer counted.
    expect(await api.client(api.tokens.read).metrics()).toContain('tmt_dead_letters 0');
  });

  it('serves the venue request log with the connections', async () => {
    const result = await api.client(api.tokens.read).call('GET', '/api/v1/venue-requests?limit=10');
    expect(result).toMatchObject({ requests: [], connections: [{ venue: 'PAPER', state: 'connected' }] });
  });

  it('records risk actions the engine takes by itself (a loss trip, a circuit breaker) in the audit log', async () => {
    // What the risk engine does on a loss trip (a state change with actor "risk") and an alert the engine
    // raises, through the real engine's own entry points.
    api.engine.setTradingState('global', 'REDUCING', 'daily loss limit reached', 'risk');
    api.engine.alert('circuit-breaker', 'critical', 'PAPER circuit open');
    const entries = api.server.audit.query({ limit: 1000 });
    expect(entries.find((e) => e.action === 'trading-state.changed')).toMatchObject({
      actor: 'risk',
      target: 'global',
    });
    expect(entries.find((e) => e.action === 'alert.circuit-breaker')).toMatchObject({ actor: 'system' });
    api.engine.setTradingState('global', 'ACTIVE', 'test over', 'token:test');
  });
});

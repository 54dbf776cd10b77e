import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { startApi, type RunningApi } from '../api/support/harness';

let api: RunningApi;

beforeAll(async () => {
  api = await startApi({
    env: { TV_SECRET: 'tv-secret-123' },
    extraConfig: `orchestrator:
  webhooks:
    - name: tradingview
      secret: {env: TV_SECRET}
      agentId: tv-alerts
      idField: alertId
      template: {instrumentId: "{{ticker}}", intent: "{{action}}", confidence: "0.9", stopLoss: {distance: "{{stop}}"}}
`,
  });
}, 60_000);
afterAll(async () => {
  await api.close();
});

async function call(
  method: string,
  path: string,
  token: string | undefined,
  body?: unknown,
  contentType = 'application/json',
) {
  const response = await fetch(`${api.url}${path}`, {
    method,
    headers: {
      ...(token === undefined ? {} : { authorization: `Bearer ${token}` }),
      ...(body === undefined ? {} : { 'content-type': contentType }),
    },
    ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

const signal = (id: string, extra: Record<string, unknown> = {}) => ({
  clientSignalId: id,
  agentId: 'ext-1',
  instrumentId: 'EUR_USD.PAPER',
  intent: 'long',
  confidence: '0.7',
  entry: { type: 'market' },
  stopLoss: { distance: '0.00400' },
  ...extra,
});

describe('signals over HTTP', () => {
  it('an unregistered agent is refused; once registered its signal is traced, and a resend is the same signal', async () => {
    const refused = await call('POST', '/api/v1/signals', api.tokens.trade, signal('http-0'));
    expect(refused.status).toBe(404);
    expect(refused.body.code).toBe('ORCH_AGENT_UNKNOWN');
    expect((await call('POST', '/api/v1/agents', api.tokens.trade, { agentId: 'ext-1' })).status).toBe(201);
    const first = await call('POST', '/api/v1/signals', api.tokens.trade, signal('http-1'));
    expect(first.status).toBe(201);
    expect((first.body.trace as { stage: string }[]).map((t) => t.stage)).toContain('execution');
    expect(first.body.orders).toHaveLength(1);
    const again = await call('POST', '/api/v1/signals', api.tokens.trade, signal('http-1'));
    expect(again.status).toBe(200);
    expect(again.body.orders).toEqual(first.body.orders);
    const shown = await call('GET', '/api/v1/signals/http-1', api.tokens.read);
    expect(shown.status).toBe(200);
    expect((shown.body.signal as { agentId: string }).agentId).toBe('ext-1');
    const listed = await call('GET', '/api/v1/signals?agentId=ext-1', api.tokens.read);
    expect((listed.body.signals as unknown[]).length).toBe(1);
    const none = await call('GET', '/api/v1/signals?agentId=nobody', api.tokens.read);
    expect(none.body.signals).toEqual([]);
  });

  it('a read token cannot send signals; a bad signal names its field and is not stored', async () => {
    expect((await call('POST', '/api/v1/signals', api.tokens.read, signal('http-2'))).status).toBe(403);
    const bad = await call(
      'POST',
      '/api/v1/signals',
      api.tokens.trade,
      signal('http-3', { entry: { type: 'limit' } }),
    );
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ code: 'ORCH_SIGNAL_INVALID', field: 'entry.price' });
    expect((await call('GET', '/api/v1/signals/http-3', api.tokens.read)).status).toBe(404);
  });

  it('a TradingView alert as text/plain with the secret in the path becomes a signal; a replay and a wrong secret are refused', async () => {
    const alert = JSON.stringify({
      alertId: 'a-1',
      ticker: 'EUR_USD.PAPER',
      action: 'short',
      stop: '0.00300',
    });
    const taken = await call(
      'POST',
      '/api/v1/webhooks/tradingview/tv-secret-123',
      undefined,
      alert,
      'text/plain',
    );
    expect(taken.status).toBe(201);
    expect(taken.body.signalId).toBe('wh.tradingview.a-1');
    const replay = await call(
      'POST',
      '/api/v1/webhooks/tradingview/tv-secret-123',
      undefined,
      alert,
      'text/plain',
    );
    expect(replay.status).toBe(409);
    expect(replay.body.code).toBe('ORCH_WEBHOOK_REPLAY');
    const wrong = await call(
      'POST',
      '/api/v1/webhooks/tradingview/nope',
      undefined,
      alert.replace('a-1', 'a-2'),
      'text/plain',
    );
    expect(wrong.status).toBe(401);
    expect(JSON.stringify(wrong.body)).not.toContain('tv-secret-123');
    const inBody = await call('POST', '/api/v1/webhooks/tradingview', undefined, {
      alertId: 'a-3',
      secret: 'tv-secret-123',
      ticker: 'EUR_USD.PAPER',
      action: 'flat',
    });
    // The template asks for {{stop}}: an alert without it is refused with the placeholder named.
    expect(inBody.status).toBe(422);
    expect(inBody.body).toMatchObject({ code: 'ORCH_WEBHOOK_TEMPLATE', field: 'stop' });
    const trace = await call('GET', '/api/v1/signals/wh.tradingview.a-1', api.tokens.read);
    expect((trace.body.trace as { stage: string; reason: string }[])[0]?.reason).toContain('webhook');
  });

  it("serves the seed's /health, /agents, /agents/{id}/health, /trades and /accounts/{id}/status", async () => {
    const health = await call('GET', '/health', undefined);
    expect(health.status).toBe(200);
    expect(health.body.status).toMatch(/ok|degraded/);
    const agents = await call('GET', '/agents', api.tokens.read);
    expect((agents.body.agents as { agentId: string }[]).map((a) => a.agentId)).toContain('ext-1');
    const one = await call('GET', '/agents/ext-1/health', api.tokens.read);
    expect(one.body).toMatchObject({ agentId: 'ext-1', health: 'healthy', kind: 'external' });
    expect((await call('GET', '/trades', api.tokens.read)).status).toBe(200);
    const status = await call('GET', '/accounts/paper-fx/status', api.tokens.read);
    expect(status.status).toBe(200);
    expect(status.body).toMatchObject({ accountId: 'paper-fx', breaker: { state: 'closed' } });
    const restart = await call('POST', '/agents/ext-1/restart', api.tokens.admin);
    expect(restart.body.code).toBe('ORCH_AGENT_NOT_MANAGED');
  });
});

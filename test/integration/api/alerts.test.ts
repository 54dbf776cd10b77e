import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';

import { redactUrl } from '../../../src/api/alerts/webhook-dispatcher';
import type { AlertRaised } from '../../../src/core';
import { createLogger } from '../../../src/shared/logger';
import { startApi, type RunningApi } from './support/harness';

interface Received {
  url: string;
  headers: Record<string, string | string[] | undefined>;
  body: { attempt: number; alert: AlertRaised };
}

describe('alerts go to webhooks (with retries) and to the live stream', () => {
  let api: RunningApi;
  let receiver: Server;
  const received: Received[] = [];
  let failuresLeft = 1;
  const logLines: string[] = [];
  // Webhook URLs such as Slack's are credentials: given by reference, never in a log line.
  const URL_SECRET = 'T0000/B0000/canary-webhook-4b1e';

  beforeAll(async () => {
    receiver = createServer((request, response) => {
      let text = '';
      request.on('data', (chunk: Buffer) => (text += chunk.toString()));
      request.on('end', () => {
        received.push({
          url: request.url ?? '',
          headers: request.headers,
          body: JSON.parse(text) as Received['body'],
        });
        response.statusCode = failuresLeft-- > 0 ? 500 : 204;
        response.end();
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    const port = (receiver.address() as AddressInfo).port;
    // A port nothing listens on: every delivery there fails and is logged.
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const deadPort = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const destination = new Writable({
      write(chunk: Buffer, _encoding, done) {
        logLines.push(chunk.toString('utf8'));
        done();
      },
    });
    api = await startApi({
      env: {
        TMT_TEST_HOOK_KEY: 'hook-secret',
        TMT_TEST_HOOK_URL: `http://127.0.0.1:${port}/hook/${URL_SECRET}`,
        TMT_TEST_DEAD_HOOK_URL: `http://127.0.0.1:${deadPort}/services/${URL_SECRET}`,
      },
      extraConfig: `alerts:
  webhooks:
    - {name: ops, url: {env: TMT_TEST_HOOK_URL}, minSeverity: warning, headers: {x-hook-key: {env: TMT_TEST_HOOK_KEY}}, maxAttempts: 3, timeoutMs: 5000}
    - {name: dead, url: {env: TMT_TEST_DEAD_HOOK_URL}, minSeverity: critical, maxAttempts: 1, timeoutMs: 5000}`,
      app: { logger: createLogger({ level: 'debug', destination }) },
    });
  });
  afterAll(async () => {
    await api.close();
    await new Promise((resolve) => receiver.close(resolve));
  });

  // The alerts are the engine's own: the kill switch raises a critical one; the engine's alert entry point
  // (the one the composition root uses) raises the others.
  it('posts a critical alert, retrying after a 500, with the configured header', async () => {
    const socket = new WebSocket(`${api.url.replace('http', 'ws')}/api/v1/stream?token=${api.tokens.read}`);
    const streamed = new Promise<string>((resolve) => {
      socket.on('message', (data) => {
        const message = JSON.parse((data as Buffer).toString('utf8')) as {
          type?: string;
          event?: AlertRaised;
        };
        if (message.type === 'hello') void api.client(api.tokens.admin).emergencyStop();
        if (message.event?.type === 'AlertRaised') resolve(message.event.alertId);
      });
    });
    const alertId = await streamed;
    socket.close();
    await expect.poll(() => received.length, { timeout: 10_000 }).toBe(2);
    expect(received.map((r) => r.body.attempt)).toEqual([1, 2]);
    expect(received[1]?.body.alert).toMatchObject({ alertId, kind: 'kill-switch', severity: 'critical' });
    expect(received[1]?.headers['x-hook-key']).toBe('hook-secret');
    expect(received[1]?.url).toBe(`/hook/${URL_SECRET}`);
  });

  it('skips alerts below the webhook minimum severity', async () => {
    api.engine.alert('venue-disconnected', 'info', 'below the minimum: not posted');
    api.engine.alert('venue-disconnected', 'warning', 'at the minimum: posted');
    await expect.poll(() => received.length, { timeout: 10_000 }).toBe(3);
    expect(received[2]?.body.alert).toMatchObject({ severity: 'warning', message: 'at the minimum: posted' });
  });

  it('logs a failed delivery by the webhook name, never its URL (given by reference)', async () => {
    await expect
      .poll(() => logLines.join(''), { timeout: 15_000 })
      .toContain('alert webhook delivery failed');
    const log = logLines.join('');
    expect(log).toContain('"webhook":"dead"');
    expect(log).not.toContain(URL_SECRET);
  });

  it('cuts a webhook URL and its path out of an error text', () => {
    const url = `https://hooks.slack.com/services/${URL_SECRET}`;
    expect(redactUrl(`POST ${url} failed`, url)).toBe('POST [webhook url] failed');
    expect(redactUrl(`bad path /services/${URL_SECRET}`, url)).not.toContain(URL_SECRET);
  });
});

import { Writable } from 'node:stream';

import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

import { createLogger } from '../../../src/shared/logger';
import { startApi, type RunningApi } from './support/harness';

describe('a token sent as ?token= never reaches the log', () => {
  const lines: string[] = [];
  let api: RunningApi;

  beforeAll(async () => {
    const destination = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(chunk.toString('utf8'));
        done();
      },
    });
    api = await startApi({ app: { logger: createLogger({ level: 'debug', destination }) } });
    // An unexpected failure in a handler (injected into the real engine: nothing here fails by itself): the
    // error handler logs it, with the request's address.
    vi.spyOn(api.engine, 'reconciliation').mockImplementation(() => {
      throw new Error('reconciliation exploded');
    });
  });
  afterAll(async () => api.close());

  it('logs an internal error with the path only, and answers 500 without internals', async () => {
    // REST takes the header only; a stray ?token= (here another live token) must still never be logged.
    const response = await request(`${api.url}/api/v1/reconciliation?token=${api.tokens.trade}`, {
      headers: { authorization: `Bearer ${api.tokens.read}` },
    });
    expect(response.statusCode).toBe(500);
    const body = (await response.body.json()) as { code: string; message: string };
    expect(body).toEqual({ code: 'API_INTERNAL', message: 'internal error' });
    const log = lines.join('');
    expect(log).toContain('reconciliation exploded');
    expect(log).toContain('/api/v1/reconciliation');
    expect(log).not.toContain(api.tokens.read);
    expect(log).not.toContain(api.tokens.trade);
  });

  it('refuses a query-string token on REST with 401, and logs neither it nor the query', async () => {
    const response = await request(`${api.url}/api/v1/orders?token=${api.tokens.admin}`);
    expect(response.statusCode).toBe(401);
    await response.body.text();
    expect(lines.join('')).not.toContain(api.tokens.admin);
  });
});

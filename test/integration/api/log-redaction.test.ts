import { Writable } from 'node:stream';

import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { createLogger } from '../../../src/shared/logger';
import { SystemClock } from '../../../src/shared/system-clock';
import { startApi, type RunningApi } from './support/harness';
import { StubEngine } from './support/stub-engine';

describe('a token sent as ?token= never reaches the log', () => {
  const lines: string[] = [];
  let api: RunningApi;

  beforeAll(async () => {
    const engine = new StubEngine(new SystemClock());
    // An unexpected failure in a handler: the error handler logs it, with the request's address.
    engine.reconciliation = () => {
      throw new Error('reconciliation exploded');
    };
    const destination = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(chunk.toString('utf8'));
        done();
      },
    });
    api = await startApi(engine, { logger: createLogger({ level: 'debug', destination }) });
  });
  afterAll(async () => api.close());

  it('logs an internal error with the path only, and answers 500 without internals', async () => {
    const response = await request(`${api.url}/api/v1/reconciliation?token=${api.tokens.read}`);
    expect(response.statusCode).toBe(500);
    const body = (await response.body.json()) as { code: string; message: string };
    expect(body).toEqual({ code: 'API_INTERNAL', message: 'internal error' });
    const log = lines.join('');
    expect(log).toContain('reconciliation exploded');
    expect(log).toContain('/api/v1/reconciliation');
    expect(log).not.toContain(api.tokens.read);
  });
});

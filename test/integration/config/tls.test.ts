import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { ApiClient } from '../../../src/api/client';
import { loadConfig } from '../../../src/app/config/load';
import { startService, type StartedService } from '../../../src/app/start-service';
import { silentLogger } from '../../../src/shared/logger';

describe('TLS binding', () => {
  let directory: string;
  let service: StartedService;

  beforeAll(async () => {
    directory = mkdtempSync(join(tmpdir(), 'tmt-tls-'));
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-keyout',
        'key.pem',
        '-out',
        'cert.pem',
        '-days',
        '1',
        '-subj',
        '/CN=127.0.0.1',
      ],
      { cwd: directory, stdio: 'ignore' },
    );
    writeFileSync(
      join(directory, 'tmt.yaml'),
      'accounts:\n  - {id: paper-fx, venue: paper, environment: paper, instruments: [EUR_USD]}\napi: {port: 0, tls: {certFile: cert.pem, keyFile: key.pem}}\n',
    );
    service = await startService(
      { path: join(directory, 'tmt.yaml'), env: {} },
      { logger: silentLogger(), processMetrics: false },
    );
  });
  afterAll(async () => service.app.close());

  it('serves HTTPS with the configured certificate', async () => {
    expect(service.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    const client = new ApiClient({
      baseUrl: service.url,
      token: service.bootstrapAdminToken as string,
      insecureTls: true,
    });
    expect(await client.call('GET', '/health/live')).toEqual({ status: 'live' });
    expect((await client.accounts()).accounts[0]).toMatchObject({ accountId: 'paper-fx' });
  });

  it('accepts a non-loopback binding when TLS is configured, or when insecure is explicit', () => {
    const withTls = join(directory, 'wide.yaml');
    writeFileSync(
      withTls,
      'accounts:\n  - {id: p, venue: paper, environment: paper}\napi: {host: 0.0.0.0, tls: {certFile: cert.pem, keyFile: key.pem}}\n',
    );
    expect(loadConfig({ path: withTls, env: {} }).config.api.host).toBe('0.0.0.0');
    const insecure = join(directory, 'insecure.yaml');
    writeFileSync(
      insecure,
      'accounts:\n  - {id: p, venue: paper, environment: paper}\napi: {host: 0.0.0.0, insecure: true}\n',
    );
    expect(loadConfig({ path: insecure, env: {} }).config.api.insecure).toBe(true);
  });
});

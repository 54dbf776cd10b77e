import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { startService, type StartedService } from '../../../src/app/start-service';
import { silentLogger } from '../../../src/shared/logger';

import { tmt } from './support/tmt';

describe('tmt CLI', () => {
  let service: StartedService;
  let directory: string;
  let env: Record<string, string>;

  beforeAll(async () => {
    directory = mkdtempSync(join(tmpdir(), 'tmt-cli-'));
    writeFileSync(
      join(directory, 'tmt.yaml'),
      'accounts:\n  - {id: paper-fx, venue: paper, environment: paper, instruments: [EUR_USD]}\napi: {port: 0}\n',
    );
    service = await startService(
      { path: join(directory, 'tmt.yaml'), env: {} },
      { logger: silentLogger(), processMetrics: false },
    );
    env = { TMT_URL: service.url, TMT_TOKEN: service.bootstrapAdminToken as string };
  });
  afterAll(async () => service.app.close());

  it('init writes a commented example that config check accepts', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tmt-init-'));
    expect((await tmt(['init'], {}, dir)).code).toBe(0);
    expect(readFileSync(join(dir, 'tmt.yaml'), 'utf8')).toContain('# TMT configuration');
    expect((await tmt(['init'], {}, dir)).code).toBe(1);
    const check = await tmt(['config', 'check', '--json'], {}, dir);
    expect(check.code).toBe(0);
    expect(JSON.parse(check.stdout)).toMatchObject({ ok: true });
  });

  it('config check names the field, the rule and the value, and exits non-zero', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tmt-bad-'));
    writeFileSync(
      join(dir, 'tmt.yaml'),
      'accounts:\n  - {id: x, venue: kraken, environment: paper}\napi: {port: 99999}\n',
    );
    const result = await tmt(['config', 'check'], {}, dir);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('accounts.0.venue');
    expect(result.stderr).toContain('"kraken"');
    expect(result.stderr).toContain('api.port');
    const refused = await tmt(['start'], {}, dir);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('refusing to start');
  });

  it('submits, lists, gets and cancels orders; --json for scripts', async () => {
    const submitted = await tmt(
      [
        'order',
        'submit',
        '-a',
        'paper-fx',
        '-i',
        'EUR_USD.PAPER',
        '-s',
        'buy',
        '-t',
        'limit',
        '-q',
        '1000',
        '-p',
        '0.90000',
        '--tif',
        'GTC',
        '--id',
        'cli-1',
        '--json',
      ],
      env,
    );
    expect(submitted.code).toBe(0);
    expect(JSON.parse(submitted.stdout)).toMatchObject({
      status: 'accepted',
      order: { clientOrderId: 'cli-1' },
    });
    const list = await tmt(['order', 'list', '--open'], env);
    expect(list.stdout).toContain('cli-1');
    expect(list.stdout).toContain('clientOrderId');
    const one = await tmt(['order', 'get', 'cli-1', '--json'], env);
    expect(JSON.parse(one.stdout).events[0].type).toBe('OrderInitialized');
    const canceled = await tmt(['order', 'cancel', 'cli-1', '--json'], env);
    expect(canceled.code).toBe(0);
    const missing = await tmt(['order', 'get', 'nope'], env);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('OMS_UNKNOWN_ORDER');
  });

  it('market order fills; positions, accounts and status show it', async () => {
    expect(
      (
        await tmt(
          ['order', 'submit', '-a', 'paper-fx', '-i', 'EUR_USD.PAPER', '-s', 'buy', '-q', '2000'],
          env,
        )
      ).code,
    ).toBe(0);
    await expect
      .poll(async () => (await tmt(['positions', '--json'], env)).stdout, { timeout: 20_000 })
      .toContain('"signedQuantity": "2000"');
    expect((await tmt(['accounts'], env)).stdout).toContain('paper-fx');
    const status = await tmt(['status'], env);
    expect(status.stdout).toContain('trading: ACTIVE');
    const closed = await tmt(['positions', 'close', 'paper-fx', 'EUR_USD.PAPER', '-q', '500', '--json'], env);
    expect(closed.code).toBe(0);
  });

  it('creates, lists and revokes tokens; a read token cannot trade', async () => {
    const created = JSON.parse(
      (await tmt(['token', 'create', 'viewer', '--scope', 'read', '--json'], env)).stdout,
    ) as { id: string; token: string };
    const denied = await tmt(
      ['order', 'submit', '-a', 'paper-fx', '-i', 'EUR_USD.PAPER', '-s', 'buy', '-q', '1'],
      { ...env, TMT_TOKEN: created.token },
    );
    expect(denied.code).toBe(1);
    expect(denied.stderr).toContain('API_FORBIDDEN');
    expect((await tmt(['token', 'list'], env)).stdout).toContain('viewer');
    expect((await tmt(['token', 'revoke', created.id], env)).code).toBe(0);
    const revoked = await tmt(['accounts'], { ...env, TMT_TOKEN: created.token });
    expect(revoked.stderr).toContain('API_UNAUTHENTICATED');
  });

  it('token create --offline works without an admin token, and the running service accepts it', async () => {
    const dataDir = join(directory, 'data');
    const created = await tmt([
      'token',
      'create',
      'recovered',
      '--scope',
      'admin',
      '--offline',
      '-d',
      dataDir,
      '--json',
    ]);
    expect(created.code).toBe(0);
    const { token } = JSON.parse(created.stdout) as { token: string };
    await expect
      .poll(async () => (await tmt(['accounts', '--json'], { ...env, TMT_TOKEN: token })).code, {
        timeout: 30_000,
      })
      .toBe(0);
    const audit = await tmt(['audit', 'verify', '-d', dataDir, '--json']);
    expect(JSON.parse(audit.stdout)).toMatchObject({ ok: true });
  });

  it('kill needs --yes, then halts', async () => {
    expect((await tmt(['kill'], env)).code).toBe(1);
    const killed = await tmt(['kill', '--yes'], env);
    expect(killed.code).toBe(0);
    expect(killed.stdout).toContain('HALTED');
  });

  it('audit verify and journal verify check the files offline', async () => {
    const dataDir = join(directory, 'data');
    expect(existsSync(join(dataDir, 'journal.db'))).toBe(true);
    const audit = await tmt(['audit', 'verify', '-d', dataDir, '--json']);
    expect(JSON.parse(audit.stdout)).toMatchObject({ ok: true });
    const journal = await tmt(['journal', 'verify', '-d', dataDir, '--json']);
    expect(journal.code).toBe(0);
    expect(JSON.parse(journal.stdout)).toMatchObject({ ok: true });
  });
});

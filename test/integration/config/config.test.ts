import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import { loadConfig } from '../../../src/app/config/load';
import { ConfigError, type ConfigProblem } from '../../../src/app/config/problems';

const CANARY = 'canary-secret-7f3a9c';

function write(yaml: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'tmt-config-'));
  const path = join(dir, 'tmt.yaml');
  writeFileSync(path, yaml);
  return path;
}

function problems(yaml: string, env: NodeJS.ProcessEnv = {}): readonly ConfigProblem[] {
  try {
    loadConfig({ path: write(yaml), env });
  } catch (error) {
    if (error instanceof ConfigError) {
      expect(error.message).not.toContain(CANARY);
      return error.problems;
    }
    throw error;
  }
  throw new Error('expected the configuration to be refused');
}

const paper = `accounts:\n  - {id: p1, venue: paper, environment: paper}\n`;

describe('configuration', () => {
  it('starts on embedded defaults with no file: paper accounts, SQLite under ./data, 127.0.0.1:8004', () => {
    const loaded = loadConfig({ cwd: mkdtempSync(join(tmpdir(), 'tmt-empty-')), env: {} });
    expect(loaded.source).toBe('defaults');
    expect(loaded.config.accounts.map((a) => a.venue)).toEqual(['paper', 'paper']);
    expect(loaded.config.api).toMatchObject({ host: '127.0.0.1', port: 8004 });
    expect(loaded.config.store.dataDir).toBe('./data');
  });

  it('applies TMT_ environment overrides with their types', () => {
    const loaded = loadConfig({
      path: write(paper),
      env: { TMT_API__PORT: '9100', TMT_LOGGING__LEVEL: 'debug', TMT_ACCOUNTS__0__ENABLED: 'false' },
    });
    expect(loaded.config.api.port).toBe(9100);
    expect(loaded.config.logging.level).toBe('debug');
    expect(loaded.config.accounts[0]?.enabled).toBe(false);
  });

  it('resolves credentials from env and files without putting them in the config', () => {
    const path = write(`accounts:
  - id: o1
    venue: oanda
    environment: practice
    credentials: {token: {env: OANDA_TOKEN}}
`);
    const loaded = loadConfig({ path, env: { OANDA_TOKEN: CANARY } });
    expect(loaded.secrets.get('accounts.0.credentials.token')).toBe(CANARY);
    expect(JSON.stringify(loaded.config)).not.toContain(CANARY);
  });

  const cases: [string, string, NodeJS.ProcessEnv, Partial<ConfigProblem>][] = [
    [
      'YAML syntax',
      'accounts: [\n  - {id: p1',
      {},
      { code: 'CONFIG_INVALID', field: '', rule: 'the file must be valid YAML' },
    ],
    [
      'a misspelt key',
      `${paper}apii: {port: 1}\n`,
      {},
      { field: 'apii', rule: 'unknown key (check the spelling)' },
    ],
    ['a wrong type', `${paper}api: {port: "eighty"}\n`, {}, { field: 'api.port', found: '"eighty"' }],
    ['an out-of-range number', `${paper}api: {port: 70000}\n`, {}, { field: 'api.port', found: '70000' }],
    [
      'an unknown venue',
      `accounts:\n  - {id: k1, venue: kraken, environment: live}\n`,
      {},
      { field: 'accounts.0.venue', found: '"kraken"' },
    ],
    ['no accounts', 'accounts: []\n', {}, { field: 'accounts', rule: 'expected at least one account' }],
    [
      'a bad account id',
      `accounts:\n  - {id: "has space", venue: paper, environment: paper}\n`,
      {},
      { field: 'accounts.0.id' },
    ],
    [
      'duplicate account ids',
      `${paper}  - {id: p1, venue: paper, environment: paper}\n`,
      {},
      { field: 'accounts.1.id', rule: 'account ids must be unique' },
    ],
    [
      'a venue/environment mismatch',
      `accounts:\n  - {id: o1, venue: oanda, environment: paper, credentials: {token: {env: X}}}\n`,
      { X: 'x' },
      { field: 'accounts.0.environment' },
    ],
    [
      'an inline secret',
      `accounts:\n  - {id: o1, venue: oanda, environment: practice, credentials: {token: ${CANARY}}}\n`,
      {},
      { field: 'accounts.0.credentials.token', found: '[redacted]' },
    ],
    [
      'an inline secret in venueOptions (it would override the reference in credentials)',
      `accounts:\n  - {id: b1, venue: binance, environment: testnet, credentials: {apiKey: {env: K}}, venueOptions: {apiSecret: ${CANARY}}}\n`,
      { K: 'k' },
      { field: 'accounts.0.venueOptions.apiSecret', found: '[redacted]' },
    ],
    [
      'a missing secret env var',
      `accounts:\n  - {id: o1, venue: oanda, environment: practice, credentials: {token: {env: NOT_SET}}}\n`,
      {},
      { code: 'CONFIG_SECRET_MISSING', field: 'accounts.0.credentials.token' },
    ],
    [
      'a missing secret file',
      `accounts:\n  - {id: o1, venue: oanda, environment: practice, credentials: {token: {file: ./nope}}}\n`,
      {},
      { code: 'CONFIG_SECRET_MISSING', field: 'accounts.0.credentials.token' },
    ],
    [
      'a real venue without credentials',
      `accounts:\n  - {id: b1, venue: binance, environment: testnet}\n`,
      {},
      { field: 'accounts.0.credentials' },
    ],
    [
      'a non-loopback binding without TLS',
      `${paper}api: {host: 0.0.0.0}\n`,
      {},
      { code: 'CONFIG_INSECURE_BINDING', field: 'api.host' },
    ],
    [
      'a missing TLS file',
      `${paper}api: {host: 0.0.0.0, tls: {certFile: ./c.pem, keyFile: ./k.pem}}\n`,
      {},
      { field: 'api.tls.certFile' },
    ],
    [
      'an unknown risk limit',
      `${paper}risk: {global: {maxOrderNotionall: "5"}}\n`,
      {},
      { field: 'risk.global.maxOrderNotionall' },
    ],
    [
      'a bad risk limit value',
      `accounts:\n  - {id: p1, venue: paper, environment: paper, riskLimits: {maxOrderNotional: "-5"}}\n`,
      {},
      { field: 'accounts.0.riskLimits.maxOrderNotional', found: '"-5"' },
    ],
    [
      'a decimal limit written as a YAML number (a binary float)',
      `accounts:\n  - {id: p1, venue: paper, environment: paper, riskLimits: {riskPerTrade: 0.01}}\n`,
      {},
      {
        field: 'accounts.0.riskLimits.riskPerTrade',
        rule: expect.stringContaining('as strings') as string,
        found: '0.01',
      },
    ],
    ['bad trading hours', `${paper}tradingHours: "Mars;whenever"\n`, {}, { field: 'tradingHours' }],
    [
      'a bad webhook URL (never echoed: a webhook URL may be its own credential)',
      `${paper}alerts: {webhooks: [{name: ops, url: "ftp://x/${CANARY}"}]}\n`,
      {},
      { field: 'alerts.webhooks.0.url', found: '[redacted]' },
    ],
    [
      'a webhook URL reference whose value is not an http(s) URL',
      `${paper}alerts: {webhooks: [{name: ops, url: {env: HOOK_URL}}]}\n`,
      { HOOK_URL: `ftp://hooks.example.com/${CANARY}` },
      {
        field: 'alerts.webhooks.0.url',
        rule: expect.stringContaining('environment variable HOOK_URL') as string,
        found: '[redacted]',
      },
    ],
    [
      'a webhook URL reference of the wrong shape',
      `${paper}alerts: {webhooks: [{name: ops, url: {vault: x}}]}\n`,
      {},
      { field: 'alerts.webhooks.0.url', rule: expect.stringContaining('{env: NAME}') as string },
    ],
    [
      'a PostgreSQL URL written inline (it carries the password)',
      `${paper}store: {kind: postgres, url: "postgres://tmt:${CANARY}@db/tmt"}\n`,
      {},
      { field: 'store.url', rule: expect.stringContaining('by reference') as string, found: '[redacted]' },
    ],
    [
      'a postgres store without its URL',
      `${paper}store: {kind: postgres}\n`,
      {},
      { field: 'store.url', rule: expect.stringContaining('needs url') as string },
    ],
    [
      'a URL on a sqlite store',
      `${paper}store: {kind: sqlite, url: {env: PG_URL}}\n`,
      { PG_URL: 'postgres://x' },
      { field: 'store.url', rule: expect.stringContaining('postgres only') as string },
    ],
    [
      'a store schema that is not an SQL identifier',
      `${paper}store: {kind: postgres, url: {env: PG_URL}, schema: "Bad-Name"}\n`,
      { PG_URL: 'postgres://x' },
      { field: 'store.schema', found: '"Bad-Name"' },
    ],
    ['a bad log level', `${paper}logging: {level: loud}\n`, {}, { field: 'logging.level', found: '"loud"' }],
    ['a bad override value', paper, { TMT_API__PORT: 'abc' }, { field: 'api.port', found: '"abc"' }],
  ];

  for (const [name, yaml, env, expected] of cases) {
    it(`refuses ${name}, naming the field, the rule and the value found`, () => {
      const found = problems(yaml, env);
      expect(found.length).toBeGreaterThanOrEqual(1);
      expect(found[0]).toMatchObject({ code: 'CONFIG_INVALID', ...expected });
      expect(found[0]?.rule.length).toBeGreaterThan(3);
      expect(found[0]?.found.length).toBeGreaterThan(0);
    });
  }

  it('resolves a webhook URL by reference (env or file) and keeps it out of the config', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tmt-config-'));
    writeFileSync(join(dir, 'hook-url'), `https://hooks.example.com/services/${CANARY}\n`);
    const path = join(dir, 'tmt.yaml');
    writeFileSync(
      path,
      `${paper}alerts:
  webhooks:
    - {name: slack, url: {env: SLACK_WEBHOOK_URL}}
    - {name: file, url: {file: ./hook-url}}
    - {name: local, url: "http://127.0.0.1:9/hook"}
`,
    );
    const loaded = loadConfig({
      path,
      env: { SLACK_WEBHOOK_URL: `https://hooks.slack.com/services/${CANARY}` },
    });
    expect(loaded.secrets.get('alerts.webhooks.0.url')).toBe(`https://hooks.slack.com/services/${CANARY}`);
    expect(loaded.secrets.get('alerts.webhooks.1.url')).toBe(`https://hooks.example.com/services/${CANARY}`);
    expect(loaded.secrets.get('alerts.webhooks.2.url')).toBe('http://127.0.0.1:9/hook');
    expect(JSON.stringify(loaded.config)).not.toContain(CANARY);
  });

  it('refuses a webhook URL reference to an unset variable with CONFIG_SECRET_MISSING naming the field', () => {
    const found = problems(`${paper}alerts: {webhooks: [{name: ops, url: {env: NOT_SET_HOOK}}]}\n`);
    expect(found[0]).toMatchObject({
      code: 'CONFIG_SECRET_MISSING',
      field: 'alerts.webhooks.0.url',
      rule: expect.stringContaining('NOT_SET_HOOK') as string,
    });
  });

  it('resolves a PostgreSQL store URL by reference and keeps it out of the config', () => {
    const url = `postgres://tmt:${CANARY}@127.0.0.1:5432/tmt`;
    const loaded = loadConfig({
      path: write(`${paper}store: {kind: postgres, url: {env: TMT_PG_URL}, schema: tmt_prod}\n`),
      env: { TMT_PG_URL: url },
    });
    expect(loaded.config.store).toMatchObject({ kind: 'postgres', schema: 'tmt_prod' });
    expect(loaded.secrets.get('store.url')).toBe(url);
    expect(JSON.stringify(loaded.config)).not.toContain(CANARY);
  });

  it('reports every problem of a file at once', () => {
    const found = problems(
      `accounts:\n  - {id: p1, venue: paper, environment: paper}\napi: {port: "x", host: 1}\nlogging: {level: loud}\n`,
    );
    expect(found.map((p) => p.field).sort()).toEqual(['api.host', 'api.port', 'logging.level']);
  });
});

describe('tmt.example.yaml', () => {
  it('is the text `tmt init` writes, and it validates', async () => {
    const { EXAMPLE_CONFIG } = await import('../../../src/app/config/example');
    const { readFileSync } = await import('node:fs');
    const path = join(__dirname, '../../../tmt.example.yaml');
    expect(readFileSync(path, 'utf8')).toBe(EXAMPLE_CONFIG);
    expect(loadConfig({ path, env: {} }).config.accounts.length).toBeGreaterThan(0);
  });
});

import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

import { loadConfig } from '../../../src/app/config/load';
import { ConfigError, type ConfigProblem } from '../../../src/app/config/problems';

const PASSWORD = 'broker-password-canary-77';

function load(env: NodeJS.ProcessEnv, yaml?: string) {
  const cwd = mkdtempSync(join(tmpdir(), 'tmt-bus-config-'));
  if (yaml !== undefined) writeFileSync(join(cwd, 'tmt.yaml'), yaml);
  return loadConfig({ env, cwd });
}

function problems(env: NodeJS.ProcessEnv, yaml?: string): readonly ConfigProblem[] {
  try {
    load(env, yaml);
  } catch (error) {
    if (error instanceof ConfigError) {
      expect(JSON.stringify(error.problems)).not.toContain(PASSWORD);
      return error.problems;
    }
    throw error;
  }
  throw new Error('expected the configuration to be refused');
}

const ACCOUNT = 'accounts:\n  - {id: paper-1, venue: paper, environment: paper, baseCurrency: USD}\n';

describe('bus configuration and the seed variables MESSAGE_BROKER_URL, EVENT_RETENTION_HOURS', () => {
  it('defaults to the in-process bus with prefix tmt and 24 hours of retention', () => {
    const { config } = load({});
    expect(config.bus).toMatchObject({
      kind: 'in-process',
      prefix: 'tmt',
      retentionHours: 24,
      engineId: 'engine',
      publishMarketData: false,
    });
    expect(config.cluster.accountLeases.enabled).toBe(false);
  });

  it('MESSAGE_BROKER_URL=redis://... selects Redis with the URL by reference; EVENT_RETENTION_HOURS sets retention', () => {
    const url = `redis://:${PASSWORD}@127.0.0.1:6379`;
    const loaded = load({ MESSAGE_BROKER_URL: url, EVENT_RETENTION_HOURS: '48' });
    expect(loaded.config.bus.kind).toBe('redis');
    expect(loaded.config.bus.url).toEqual({ env: 'MESSAGE_BROKER_URL' });
    expect(loaded.config.bus.retentionHours).toBe(48);
    expect(loaded.secrets.get('bus.url')).toBe(url);
    expect(JSON.stringify(loaded.config)).not.toContain(PASSWORD);
  });

  it('takes an inline URL without a password', () => {
    const loaded = load({}, `${ACCOUNT}bus: {kind: nats, url: "nats://127.0.0.1:4222", prefix: tmt_a}\n`);
    expect(loaded.secrets.get('bus.url')).toBe('nats://127.0.0.1:4222');
    expect(loaded.config.bus.prefix).toBe('tmt_a');
  });

  it('MESSAGE_BROKER_URL=nats://... selects NATS JetStream', () => {
    expect(load({ MESSAGE_BROKER_URL: 'nats://127.0.0.1:4222' }).config.bus.kind).toBe('nats');
  });

  it('refuses an unknown broker scheme, naming the variable and hiding the value', () => {
    const found = problems({ MESSAGE_BROKER_URL: `amqp://u:${PASSWORD}@host` });
    expect(found.map((p) => p.field)).toContain('MESSAGE_BROKER_URL');
  });

  it('refuses a password written inline in bus.url, and a broker kind without a url', () => {
    const inline = problems({}, `${ACCOUNT}bus: {kind: redis, url: "redis://u:${PASSWORD}@h:6379"}\n`);
    expect(inline.some((p) => p.field === 'bus.url' && /by reference/.test(p.rule))).toBe(true);
    const missing = problems({}, `${ACCOUNT}bus: {kind: nats}\n`);
    expect(missing.some((p) => p.field === 'bus.url')).toBe(true);
  });

  it('refuses a bad prefix and shared rate limits without Redis, naming the field', () => {
    const found = problems(
      {},
      `${ACCOUNT}bus: {kind: nats, url: "nats://127.0.0.1:4222", prefix: "Bad.Prefix", sharedRateLimits: true}\n`,
    );
    const fields = found.map((p) => p.field);
    expect(fields).toContain('bus.prefix');
    expect(fields).toContain('bus.sharedRateLimits');
  });
});

describe('the deployment recipe (docker-compose.yml, deploy/*.yaml)', () => {
  it.each(['engine-a', 'engine-b'])(
    'deploy/%s.yaml is a valid configuration with the compose environment',
    (name) => {
      const root = join(import.meta.dirname, '..', '..', '..');
      const loaded = loadConfig({
        env: {
          DATABASE_URL: 'postgresql://trader:pw@postgres:5432/trading_system',
          MESSAGE_BROKER_URL: 'redis://redis:6379',
        },
        cwd: root,
        path: join(root, 'deploy', `${name}.yaml`),
      });
      expect(loaded.config.bus).toMatchObject({ kind: 'redis', engineId: name, sharedRateLimits: true });
      expect(loaded.config.store).toMatchObject({ kind: 'postgres', schema: name.replace('-', '_') });
      expect(loaded.config.cluster.accountLeases.enabled).toBe(true);
    },
  );
});

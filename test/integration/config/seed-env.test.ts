import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';

import { describe, expect, it } from 'vitest';

import { loadConfig } from '../../../src/app/config/load';
import { ConfigError, type ConfigProblem } from '../../../src/app/config/problems';
import { tmt } from '../cli/support/tmt';

const SECRET = 'oanda-token-canary-91c2';

/** The built-in defaults (no tmt.yaml in an empty directory) plus the seeds' variables. */
function load(env: NodeJS.ProcessEnv) {
  return loadConfig({ env, cwd: mkdtempSync(`${tmpdir()}/tmt-seed-env-`) });
}

function refused(env: NodeJS.ProcessEnv): readonly ConfigProblem[] {
  try {
    load(env);
  } catch (error) {
    if (error instanceof ConfigError) {
      expect(JSON.stringify(error.problems)).not.toContain(SECRET);
      return error.problems;
    }
    throw error;
  }
  throw new Error('expected the environment to be refused');
}

describe("the seeds' environment variables, without a YAML file", () => {
  it('OANDA_API_KEY and OANDA_ACCOUNT_IDS add one OANDA account each, with the token by reference', () => {
    const loaded = load({
      OANDA_API_KEY: SECRET,
      OANDA_ACCOUNT_IDS: '101-001-100000-001, 101-001-100000-002',
      OANDA_ENVIRONMENT: 'live',
      OANDA_TIMEOUT: '30',
      OANDA_MAX_RETRIES: '2',
    });
    const oanda = loaded.config.accounts.filter((a) => a.venue === 'oanda');
    expect(oanda.map((a) => a.id)).toEqual(['101-001-100000-001', '101-001-100000-002']);
    expect(oanda[0]).toMatchObject({
      environment: 'live',
      credentials: { token: { env: 'OANDA_API_KEY' } },
      venueOptions: { requestTimeoutMs: 30_000, maxRetries: 2 },
    });
    expect(JSON.stringify(loaded.config)).not.toContain(SECRET);
    expect(loaded.secrets.get('accounts.2.credentials.token')).toBe(SECRET);
    expect(loaded.sources.get('accounts.2')).toContain('OANDA_ACCOUNT_IDS');
  });

  it('maps compliance, safety and infrastructure variables onto the configuration', () => {
    const loaded = load({
      ENABLE_US_COMPLIANCE: 'true',
      MAX_LEVERAGE_MAJOR_PAIRS: '50',
      MAX_LEVERAGE_MINOR_PAIRS: '20',
      ENFORCE_FIFO: 'true',
      ALLOW_HEDGING: 'false',
      MAX_CONCURRENT_TRADES: '4',
      RISK_PER_TRADE: '0.01',
      MAX_DAILY_LOSS: '0.05',
      CIRCUIT_BREAKER_THRESHOLD: '0.08',
      DATABASE_URL: 'postgresql://user:pass@127.0.0.1/trading',
      EVENT_RETENTION_HOURS: '24',
    });
    expect(loaded.config.compliance.profile).toBe('us-fx');
    expect(loaded.config.risk.global).toMatchObject({
      majorPairMaxLeverage: 50,
      otherPairMaxLeverage: 20,
      maxConcurrentPositions: 4,
      maxDrawdown: '0.08',
    });
    expect(loaded.config.orchestrator).toMatchObject({
      sizing: { riskPerTrade: '0.01', maxConcurrentTrades: 4 },
      breakers: { account: { maxDailyLoss: '0.05' }, systemThreshold: '0.08' },
    });
    expect(loaded.config.store).toMatchObject({ kind: 'postgres', url: { env: 'DATABASE_URL' } });
    expect(loaded.config.api.eventHistoryDays).toBe(1);
    expect(loaded.sources.get('risk.global.maxConcurrentPositions')).toBe('MAX_CONCURRENT_TRADES');
  });

  it('names the variable and the rule for a bad value', () => {
    const fields = (env: NodeJS.ProcessEnv) => refused(env).map((p) => `${p.field}: ${p.rule}`);
    expect(
      fields({ OANDA_API_KEY: SECRET, OANDA_ACCOUNT_ID: '101-001-1-001', OANDA_ENVIRONMENT: 'demo' }),
    ).toEqual(['OANDA_ENVIRONMENT: expected practice or live']);
    expect(fields({ OANDA_ACCOUNT_ID: '101-001-1-001' })[0]).toContain('OANDA_API_KEY');
    expect(fields({ MAX_CONCURRENT_TRADES: 'three' })[0]).toContain(
      'MAX_CONCURRENT_TRADES: expected a whole number',
    );
    expect(fields({ CIRCUIT_BREAKER_THRESHOLD: '10' })[0]).toContain(
      'CIRCUIT_BREAKER_THRESHOLD: expected a fraction',
    );
    expect(fields({ ENABLE_US_COMPLIANCE: 'true', ALLOW_HEDGING: 'true' })[0]).toContain(
      'ALLOW_HEDGING: US compliance requires',
    );
    expect(fields({ DATABASE_URL: 'mysql://x' })[0]).toContain('DATABASE_URL');
  });

  it('TMT_ overrides win over the seed variables, and `tmt config show` says where each value came from', async () => {
    const env = {
      MAX_CONCURRENT_TRADES: '3',
      TMT_RISK__GLOBAL__MAX_CONCURRENT_POSITIONS: '5',
      OANDA_API_KEY: SECRET,
      OANDA_ACCOUNT_ID: '101-001-1-001',
    };
    expect(load(env).config.risk.global.maxConcurrentPositions).toBe(5);
    const shown = await tmt(['config', 'show', '--json'], env, mkdtempSync(`${tmpdir()}/tmt-seed-show-`));
    expect(shown.code, shown.stderr).toBe(0);
    expect(shown.stdout).not.toContain(SECRET);
    const rows = JSON.parse(shown.stdout) as Record<string, { value: unknown; source: string }>;
    expect(rows['risk.global.maxConcurrentPositions']).toEqual({
      value: 5,
      source: 'env TMT_RISK__GLOBAL__MAX_CONCURRENT_POSITIONS',
    });
    expect(rows['accounts.2.credentials.token.env']?.value).toBe('OANDA_API_KEY');
    expect(rows['accounts.2.venue']?.source).toContain('OANDA_ACCOUNT_ID');
    expect(rows['api.port']).toEqual({ value: 8004, source: 'default' });
  });
});

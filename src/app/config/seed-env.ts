import type { ConfigProblem } from './problems';

/**
 * The environment variables of the original specifications (the seeds), mapped onto tmt.yaml, so that a user
 * who comes from them needs no YAML file. Each value is checked here, and a bad one is reported under the
 * variable's own name. Precedence: the file, then these variables, then TMT_SECTION__KEY overrides.
 * docs/configuration.md documents the mapping.
 */

export interface SeedMapping {
  readonly raw: Record<string, unknown>;
  /** Config path (`risk.global.maxConcurrentPositions`) → the variable that set it. */
  readonly sources: ReadonlyMap<string, string>;
  readonly problems: readonly ConfigProblem[];
}

const OANDA_ACCOUNT = /^[A-Za-z0-9-]{1,64}$/;

type Env = NodeJS.ProcessEnv;

function problem(variable: string, rule: string, value: string): ConfigProblem {
  return { code: 'CONFIG_INVALID', field: variable, rule, found: JSON.stringify(value) };
}

function boolean(env: Env, name: string, problems: ConfigProblem[]): boolean | undefined {
  const value = env[name];
  if (value === undefined || value === '') return undefined;
  if (/^(true|1|yes)$/i.test(value)) return true;
  if (/^(false|0|no)$/i.test(value)) return false;
  problems.push(problem(name, 'expected true or false', value));
  return undefined;
}

function wholeNumber(
  env: Env,
  name: string,
  min: number,
  max: number,
  problems: ConfigProblem[],
): number | undefined {
  const value = env[name];
  if (value === undefined || value === '') return undefined;
  if (!/^\d+$/.test(value) || Number(value) < min || Number(value) > max) {
    problems.push(problem(name, `expected a whole number from ${min} to ${max}`, value));
    return undefined;
  }
  return Number(value);
}

/** A fraction written as a decimal string (0.06 = 6%), kept as text: it becomes an exact decimal. */
function fraction(env: Env, name: string, problems: ConfigProblem[]): string | undefined {
  const value = env[name];
  if (value === undefined || value === '') return undefined;
  if (!/^0?\.\d+$|^1(\.0+)?$/.test(value) || /^0?\.0+$/.test(value)) {
    problems.push(problem(name, 'expected a fraction above 0 and at most 1, such as 0.06 for 6%', value));
    return undefined;
  }
  return value;
}

function object(parent: Record<string, unknown>, key: string): Record<string, unknown> {
  const existing = parent[key];
  // Arrays too: `accounts.3` indexes the accounts list.
  if (typeof existing === 'object' && existing !== null) return existing as Record<string, unknown>;
  const created: Record<string, unknown> = {};
  parent[key] = created;
  return created;
}

export function applySeedEnvironment(file: Record<string, unknown>, env: Env): SeedMapping {
  const raw = structuredClone(file);
  const sources = new Map<string, string>();
  const problems: ConfigProblem[] = [];
  const set = (path: string, value: unknown, variable: string) => {
    const keys = path.split('.');
    let cursor = raw;
    for (const key of keys.slice(0, -1)) cursor = object(cursor, key);
    cursor[keys[keys.length - 1] ?? ''] = value;
    sources.set(path, variable);
  };

  // Compliance and safety first: the OANDA accounts below take the compliance profile.
  const usCompliance = boolean(env, 'ENABLE_US_COMPLIANCE', problems);
  if (usCompliance !== undefined)
    set('compliance.profile', usCompliance ? 'us-fx' : 'none', 'ENABLE_US_COMPLIANCE');
  const major = wholeNumber(env, 'MAX_LEVERAGE_MAJOR_PAIRS', 1, 1000, problems);
  if (major !== undefined) set('risk.global.majorPairMaxLeverage', major, 'MAX_LEVERAGE_MAJOR_PAIRS');
  const minor = wholeNumber(env, 'MAX_LEVERAGE_MINOR_PAIRS', 1, 1000, problems);
  if (minor !== undefined) set('risk.global.otherPairMaxLeverage', minor, 'MAX_LEVERAGE_MINOR_PAIRS');
  // FIFO and no hedging are what the US profile enforces; asking for the opposite under it is a contradiction.
  for (const [name, required] of [
    ['ENFORCE_FIFO', true],
    ['ALLOW_HEDGING', false],
  ] as const) {
    const value = boolean(env, name, problems);
    if (value === undefined) continue;
    if (value === required && usCompliance !== true)
      problems.push(
        problem(
          name,
          `${name}=${String(value)} is enforced by ENABLE_US_COMPLIANCE=true: set that too`,
          env[name] ?? '',
        ),
      );
    if (value !== required && usCompliance === true)
      problems.push(problem(name, `US compliance requires ${name}=${String(required)}`, env[name] ?? ''));
  }
  const concurrent = wholeNumber(env, 'MAX_CONCURRENT_TRADES', 1, 100_000, problems);
  // The seed's cap is the orchestrator's; the engine's position cap holds it for manual orders too.
  if (concurrent !== undefined) {
    set('orchestrator.sizing.maxConcurrentTrades', concurrent, 'MAX_CONCURRENT_TRADES');
    set('risk.global.maxConcurrentPositions', concurrent, 'MAX_CONCURRENT_TRADES');
  }
  const riskPerTrade = fraction(env, 'RISK_PER_TRADE', problems);
  if (riskPerTrade !== undefined) set('orchestrator.sizing.riskPerTrade', riskPerTrade, 'RISK_PER_TRADE');
  const dailyLoss = fraction(env, 'MAX_DAILY_LOSS', problems);
  if (dailyLoss !== undefined) set('orchestrator.breakers.account.maxDailyLoss', dailyLoss, 'MAX_DAILY_LOSS');
  const drawdown = fraction(env, 'CIRCUIT_BREAKER_THRESHOLD', problems);
  // The seed's system breaker, and the engine's drawdown limit (HALTED) for the same fall.
  if (drawdown !== undefined) {
    set('orchestrator.breakers.systemThreshold', drawdown, 'CIRCUIT_BREAKER_THRESHOLD');
    set('risk.global.maxDrawdown', drawdown, 'CIRCUIT_BREAKER_THRESHOLD');
  }

  const databaseUrl = env.DATABASE_URL;
  if (databaseUrl !== undefined && databaseUrl !== '') {
    if (!/^postgres(ql)?:\/\//.test(databaseUrl))
      problems.push(
        problem('DATABASE_URL', 'expected a postgresql:// URL', '(hidden: it carries a password)'),
      );
    else {
      set('store.kind', 'postgres', 'DATABASE_URL');
      // By reference: the URL carries a password and is never copied into the configuration.
      set('store.url', { env: 'DATABASE_URL' }, 'DATABASE_URL');
    }
  }
  const retentionHours = wholeNumber(env, 'EVENT_RETENTION_HOURS', 1, 24 * 365, problems);
  if (retentionHours !== undefined) {
    set('api.eventHistoryDays', Math.max(1, Math.ceil(retentionHours / 24)), 'EVENT_RETENTION_HOURS');
    set('bus.retentionHours', retentionHours, 'EVENT_RETENTION_HOURS');
  }
  const brokerUrl = env.MESSAGE_BROKER_URL;
  if (brokerUrl !== undefined && brokerUrl !== '') {
    const kind = /^rediss?:\/\//.test(brokerUrl) ? 'redis' : /^nats:\/\//.test(brokerUrl) ? 'nats' : undefined;
    if (kind === undefined)
      problems.push(
        problem('MESSAGE_BROKER_URL', 'expected a redis:// or nats:// URL', '(hidden: it may carry a password)'),
      );
    else {
      set('bus.kind', kind, 'MESSAGE_BROKER_URL');
      // By reference, like DATABASE_URL: the URL may carry a password.
      set('bus.url', { env: 'MESSAGE_BROKER_URL' }, 'MESSAGE_BROKER_URL');
    }
  }

  mapOanda(raw, env, set, problems);
  return { raw, sources, problems };
}

function mapOanda(
  raw: Record<string, unknown>,
  env: Env,
  set: (path: string, value: unknown, variable: string) => void,
  problems: ConfigProblem[],
): void {
  const list = env.OANDA_ACCOUNT_IDS ?? env.OANDA_ACCOUNT_ID;
  const listName = env.OANDA_ACCOUNT_IDS === undefined ? 'OANDA_ACCOUNT_ID' : 'OANDA_ACCOUNT_IDS';
  const tokenName =
    env.OANDA_API_KEY !== undefined
      ? 'OANDA_API_KEY'
      : env.OANDA_API_TOKEN !== undefined
        ? 'OANDA_API_TOKEN'
        : undefined;
  if (list === undefined || list === '') {
    if (tokenName !== undefined)
      problems.push(
        problem(
          'OANDA_ACCOUNT_ID',
          `${tokenName} is set: name the account(s) with OANDA_ACCOUNT_ID or OANDA_ACCOUNT_IDS`,
          '',
        ),
      );
    return;
  }
  if (tokenName === undefined) {
    problems.push(
      problem('OANDA_API_KEY', `${listName} is set: OANDA_API_KEY must hold the account's API token`, ''),
    );
    return;
  }
  const environment = env.OANDA_ENVIRONMENT ?? 'practice';
  if (environment !== 'practice' && environment !== 'live') {
    problems.push(problem('OANDA_ENVIRONMENT', 'expected practice or live', environment));
    return;
  }
  const timeoutSeconds = wholeNumber(env, 'OANDA_TIMEOUT', 1, 600, problems);
  const maxRetries = wholeNumber(env, 'OANDA_MAX_RETRIES', 0, 10, problems);
  const ids = list.split(',').map((id) => id.trim());
  if (!Array.isArray(raw.accounts)) raw.accounts = [];
  const accounts = raw.accounts as Record<string, unknown>[];
  const known = new Set(accounts.map((a) => a.id));
  for (const id of ids) {
    if (!OANDA_ACCOUNT.test(id)) {
      problems.push(
        problem(listName, 'expected OANDA account ids such as 101-004-1435156-001, comma-separated', id),
      );
      continue;
    }
    // An account the file already declares keeps the file's settings.
    if (known.has(id)) continue;
    known.add(id);
    set(
      `accounts.${accounts.length}`,
      {
        id,
        venue: 'oanda',
        environment,
        credentials: { token: { env: tokenName } },
        venueOptions: {
          ...(timeoutSeconds === undefined ? {} : { requestTimeoutMs: timeoutSeconds * 1000 }),
          ...(maxRetries === undefined ? {} : { maxRetries }),
        },
      },
      `${listName}, ${tokenName}, OANDA_ENVIRONMENT`,
    );
  }
}

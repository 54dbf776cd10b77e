import { existsSync, readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { dirname, resolve } from 'node:path';

import { parseDocument } from 'yaml';
import type { z } from 'zod/v4';

import { EXAMPLE_CONFIG } from './example';
import { paperSymbols } from '../venues';
import { riskLimitProblems } from './risk-limits';
import { applySeedEnvironment } from './seed-env';
import { ConfigError, describeFound, isSecretPath, type ConfigProblem } from './problems';
import { configSchema, webhookUrlSchema, type SecretRef, type TmtConfig } from './schema';

export interface LoadedConfig {
  readonly config: TmtConfig;
  /** Where it came from: a file path, or "defaults". */
  readonly source: string;
  /** The directory relative paths (dataDir, secret files, TLS files) are resolved against. */
  readonly baseDir: string;
  /** Resolved secret values by field path (`accounts.1.credentials.token`); kept out of `config` on purpose. */
  readonly secrets: ReadonlyMap<string, string>;
  /** Where each value set outside the defaults came from: `file`, or the environment variable's name. */
  readonly sources: ReadonlyMap<string, string>;
}

export interface LoadOptions {
  /** Path to tmt.yaml; when absent and ./tmt.yaml does not exist, the embedded defaults are used. */
  readonly path?: string;
  readonly env?: NodeJS.ProcessEnv;
  readonly cwd?: string;
}

const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost']);
const ENV_PREFIX = 'TMT_';

const camel = (upperSnake: string) =>
  upperSnake.toLowerCase().replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());

/** TMT_API__PORT=9000 sets api.port; values are read as YAML scalars so numbers and booleans keep their type. */
export function applyEnvOverrides(
  raw: Record<string, unknown>,
  env: NodeJS.ProcessEnv,
  sources?: Map<string, string>,
): Record<string, unknown> {
  const out = structuredClone(raw);
  for (const [name, value] of Object.entries(env)) {
    if (!name.startsWith(ENV_PREFIX) || !name.includes('__') || value === undefined) continue;
    const path = name
      .slice(ENV_PREFIX.length)
      .split('__')
      .map((s) => (/^\d+$/.test(s) ? Number(s) : camel(s)));
    let cursor: Record<string | number, unknown> = out;
    for (const [index, segment] of path.entries()) {
      if (index === path.length - 1) {
        cursor[segment] = parseDocument(value).toJS() as unknown;
        sources?.set(path.join('.'), name);
      } else {
        const next = cursor[segment];
        if (typeof next !== 'object' || next === null)
          cursor[segment] = typeof path[index + 1] === 'number' ? [] : {};
        cursor = cursor[segment] as Record<string | number, unknown>;
      }
    }
  }
  return out;
}

function schemaProblems(error: z.ZodError): ConfigProblem[] {
  return error.issues.map((issue) => {
    const path = issue.path.map(String);
    if (issue.code === 'unrecognized_keys') {
      const key = issue.keys[0] ?? '';
      return {
        code: 'CONFIG_INVALID',
        field: [...path, key].join('.'),
        rule: 'unknown key (check the spelling)',
        found: JSON.stringify(key),
      };
    }
    return {
      code: 'CONFIG_INVALID',
      field: path.join('.'),
      rule: issue.message,
      found: describeFound(issue.input, isSecretPath(issue.path)),
    };
  });
}

function readSecret(
  ref: SecretRef,
  field: string,
  env: NodeJS.ProcessEnv,
  baseDir: string,
): string | ConfigProblem {
  if ('env' in ref) {
    const value = env[ref.env];
    if (value === undefined || value === '') {
      return {
        code: 'CONFIG_SECRET_MISSING',
        field,
        rule: `environment variable ${ref.env} must be set`,
        found: 'nothing',
      };
    }
    return value;
  }
  const path = resolve(baseDir, ref.file);
  if (!existsSync(path))
    return {
      code: 'CONFIG_SECRET_MISSING',
      field,
      rule: `secret file ${ref.file} must exist`,
      found: 'no such file',
    };
  return readFileSync(path, 'utf8').trim();
}

function resolveSecrets(
  config: TmtConfig,
  env: NodeJS.ProcessEnv,
  baseDir: string,
  problems: ConfigProblem[],
): Map<string, string> {
  const secrets = new Map<string, string>();
  const take = (ref: SecretRef, field: string) => {
    const value = readSecret(ref, field, env, baseDir);
    if (typeof value === 'string') secrets.set(field, value);
    else problems.push(value);
  };
  config.accounts.forEach((account, index) => {
    for (const [name, ref] of Object.entries(account.credentials))
      take(ref, `accounts.${index}.credentials.${name}`);
  });
  if (config.store.url !== undefined) take(config.store.url, 'store.url');
  if (config.bus.url !== undefined) {
    if (typeof config.bus.url === 'string') secrets.set('bus.url', config.bus.url);
    else take(config.bus.url, 'bus.url');
  }
  config.alerts.webhooks.forEach((hook, index) => {
    const urlField = `alerts.webhooks.${index}.url`;
    if (typeof hook.url === 'string') secrets.set(urlField, hook.url);
    else {
      const value = readSecret(hook.url, urlField, env, baseDir);
      if (typeof value !== 'string') problems.push(value);
      else if (!webhookUrlSchema.safeParse(value).success)
        problems.push({
          code: 'CONFIG_INVALID',
          field: urlField,
          rule: `the referenced value must be an http(s) URL (from ${'env' in hook.url ? `environment variable ${hook.url.env}` : `file ${hook.url.file}`})`,
          found: '[redacted]',
        });
      else secrets.set(urlField, value);
    }
    for (const [name, ref] of Object.entries(hook.headers))
      take(ref, `alerts.webhooks.${index}.headers.${name}`);
  });
  config.orchestrator.webhooks.forEach((hook, index) =>
    take(hook.secret, `orchestrator.webhooks.${index}.secret`),
  );
  config.orchestrator.managed.forEach((agent, index) => {
    if (agent.token !== undefined) take(agent.token, `orchestrator.managed.${index}.token`);
  });
  return secrets;
}

function ruleProblems(config: TmtConfig, baseDir: string): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const seen = new Set<string>();
  config.accounts.forEach((account, index) => {
    if (seen.has(account.id))
      problems.push({
        code: 'CONFIG_INVALID',
        field: `accounts.${index}.id`,
        rule: 'account ids must be unique',
        found: JSON.stringify(account.id),
      });
    seen.add(account.id);
  });
  const { host, tls, insecure } = config.api;
  if (!LOOPBACK.has(host) && tls === undefined && !insecure) {
    problems.push({
      code: 'CONFIG_INSECURE_BINDING',
      field: 'api.host',
      rule: 'a non-loopback address needs api.tls (certFile, keyFile) or api.insecure: true',
      found: JSON.stringify(host),
    });
  }
  if (host !== 'localhost' && isIP(host) === 0) {
    problems.push({
      code: 'CONFIG_INVALID',
      field: 'api.host',
      rule: 'expected an IP address or localhost',
      found: JSON.stringify(host),
    });
  }
  for (const key of ['certFile', 'keyFile'] as const) {
    if (tls !== undefined && !existsSync(resolve(baseDir, tls[key]))) {
      problems.push({
        code: 'CONFIG_INVALID',
        field: `api.tls.${key}`,
        rule: 'the file must exist',
        found: JSON.stringify(tls[key]),
      });
    }
  }
  const paper = new Set(paperSymbols());
  config.accounts.forEach((account, index) => {
    if (account.venue !== 'paper') return;
    (account.instruments ?? []).forEach((symbol, position) => {
      if (!paper.has(symbol)) {
        problems.push({
          code: 'CONFIG_INVALID',
          field: `accounts.${index}.instruments.${position}`,
          rule: `the paper venue lists ${[...paper].join(', ')}`,
          found: JSON.stringify(symbol),
        });
      }
    });
  });
  return problems;
}

/** Parses, validates and resolves a configuration; throws ConfigError listing every problem found. */
export function loadConfig(options: LoadOptions = {}): LoadedConfig {
  const env = options.env ?? process.env;
  const cwd = options.cwd ?? process.cwd();
  const explicit = options.path ?? env.TMT_CONFIG;
  const path = explicit === undefined ? resolve(cwd, 'tmt.yaml') : resolve(cwd, explicit);
  let text = EXAMPLE_CONFIG;
  let source = 'defaults';
  if (explicit !== undefined || existsSync(path)) {
    if (!existsSync(path))
      throw new ConfigError(path, [
        {
          code: 'CONFIG_INVALID',
          field: '',
          rule: 'the configuration file must exist',
          found: 'no such file',
        },
      ]);
    text = readFileSync(path, 'utf8');
    source = path;
  }
  const baseDir = source === 'defaults' ? cwd : dirname(path);
  const document = parseDocument(text, { prettyErrors: true });
  if (document.errors.length > 0) {
    throw new ConfigError(
      source,
      document.errors.map((e) => ({
        code: 'CONFIG_INVALID',
        field: '',
        rule: 'the file must be valid YAML',
        found: e.message.split('\n')[0] ?? e.code,
      })),
    );
  }
  const raw = (document.toJS() ?? {}) as unknown;
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new ConfigError(source, [
      {
        code: 'CONFIG_INVALID',
        field: '',
        rule: 'expected a mapping of sections',
        found: describeFound(raw, false),
      },
    ]);
  }
  const sources = new Map<string, string>();
  for (const path of leafPaths(raw)) sources.set(path, source === 'defaults' ? 'default' : 'file');
  const seed = applySeedEnvironment(raw as Record<string, unknown>, env);
  if (seed.problems.length > 0) throw new ConfigError('environment', seed.problems);
  for (const [path, variable] of seed.sources) sources.set(path, variable);
  const parsed = configSchema.safeParse(applyEnvOverrides(seed.raw, env, sources), {
    reportInput: true,
  });
  if (!parsed.success) throw new ConfigError(source, schemaProblems(parsed.error));
  const problems = [...ruleProblems(parsed.data, baseDir), ...riskLimitProblems(parsed.data)];
  const secrets = resolveSecrets(parsed.data, env, baseDir, problems);
  if (problems.length > 0) throw new ConfigError(source, problems);
  return { config: parsed.data, source, baseDir, secrets, sources };
}

/** Dotted paths of every leaf value of a parsed document (`accounts.0.id`). */
export function leafPaths(value: unknown, prefix = ''): string[] {
  if (typeof value !== 'object' || value === null) return prefix === '' ? [] : [prefix];
  const entries = Object.entries(value as Record<string, unknown>);
  if (entries.length === 0) return prefix === '' ? [] : [prefix];
  return entries.flatMap(([key, child]) => leafPaths(child, prefix === '' ? key : `${prefix}.${key}`));
}

import type { ErrorCode } from '../../core';

/** One configuration error: which field, which rule, what was found (secrets redacted). */
export interface ConfigProblem {
  readonly code: Extract<ErrorCode, `CONFIG_${string}`>;
  readonly field: string;
  readonly rule: string;
  readonly found: string;
}

const SECRET_SEGMENTS =
  /^(credentials|headers|token|secret|password|apiKey|apiSecret|privateKey|authorization)$/i;

/** A value under a secret-looking path is never echoed back, whatever it is. */
export function isSecretPath(path: readonly PropertyKey[]): boolean {
  if (path.some((segment) => typeof segment === 'string' && SECRET_SEGMENTS.test(segment))) return true;
  // A webhook URL (Slack's, for one) carries its credential in the path, even when written inline.
  if (path[0] === 'alerts' && path[1] === 'webhooks' && path[3] === 'url') return true;
  // A database or broker URL carries its password.
  return (path[0] === 'store' || path[0] === 'bus') && path[1] === 'url';
}

export function describeFound(value: unknown, secret: boolean): string {
  if (secret) return '[redacted]';
  if (value === undefined) return 'nothing';
  const text = JSON.stringify(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

export function formatProblem(problem: ConfigProblem): string {
  return `${problem.code} ${problem.field === '' ? '(root)' : problem.field}: ${problem.rule} (found ${problem.found})`;
}

/** Thrown by loadConfig when there is at least one problem; the service refuses to start. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  constructor(
    readonly source: string,
    readonly problems: readonly ConfigProblem[],
  ) {
    super(
      `${source}: ${problems.length} configuration error(s)\n${problems.map((p) => `  - ${formatProblem(p)}`).join('\n')}`,
    );
  }
}

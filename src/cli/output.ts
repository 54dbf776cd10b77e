import Table from 'cli-table3';

import { ApiClientError } from '../api/client-error';
import { NumberFormat } from './format';

export interface OutputOptions {
  readonly json?: boolean;
}

/** Prints rows as a table for people, or the raw value as JSON for scripts. */
export function print(
  value: unknown,
  options: OutputOptions,
  columns?: readonly string[],
  rows?: readonly Record<string, unknown>[],
): void {
  if (options.json === true || columns === undefined || rows === undefined) {
    console.log(JSON.stringify(value, null, 2));
    return;
  }
  if (rows.length === 0) {
    console.log('(none)');
    return;
  }
  const table = new Table({ head: [...columns], style: { head: [], border: [] } });
  for (const row of rows) table.push(columns.map((c) => cell(row[c])));
  console.log(table.toString());
}

function cell(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'object') {
    return NumberFormat.amount(value) ?? JSON.stringify(value);
  }
  return typeof value === 'string'
    ? value
    : typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint'
      ? String(value)
      : '';
}

/** One line for people: code and message; the whole body for --json. Sets a failing exit code. */
export function printError(error: unknown, options: OutputOptions & { url?: string } = {}): void {
  process.exitCode = 1;
  const unreachable = connectionFailure(error);
  if (unreachable !== undefined) {
    const url = options.url ?? 'http://127.0.0.1:8004';
    const message = `cannot reach the service at ${url} (${unreachable}): is \`tmt start\` running? Set its address with TMT_URL or --url`;
    if (options.json === true)
      console.error(JSON.stringify({ code: 'CLI_UNREACHABLE', message, url }, null, 2));
    else console.error(`error ${message}`);
    return;
  }
  if (error instanceof ApiClientError && error.status === 401 && options.json !== true) {
    console.error(`error ${error.message}: set TMT_TOKEN or pass --token`);
    return;
  }
  if (error instanceof ApiClientError) {
    if (options.json === true)
      console.error(JSON.stringify(error.body ?? { code: error.code, message: error.message }, null, 2));
    else console.error(`error ${error.message}${error.field === undefined ? '' : ` (field ${error.field})`}`);
    return;
  }
  const code = (error as { code?: unknown }).code;
  const message = error instanceof Error ? error.message : String(error);
  if (options.json === true)
    console.error(JSON.stringify({ code: typeof code === 'string' ? code : 'CLI_ERROR', message }, null, 2));
  else console.error(`error ${typeof code === 'string' ? `${code}: ` : ''}${message}`);
}

/** The socket error behind a failed request (undici wraps it in `cause`), when the service was not reached. */
function connectionFailure(error: unknown): string | undefined {
  for (let current = error, depth = 0; current !== undefined && current !== null && depth < 4; depth++) {
    const code = (current as { code?: unknown }).code;
    if (code === 'ECONNREFUSED' || code === 'ENOTFOUND' || code === 'EHOSTUNREACH' || code === 'ECONNRESET')
      return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

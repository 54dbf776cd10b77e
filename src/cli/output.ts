import Table from 'cli-table3';

import { ApiClientError } from '../api/client';

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
    const money = value as { amount?: unknown; currency?: unknown };
    if (typeof money.amount === 'string' && typeof money.currency === 'string')
      return `${money.amount} ${money.currency}`;
    return JSON.stringify(value);
  }
  return typeof value === 'string'
    ? value
    : typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint'
      ? String(value)
      : '';
}

/** One line for people: code and message; the whole body for --json. Sets a failing exit code. */
export function printError(error: unknown, options: OutputOptions = {}): void {
  process.exitCode = 1;
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

import type { z } from 'zod/v4';

import { TmtError } from '../../core';

/** `orders.0.price` style path, the form the API's error `field` uses. */
export function issuePath(path: readonly PropertyKey[]): string {
  return path.map(String).join('.');
}

/**
 * Parses input with a schema or throws API_VALIDATION naming the first field at fault and the rule it broke.
 * Only the first issue is reported: one clear message beats a list of consequences of the same mistake.
 */
export function validate<S extends z.ZodType>(
  schema: S,
  input: unknown,
  where: 'body' | 'query' | 'params',
): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  if (issue === undefined) throw new TmtError('API_VALIDATION', `${where} is invalid`);
  let field = issuePath(issue.path);
  let message = issue.message;
  if (issue.code === 'unrecognized_keys') {
    const key = issue.keys[0] ?? '';
    field = field === '' ? key : `${field}.${key}`;
    message = `unknown field "${key}" is not allowed`;
  }
  return raise(where, field, message);
}

function raise(where: string, field: string, message: string): never {
  throw new TmtError(
    'API_VALIDATION',
    field === '' ? `${where}: ${message}` : `${where}.${field}: ${message}`,
    {
      ...(field === '' ? {} : { field }),
    },
  );
}

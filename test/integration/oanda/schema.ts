import { readFileSync } from 'node:fs';

import { Ajv, type ValidateFunction } from 'ajv';

/**
 * Validation against OANDA's official v20 schema (Swagger 2.0, test/fixtures/venue-specs). Its `format` fields
 * are prose, so formats are not checked; types, enums and structure are. Transactions are checked against
 * their own definition (ORDER_FILL → OrderFillTransaction), which is stricter than the generic Transaction.
 */
export const SPEC_PATH = new URL('../../fixtures/venue-specs/oanda-v20-openapi.json', import.meta.url);
const spec = JSON.parse(readFileSync(SPEC_PATH, 'utf8')) as {
  paths: Record<string, Record<string, { responses: Record<string, { schema?: unknown; $ref?: string }> }>>;
  responses: Record<string, { schema?: unknown }>;
  definitions: Record<string, unknown>;
};

const ajv = new Ajv({ strict: false, validateFormats: false, allErrors: true });
ajv.addSchema({ ...spec, $id: 'v20.json' });
const cache = new Map<string, ValidateFunction>();

function compiled(key: string, ref: string): ValidateFunction {
  let validate = cache.get(key);
  if (validate === undefined) {
    validate = ajv.compile({ $ref: ref });
    cache.set(key, validate);
  }
  return validate;
}

const pointer = (segment: string): string => encodeURIComponent(segment.replace(/~/g, '~0').replace(/\//g, '~1'));

/** Errors of a response body against the schema of (method, path template, status); [] when valid. */
export function responseErrors(method: string, pathTemplate: string, status: number, body: unknown): string[] {
  // A method the path does not have (405) is checked against the API's generic answer for the status.
  const operation = spec.paths[pathTemplate]?.[method.toLowerCase()] ?? { responses: {} };
  // A status the path does not list (403 on most reads) is checked against the API's generic answer for it.
  const response = operation.responses[String(status)] ?? (spec.responses[String(status)] === undefined ? undefined : { $ref: `#/responses/${status}` });
  if (response === undefined) return [`status ${status} is not documented for ${method} ${pathTemplate}`];
  const ref =
    response.$ref !== undefined
      ? `v20.json#/responses/${pointer(response.$ref.split('/').pop() ?? '')}/schema`
      : `v20.json#/paths/${pointer(pathTemplate)}/${method.toLowerCase()}/responses/${status}/schema`;
  const validate = compiled(`${method} ${pathTemplate} ${status}`, ref);
  const errors = validate(body) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message ?? ''} ${JSON.stringify(e.params)}`);
  return [...errors, ...transactionErrors(body)];
}

/** Every object with an `id` and a transaction `type`, anywhere in the body, against its own definition. */
export function transactionErrors(body: unknown, path = ''): string[] {
  if (typeof body !== 'object' || body === null) return [];
  if (Array.isArray(body)) return body.flatMap((item, i) => transactionErrors(item, `${path}/${i}`));
  const record = body as Record<string, unknown>;
  const errors: string[] = [];
  if (typeof record['type'] === 'string' && typeof record['id'] === 'string' && typeof record['time'] === 'string' && record['accountID'] !== undefined) {
    errors.push(...definitionErrors(transactionDefinition(record['type']), record).map((e) => `${path}${e}`));
  }
  for (const [key, value] of Object.entries(record)) if (typeof value === 'object') errors.push(...transactionErrors(value, `${path}/${key}`));
  return errors;
}

export function transactionDefinition(type: string): string {
  return `${type.toLowerCase().split('_').map((w) => (w[0]?.toUpperCase() ?? '') + w.slice(1)).join('')}Transaction`;
}

/** Errors of a value against one named definition. */
export function definitionErrors(name: string, value: unknown): string[] {
  if (spec.definitions[name] === undefined) return [`no definition ${name}`];
  const validate = compiled(`definition ${name}`, `v20.json#/definitions/${pointer(name)}`);
  return validate(value) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message ?? ''} ${JSON.stringify(e.params)} (${name})`);
}

/** Which schema path template a concrete v20 path matches. */
export function templateOf(path: string): string {
  const bare = path.replace(/^\/v3/, '').split('?')[0] ?? '';
  for (const template of Object.keys(spec.paths)) {
    const pattern = new RegExp(`^${template.replace(/\{[^}]+\}/g, '[^/]+')}$`);
    if (pattern.test(bare)) return template;
  }
  return bare;
}

import { TmtError } from '../../core';

const WHOLE = /^\{\{\s*([A-Za-z0-9_.]+)\s*\}\}$/;
const EMBEDDED = /\{\{\s*([A-Za-z0-9_.]+)\s*\}\}/g;

/** A dotted path into a JSON value (`strategy.order.action`); `text` is the alert's raw text. */
export function lookup(source: unknown, path: string, text: string): unknown {
  if (path === 'text') return text;
  let value: unknown = source;
  for (const segment of path.split('.')) {
    if (typeof value !== 'object' || value === null || !Object.hasOwn(value, segment)) return undefined;
    value = (value as Record<string, unknown>)[segment];
  }
  return value;
}

/**
 * Fills a template: a string that is exactly `{{path}}` takes the alert's value as it is (a number stays
 * a number), a string with `{{path}}` inside gets it as text, objects and arrays are filled recursively,
 * other values are literals. A placeholder with no value in the alert is an error naming it.
 */
export function fillTemplate(template: unknown, alert: unknown, text: string, field = 'template'): unknown {
  if (typeof template === 'string') {
    const whole = WHOLE.exec(template);
    if (whole !== null) {
      const value = lookup(alert, whole[1] as string, text);
      if (value === undefined) throw missing(field, whole[1] as string);
      return value;
    }
    return template.replace(EMBEDDED, (_match, path: string) => {
      const value = lookup(alert, path, text);
      if (value === undefined) throw missing(field, path);
      return typeof value === 'string' ? value : JSON.stringify(value);
    });
  }
  if (Array.isArray(template))
    return template.map((item, index) => fillTemplate(item, alert, text, `${field}[${index}]`));
  if (typeof template === 'object' && template !== null)
    return Object.fromEntries(
      Object.entries(template).map(([key, value]) => [
        key,
        fillTemplate(value, alert, text, `${field}.${key}`),
      ]),
    );
  return template;
}

function missing(field: string, path: string): TmtError {
  return new TmtError('ORCH_WEBHOOK_TEMPLATE', `${field} needs {{${path}}}, which the alert does not carry`, {
    field: path,
  });
}

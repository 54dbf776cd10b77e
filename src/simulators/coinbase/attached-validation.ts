/** The attached configurations Create Order takes on an entry (`attached_order_configuration`). */
const ATTACHED_KEYS = ['trigger_bracket_gtc', 'trigger_bracket_gtd'] as const;

/** Why an attached configuration is refused, or undefined when it is one Coinbase takes. */
export function attachedProblem(value: unknown): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'object' || value === null) return 'attached_order_configuration must be an object';
  const keys = Object.keys(value);
  const key = keys[0];
  if (keys.length !== 1 || key === undefined || !(ATTACHED_KEYS as readonly string[]).includes(key)) return `unsupported attached order configuration ${keys.join(',')}`;
  const fields = (value as Record<string, Record<string, unknown>>)[key] ?? {};
  for (const name of ['limit_price', 'stop_trigger_price']) if (typeof fields[name] !== 'string' || fields[name] === '') return `${key}.${name} is required`;
  return undefined;
}

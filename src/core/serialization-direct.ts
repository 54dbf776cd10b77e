import { Decimal } from './money/decimal';
import { Money } from './money/money';

/**
 * encodeExact (serialization.ts) in one pass: the same text, character for character, written straight from
 * the value instead of building a tagged copy and then stringifying it. The journal encodes every record on
 * the submit path, and the copy was a third of that cost and most of its garbage. The equality with
 * encodeExact is a property test (serialization-direct.test.ts); change both together.
 */
export function encodeExactDirect(value: unknown): string {
  return encode(value) as string;
}

function encode(value: unknown): string | undefined {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'number':
      // JSON's number text is ECMAScript's Number::toString; non-finite numbers become null, as in JSON.
      return Number.isFinite(value) ? String(value) : 'null';
    case 'boolean':
      return value ? 'true' : 'false';
    case 'bigint':
      throw new TypeError('Do not know how to serialize a BigInt');
    case 'object':
      break;
    default:
      // undefined, functions and symbols: left out of objects, null in arrays (JSON.stringify's rules).
      return undefined;
  }
  if (value instanceof Decimal) return `{"$d":"${value.toString()}"}`;
  if (value instanceof Money) return `{"$m":"${value.amount.toString()}","c":${JSON.stringify(value.currency)}}`;
  if (Array.isArray(value)) return encodeArray(value);
  if (value instanceof Set) return `{"$set":${encodeArray([...value])}}`;
  if (value instanceof Map) {
    let text = '{"$map":[';
    let first = true;
    for (const [key, item] of value) {
      text += `${first ? '' : ','}[${encode(key) ?? 'null'},${encode(item) ?? 'null'}]`;
      first = false;
    }
    return `${text}]}`;
  }
  let text = '{';
  let first = true;
  const record = value as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    const field = record[key];
    if (field === undefined) continue;
    const encoded = encode(field);
    if (encoded === undefined) continue;
    text += `${first ? '' : ','}${JSON.stringify(key)}:${encoded}`;
    first = false;
  }
  return `${text}}`;
}

function encodeArray(items: readonly unknown[]): string {
  let text = '[';
  for (let i = 0; i < items.length; i++) text += `${i === 0 ? '' : ','}${encode(items[i]) ?? 'null'}`;
  return `${text}]`;
}

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

/** Characters JSON.stringify escapes (controls, quote, backslash, any surrogate): absent, the text is as is. */
// eslint-disable-next-line no-control-regex -- matching control characters is the point: JSON escapes them.
const NEEDS_ESCAPE = /[\u0000-\u001f"\\\ud800-\udfff]/;
/** Object keys repeat from record to record (field names): their encoded form is computed once. */
const keyText = new Map<string, string>();
const KEY_CACHE_LIMIT = 10_000;

function encodeString(text: string): string {
  return NEEDS_ESCAPE.test(text) ? JSON.stringify(text) : `"${text}"`;
}

function encodeKey(key: string): string {
  let encoded = keyText.get(key);
  if (encoded === undefined) {
    encoded = `${JSON.stringify(key)}:`;
    // Keys are field names in practice; a payload with ever-new keys (a map as an object) must not grow this.
    if (keyText.size < KEY_CACHE_LIMIT) keyText.set(key, encoded);
  }
  return encoded;
}

function encode(value: unknown): string | undefined {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'string':
      return encodeString(value);
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
  if (value instanceof Money) return `{"$m":"${value.amount.toString()}","c":${encodeString(value.currency)}}`;
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
    text += first ? encodeKey(key) + encoded : `,${encodeKey(key)}${encoded}`;
    first = false;
  }
  return `${text}}`;
}

function encodeArray(items: readonly unknown[]): string {
  let text = '[';
  for (let i = 0; i < items.length; i++) text += `${i === 0 ? '' : ','}${encode(items[i]) ?? 'null'}`;
  return `${text}]`;
}

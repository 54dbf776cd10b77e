import { PLAIN_FORM } from './book/scaled-levels';
import { Decimal } from './money/decimal';
import { Money } from './money/money';

/**
 * JSON with exact numbers, for the journal and snapshots. Decimals and Money are tagged so they come back as
 * what they were ({"$d":"1.50"}, {"$m":"1.50","c":"USD"}); Sets and Maps are kept too. The HTTP API uses
 * plain toJSON (decimals as strings) instead.
 */
function encodeValue(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (value instanceof Decimal) return { $d: value.toString() };
  if (value instanceof Money) return { $m: value.amount.toString(), c: value.currency };
  if (Array.isArray(value)) return value.map(encodeValue);
  if (value instanceof Set) return { $set: [...value].map(encodeValue) };
  if (value instanceof Map) return { $map: [...value].map(([k, v]) => [encodeValue(k), encodeValue(v)]) };
  // Values computed on read (a book update's levels) are encoded from their plain form.
  const plain = (value as { [PLAIN_FORM]?: () => unknown })[PLAIN_FORM];
  if (typeof plain === 'function') return encodeValue(plain.call(value));
  // No prototype: a key named "__proto__" is then an own field like any other, not a prototype change.
  const out = Object.create(null) as Record<string, unknown>;
  for (const key of Object.keys(value)) {
    const field = (value as Record<string, unknown>)[key];
    if (field !== undefined) out[key] = encodeValue(field);
  }
  return out;
}

function decodeValue(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map(decodeValue);
  const record = value as Record<string, unknown>;
  if (typeof record.$d === 'string') return Decimal.parse(record.$d);
  if (typeof record.$m === 'string' && typeof record.c === 'string') return Money.parse(record.$m, record.c);
  if (Array.isArray(record.$set)) return new Set(record.$set.map(decodeValue));
  if (Array.isArray(record.$map)) {
    return new Map((record.$map as [unknown, unknown][]).map(([k, v]) => [decodeValue(k), decodeValue(v)]));
  }
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(record)) out[key] = decodeValue(record[key]);
  return out;
}

export function encodeExact(value: unknown): string {
  return JSON.stringify(encodeValue(value));
}

export function decodeExact<T>(text: string): T {
  return decodeValue(JSON.parse(text)) as T;
}

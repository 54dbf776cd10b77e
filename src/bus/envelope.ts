import { TmtError, type BusEnvelope } from '../core';

/**
 * The wire form of a BusEnvelope (docs/bus.md). Redis Streams carry it as flat fields (readable with
 * redis-cli XRANGE); NATS carries the same fields as one JSON object. Both decode through `checked`, so a
 * malformed message from another program is refused with the field named, never half-read.
 */
export type EnvelopeFields = Record<string, string>;

export function toFields(envelope: BusEnvelope): string[] {
  const fields = ['v', '1', 'origin', envelope.origin, 'type', envelope.type, 'stream', envelope.stream];
  if (envelope.seq !== undefined) fields.push('seq', String(envelope.seq));
  if (envelope.part !== undefined) fields.push('part', String(envelope.part));
  if (envelope.id !== undefined) fields.push('id', envelope.id);
  fields.push('at', String(envelope.at), 'body', envelope.body);
  return fields;
}

export function fromFieldList(list: readonly string[]): BusEnvelope {
  const fields: EnvelopeFields = {};
  for (let i = 0; i + 1 < list.length; i += 2) fields[list[i] as string] = list[i + 1] as string;
  return checked(fields);
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

export function toJsonBytes(envelope: BusEnvelope): Uint8Array {
  return encoder.encode(JSON.stringify(envelope));
}

export function fromJsonBytes(bytes: Uint8Array): BusEnvelope {
  let parsed: unknown;
  try {
    parsed = JSON.parse(decoder.decode(bytes));
  } catch (error) {
    throw invalid('body', 'expected a JSON object', error);
  }
  if (typeof parsed !== 'object' || parsed === null) throw invalid('body', 'expected a JSON object');
  const fields: EnvelopeFields = {};
  for (const [key, value] of Object.entries(parsed)) {
    if (typeof value === 'string' || typeof value === 'number') fields[key] = String(value);
  }
  return checked(fields);
}

function checked(fields: EnvelopeFields): BusEnvelope {
  if (fields.v !== '1') throw invalid('v', `expected format version 1, found ${JSON.stringify(fields.v)}`);
  for (const name of ['origin', 'type', 'stream', 'body'] as const) {
    if (fields[name] === undefined || fields[name] === '') throw invalid(name, 'is required');
  }
  const at = Number(fields.at);
  if (!/^\d{1,16}$/.test(fields.at ?? '')) throw invalid('at', 'expected epoch milliseconds');
  const seq = fields.seq;
  if (seq !== undefined && !/^[1-9]\d{0,15}$/.test(seq))
    throw invalid('seq', `expected a journal sequence number from 1, found ${JSON.stringify(seq)}`);
  const part = fields.part;
  if (part !== undefined && !/^\d{1,3}$/.test(part))
    throw invalid('part', `expected a small whole number, found ${JSON.stringify(part)}`);
  return {
    v: 1,
    origin: fields.origin as string,
    type: fields.type as string,
    stream: fields.stream as string,
    at,
    body: fields.body as string,
    ...(seq === undefined ? {} : { seq: Number(seq) }),
    ...(part === undefined ? {} : { part: Number(part) }),
    ...(fields.id === undefined ? {} : { id: fields.id }),
  };
}

function invalid(field: string, rule: string, cause?: unknown): TmtError {
  return new TmtError('STORE_BROKER_MESSAGE_INVALID', `bus message field ${field} ${rule}`, {
    field,
    ...(cause === undefined ? {} : { cause }),
  });
}

import type { Timestamp } from '../../../core/clock';

const RFC3339 = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(?:\.(\d+))?Z$/;

/** OANDA RFC 3339 times carry nanoseconds; the engine's unit is the millisecond (sub-millisecond digits dropped). */
export function parseOandaTime(text: string): Timestamp {
  const match = RFC3339.exec(text);
  if (match === null) throw new RangeError(`expected an RFC 3339 UTC time such as 2016-10-24T21:48:18.593753865Z, found ${JSON.stringify(text)}`);
  const millis = (match[2] ?? '').padEnd(3, '0').slice(0, 3);
  return Date.parse(`${match[1]}.${millis}Z`);
}

/** RFC 3339 with nanoseconds, as OANDA writes it. */
export function formatOandaTime(time: Timestamp): string {
  return new Date(time).toISOString().replace(/Z$/, '000000Z');
}

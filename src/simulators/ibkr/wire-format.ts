import type { Decimal } from '../../core/money/decimal';

/**
 * The TWS socket framing and field encoding, server side. After the `API\0` prefix and the version
 * range, every message is a 4-byte big-endian length and then fields, each ended by a NUL byte. Numbers are
 * decimal text; an unset double is Java's Double.MAX_VALUE and an unset int Integer.MAX_VALUE, as TWS writes them.
 */
export const UNSET_DOUBLE = '1.7976931348623157E308';
export const UNSET_INTEGER = '2147483647';
/** The largest frame TWS reads (the official client's limit). */
export const MAX_MESSAGE_BYTES = 0xffffff;

export type Field = string | number | boolean | Decimal | undefined;

function fieldText(field: Field): string {
  if (field === undefined) return '';
  if (typeof field === 'boolean') return field ? '1' : '0';
  if (typeof field === 'number') return String(field);
  if (typeof field === 'string') return field;
  return field.toString();
}

/** One framed message. */
export function frame(fields: readonly Field[]): Buffer {
  const body = Buffer.from(fields.map((f) => `${fieldText(f)}\0`).join(''), 'utf8');
  const head = Buffer.alloc(4);
  head.writeUInt32BE(body.length, 0);
  return Buffer.concat([head, body]);
}

export const dbl = (value: Decimal | undefined): string => (value === undefined ? UNSET_DOUBLE : value.toString());
export const intMax = (value: number | undefined): string => (value === undefined ? UNSET_INTEGER : String(value));

export type Incoming = { readonly kind: 'handshake'; readonly versions: string } | { readonly kind: 'message'; readonly fields: string[] };

export class FramingError extends Error {}

/**
 * Splits the byte stream into the handshake (`API\0` + length + `v<min>..<max>`) and framed messages. A frame
 * longer than TWS allows, or a stream that does not start with the prefix, is a protocol error.
 */
export class FrameReader {
  private buffer: Buffer = Buffer.alloc(0);
  private greeted = false;

  push(chunk: Buffer): Incoming[] {
    this.buffer = this.buffer.length === 0 ? chunk : Buffer.concat([this.buffer, chunk]);
    const out: Incoming[] = [];
    for (;;) {
      if (!this.greeted) {
        if (this.buffer.length < 4) return out;
        if (this.buffer.subarray(0, 4).toString('latin1') !== 'API\0') throw new FramingError('the connection must start with API\\0');
        if (this.buffer.length < 8) return out;
        const length = this.buffer.readUInt32BE(4);
        if (length > 1024) throw new FramingError(`version range of ${length} bytes is too long`);
        if (this.buffer.length < 8 + length) return out;
        out.push({ kind: 'handshake', versions: this.buffer.subarray(8, 8 + length).toString('utf8') });
        this.buffer = this.buffer.subarray(8 + length);
        this.greeted = true;
        continue;
      }
      if (this.buffer.length < 4) return out;
      const length = this.buffer.readUInt32BE(0);
      if (length > MAX_MESSAGE_BYTES) throw new FramingError(`message of ${length} bytes exceeds ${MAX_MESSAGE_BYTES}`);
      if (this.buffer.length < 4 + length) return out;
      const text = this.buffer.subarray(4, 4 + length).toString('utf8');
      this.buffer = this.buffer.subarray(4 + length);
      const fields = text.split('\0');
      // Every field ends with NUL, so the split leaves one empty string after the last field.
      if (fields[fields.length - 1] === '') fields.pop();
      out.push({ kind: 'message', fields });
    }
  }
}

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

/** `yyyyMMdd HH:mm:ss UTC`: the form TWS uses for its connection time and execution times. */
export function twsTime(ms: number): string {
  const d = new Date(ms);
  return `${d.getUTCFullYear()}${pad(d.getUTCMonth() + 1)}${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} UTC`;
}

/**
 * Reads the time forms TWS accepts in goodTillDate and execution filters: `yyyyMMdd HH:mm:ss[ zone]` and
 * `yyyyMMdd-HH:mm:ss` (both UTC here; other zone names are refused rather than guessed).
 */
export function parseTwsTime(text: string): number | undefined {
  const match = /^(\d{4})(\d{2})(\d{2})[ -](\d{2}):(\d{2})(?::(\d{2}))?(?: (UTC|GMT))?$/.exec(text.trim());
  if (match === null) return undefined;
  const [, y, mo, d, h, mi, s] = match;
  return Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s ?? '0'));
}

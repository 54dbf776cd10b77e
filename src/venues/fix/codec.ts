/**
 * FIX tag=value framing (FIX 4.4 Vol. 2 "Message format"): BeginString(8), BodyLength(9), MsgType(35) first,
 * CheckSum(10) last, fields separated by SOH. Hand-written rather than taken from jspurefix: that engine reads
 * prices into JavaScript numbers, logs through winston and wires itself with tsyringe/reflect-metadata; our
 * rules need exact decimal strings, pino, and an injected clock, and the framing itself is ~100 lines.
 */
export const SOH = '\x01';

export type FixField = readonly [tag: number, value: string];

/** One message as received: the fields in wire order (repeating groups keep their order), and the raw text. */
export interface FixMessage {
  readonly msgType: string;
  readonly fields: readonly FixField[];
  readonly raw: string;
}

export function fieldOf(message: Pick<FixMessage, 'fields'>, tag: number): string | undefined {
  for (const [t, v] of message.fields) if (t === tag) return v;
  return undefined;
}

export function fieldsOf(message: Pick<FixMessage, 'fields'>, tag: number): string[] {
  const out: string[] = [];
  for (const [t, v] of message.fields) if (t === tag) out.push(v);
  return out;
}

/**
 * The entries of a repeating group: starts a new entry at each occurrence of `firstTag` after the `countTag`,
 * ends at the first tag not in `memberTags`. The declared count is checked against what was read.
 */
export function groupOf(message: Pick<FixMessage, 'fields'>, countTag: number, firstTag: number, memberTags: ReadonlySet<number>): FixField[][] {
  const start = message.fields.findIndex(([t]) => t === countTag);
  if (start < 0) return [];
  const entries: FixField[][] = [];
  for (let i = start + 1; i < message.fields.length; i += 1) {
    const field = message.fields[i] as FixField;
    if (field[0] === firstTag) entries.push([field]);
    else if (memberTags.has(field[0]) && entries.length > 0) entries[entries.length - 1]?.push(field);
    else break;
  }
  return entries;
}

function checksum(text: string): string {
  let sum = 0;
  for (let i = 0; i < text.length; i += 1) sum += text.charCodeAt(i);
  return String(sum % 256).padStart(3, '0');
}

/** Frames a message: `fields` start with MsgType(35); BodyLength and CheckSum are computed here. */
export function encodeFix(beginString: string, fields: readonly FixField[]): string {
  let body = '';
  for (const [tag, value] of fields) {
    if (value.includes(SOH)) throw new RangeError(`FIX field ${tag} must not contain SOH`);
    body += `${tag}=${value}${SOH}`;
  }
  const head = `8=${beginString}${SOH}9=${Buffer.byteLength(body, 'latin1')}${SOH}`;
  return `${head}${body}10=${checksum(head + body)}${SOH}`;
}

export interface DecodeOutcome {
  readonly messages: FixMessage[];
  /** Frames dropped as garbled (bad BodyLength, bad CheckSum, wrong field order), with why. */
  readonly garbled: { readonly reason: string; readonly raw: string }[];
}

function parseFields(text: string): FixField[] | undefined {
  const fields: FixField[] = [];
  for (const part of text.split(SOH)) {
    if (part === '') continue;
    const eq = part.indexOf('=');
    const tag = Number.parseInt(part.slice(0, eq), 10);
    if (eq <= 0 || !Number.isInteger(tag) || String(tag) !== part.slice(0, eq)) return undefined;
    fields.push([tag, part.slice(eq + 1)]);
  }
  return fields;
}

/** A stream decoder: bytes in, whole messages out; a garbled frame is dropped and reading resumes at the next `8=`. */
export class FixDecoder {
  private buffer = '';

  constructor(private readonly maxMessageBytes = 1 << 20) {}

  push(chunk: Buffer | string): DecodeOutcome {
    this.buffer += typeof chunk === 'string' ? chunk : chunk.toString('latin1');
    const messages: FixMessage[] = [];
    const garbled: { reason: string; raw: string }[] = [];
    for (;;) {
      const start = this.buffer.indexOf(`8=`);
      if (start < 0) {
        this.buffer = '';
        break;
      }
      if (start > 0) this.buffer = this.buffer.slice(start);
      const lengthStart = this.buffer.indexOf(SOH);
      if (lengthStart < 0) break;
      const lengthEnd = this.buffer.indexOf(SOH, lengthStart + 1);
      if (lengthEnd < 0) {
        if (this.buffer.length > 64) this.drop(garbled, 'BodyLength(9) missing after BeginString(8)');
        break;
      }
      const lengthField = this.buffer.slice(lengthStart + 1, lengthEnd);
      const bodyLength = /^9=\d{1,9}$/.test(lengthField) ? Number.parseInt(lengthField.slice(2), 10) : -1;
      if (bodyLength < 0 || bodyLength > this.maxMessageBytes) {
        this.drop(garbled, `BodyLength(9) must follow BeginString(8) as digits, found "${lengthField.slice(0, 20)}"`);
        continue;
      }
      const bodyEnd = lengthEnd + 1 + bodyLength;
      const frameEnd = bodyEnd + 7;
      if (this.buffer.length < frameEnd) break;
      const trailer = this.buffer.slice(bodyEnd, frameEnd);
      const raw = this.buffer.slice(0, frameEnd);
      // eslint-disable-next-line no-control-regex -- SOH (\x01) is the FIX field separator
      if (!/^10=\d{3}\x01$/.test(trailer)) {
        this.drop(garbled, 'BodyLength(9) does not end where CheckSum(10) starts');
        continue;
      }
      this.buffer = this.buffer.slice(frameEnd);
      if (trailer.slice(3, 6) !== checksum(raw.slice(0, bodyEnd))) {
        garbled.push({ reason: `CheckSum(10) ${trailer.slice(3, 6)} does not match ${checksum(raw.slice(0, bodyEnd))}`, raw });
        continue;
      }
      const fields = parseFields(raw.slice(0, bodyEnd));
      if (fields === undefined || fields[2]?.[0] !== 35) {
        garbled.push({ reason: 'MsgType(35) must be the third field, and every field tag=value', raw });
        continue;
      }
      messages.push({ msgType: fields[2][1], fields: fields.slice(2), raw });
    }
    return { messages, garbled };
  }

  /** Skips the current frame start so that the scan resumes at the next `8=`. */
  private drop(garbled: { reason: string; raw: string }[], reason: string): void {
    const next = this.buffer.indexOf(`${SOH}8=`, 1);
    const raw = next < 0 ? this.buffer : this.buffer.slice(0, next + 1);
    garbled.push({ reason, raw });
    this.buffer = next < 0 ? '' : this.buffer.slice(next + 1);
  }
}

/** UTCTimestamp with milliseconds (FIX 4.4: YYYYMMDD-HH:MM:SS.sss). */
export function fixTimestamp(ms: number): string {
  const iso = new Date(ms).toISOString();
  return `${iso.slice(0, 4)}${iso.slice(5, 7)}${iso.slice(8, 10)}-${iso.slice(11, 23)}`;
}

/** Parses a UTCTimestamp (with or without milliseconds); undefined when malformed. */
export function parseFixTimestamp(text: string): number | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})-(\d{2}):(\d{2}):(\d{2})(?:\.(\d{3}))?$/.exec(text);
  if (m === null) return undefined;
  const ms = Date.UTC(+(m[1] as string), +(m[2] as string) - 1, +(m[3] as string), +(m[4] as string), +(m[5] as string), +(m[6] as string), m[7] === undefined ? 0 : +m[7]);
  return Number.isNaN(ms) ? undefined : ms;
}

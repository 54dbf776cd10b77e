/**
 * The simulator's own FIX tag=value reader and writer. Written apart from the adapter's codec on purpose
 * (src/venues/fix): a framing mistake shared by both sides would pass every test and fail against a real venue.
 */
const SEP = '\x01';

export type Pair = readonly [number, string];

export interface InboundMessage {
  readonly type: string;
  readonly pairs: readonly Pair[];
  readonly text: string;
}

export function valueOf(message: { readonly pairs: readonly Pair[] }, tag: number): string | undefined {
  return message.pairs.find((p) => p[0] === tag)?.[1];
}

export function valuesOf(message: { readonly pairs: readonly Pair[] }, tag: number): string[] {
  return message.pairs.filter((p) => p[0] === tag).map((p) => p[1]);
}

function sum256(text: string): string {
  let total = 0;
  for (const ch of Buffer.from(text, 'latin1')) total = (total + ch) % 256;
  return total.toString().padStart(3, '0');
}

export function frame(beginString: string, pairs: readonly Pair[]): string {
  const body = pairs.map(([tag, value]) => `${tag}=${value}${SEP}`).join('');
  const head = `8=${beginString}${SEP}9=${Buffer.byteLength(body, 'latin1')}${SEP}`;
  return `${head}${body}10=${sum256(head + body)}${SEP}`;
}

/** Splits a byte stream into messages; frames whose length or checksum is wrong are counted and skipped. */
export class FrameReader {
  private pending = '';
  rejectedFrames = 0;

  feed(chunk: Buffer): InboundMessage[] {
    this.pending += chunk.toString('latin1');
    const out: InboundMessage[] = [];
    while (this.pending.length > 0) {
      // eslint-disable-next-line no-control-regex -- SOH (\x01) is the FIX field separator
      const match = /^8=[^\x01]*\x019=(\d+)\x01/.exec(this.pending);
      if (match === null) {
        // eslint-disable-next-line no-control-regex -- SOH (\x01) is the FIX field separator
        if (/^8=[^\x01]*(\x01(9=\d*)?)?$/.test(this.pending) || '8='.startsWith(this.pending)) break;
        this.skip();
        continue;
      }
      const end = match[0].length + Number(match[1]);
      if (this.pending.length < end + 7) break;
      const text = this.pending.slice(0, end + 7);
      const trailer = text.slice(end);
      if (!trailer.startsWith('10=') || trailer[6] !== SEP || trailer.slice(3, 6) !== sum256(text.slice(0, end))) {
        this.skip();
        continue;
      }
      this.pending = this.pending.slice(end + 7);
      const pairs: Pair[] = text
        .slice(match[0].length, end)
        .split(SEP)
        .filter((part) => part.length > 0)
        .map((part) => {
          const at = part.indexOf('=');
          return [Number(part.slice(0, at)), part.slice(at + 1)] as const;
        });
      if (pairs[0]?.[0] !== 35 || pairs.some(([tag]) => !Number.isSafeInteger(tag) || tag <= 0)) {
        this.rejectedFrames += 1;
        continue;
      }
      out.push({ type: pairs[0][1], pairs, text });
    }
    return out;
  }

  private skip(): void {
    this.rejectedFrames += 1;
    const next = this.pending.indexOf(`${SEP}8=`);
    this.pending = next < 0 ? '' : this.pending.slice(next + 1);
  }
}

/** FIX UTCTimestamp, milliseconds. */
export function utcTimestamp(ms: number): string {
  const d = new Date(ms);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${d.getUTCFullYear()}${two(d.getUTCMonth() + 1)}${two(d.getUTCDate())}-${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())}.${String(d.getUTCMilliseconds()).padStart(3, '0')}`;
}

export function readUtcTimestamp(text: string): number | undefined {
  const m = /^(\d{4})(\d\d)(\d\d)-(\d\d):(\d\d):(\d\d)(\.\d{1,3})?$/.exec(text);
  if (m === null) return undefined;
  return Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6])) + (m[7] === undefined ? 0 : Math.round(Number(m[7]) * 1000));
}

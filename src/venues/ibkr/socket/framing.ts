/**
 * TWS socket framing, client side: the `API\0` greeting with the version range, then 4-byte big-endian
 * length-prefixed messages whose fields each end with NUL.
 */
export const MAX_MESSAGE_BYTES = 0xffffff;

export function greeting(minVersion: number, maxVersion: number): Buffer {
  const range = Buffer.from(minVersion === maxVersion ? `v${minVersion}` : `v${minVersion}..${maxVersion}`, 'ascii');
  const head = Buffer.alloc(8);
  head.write('API\0', 0, 'latin1');
  head.writeUInt32BE(range.length, 4);
  return Buffer.concat([head, range]);
}

/** Frames one message whose fields are already text. */
export function frameFields(fields: readonly string[]): Buffer {
  let length = 0;
  for (const field of fields) length += Buffer.byteLength(field, 'utf8') + 1;
  const out = Buffer.allocUnsafe(4 + length);
  out.writeUInt32BE(length, 0);
  let offset = 4;
  for (const field of fields) {
    offset += out.write(field, offset, 'utf8');
    out[offset] = 0;
    offset += 1;
  }
  return out;
}

export class ProtocolError extends Error {}

/** Splits the inbound byte stream into messages (arrays of field strings). */
export class FrameDecoder {
  private buffer: Buffer = Buffer.alloc(0);

  push(chunk: Buffer): string[][] {
    this.buffer = this.buffer.length === 0 ? chunk : Buffer.concat([this.buffer, chunk]);
    const messages: string[][] = [];
    let offset = 0;
    while (this.buffer.length - offset >= 4) {
      const length = this.buffer.readUInt32BE(offset);
      if (length > MAX_MESSAGE_BYTES) throw new ProtocolError(`message of ${length} bytes exceeds ${MAX_MESSAGE_BYTES}`);
      if (this.buffer.length - offset < 4 + length) break;
      messages.push(splitFields(this.buffer, offset + 4, offset + 4 + length));
      offset += 4 + length;
    }
    this.buffer = offset === this.buffer.length ? Buffer.alloc(0) : this.buffer.subarray(offset);
    return messages;
  }
}

/**
 * The fields of one message body; the NUL after the last field does not start another. One UTF-8 decode of the
 * whole body, then a split: NUL never occurs inside a multi-byte UTF-8 sequence, so this equals decoding each
 * field alone, at one native call per message instead of one per field.
 */
export function splitFields(buffer: Buffer, start: number, end: number): string[] {
  if (start === end) return [];
  const fields = buffer.toString('utf8', start, end).split('\0');
  if (fields[fields.length - 1] === '') fields.pop();
  return fields;
}

/**
 * CRC32 (IEEE, reflected) in pieces, so a checksum over many short texts need not see their bytes again.
 * The CRC register is linear: after a register R, a text B leaves shift(R, |B|) xor raw(B), where raw(B)
 * is B's CRC from a zero register and shift(R, n) is R run through n zero bytes. Both are cached: raw per
 * text (the caller keeps it while the text is unchanged) and shift as four 256-entry tables per length, so
 * appending a cached text costs four lookups whatever its length.
 */
const TABLE = new Int32Array(256);
for (let n = 0; n < 256; n++) {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  TABLE[n] = c;
}

/** The register before any byte (CRC32's initial value). */
export const CRC_START = -1;

/** One byte into the register. */
export function crcByte(register: number, byte: number): number {
  return (TABLE[(register ^ byte) & 255] as number) ^ (register >>> 8);
}

/** raw(bytes[from, to)): the CRC register of those bytes from a zero register. */
export function rawCrc(bytes: Uint8Array, from: number, to: number): number {
  let r = 0;
  for (let i = from; i < to; i++) r = (TABLE[(r ^ (bytes[i] as number)) & 255] as number) ^ (r >>> 8);
  return r;
}

// Packed (not holey) so the lookup on every level stays a plain element load; a level text is at most 80 bytes.
const shifts: (Int32Array | undefined)[] = new Array<Int32Array | undefined>(128).fill(undefined);

function shiftTable(length: number): Int32Array {
  let table = shifts[length];
  if (table === undefined) {
    table = new Int32Array(1024);
    for (let k = 0; k < 4; k++) {
      for (let b = 0; b < 256; b++) {
        let r = b << (8 * k);
        for (let i = 0; i < length; i++) r = (TABLE[r & 255] as number) ^ (r >>> 8);
        table[k * 256 + b] = r;
      }
    }
    shifts[length] = table;
  }
  return table;
}

/** The register after a text of `length` bytes whose raw CRC is `raw`, appended after `register`. */
export function crcAppend(register: number, raw: number, length: number): number {
  const t = shiftTable(length);
  return (t[register & 255] as number) ^ (t[256 + ((register >>> 8) & 255)] as number) ^ (t[512 + ((register >>> 16) & 255)] as number) ^ (t[768 + (register >>> 24)] as number) ^ raw;
}

/** The CRC32 value of a finished register, as the signed int32 OKX publishes. */
export function crcFinish(register: number): number {
  return ~register | 0;
}

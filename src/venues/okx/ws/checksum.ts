import { crc32 } from 'node:zlib';

/**
 * OKX's book checksum (docs-v5 "Checksum"): CRC32 of the top 25 levels interleaved `bidPx:bidSz:askPx:askSz`,
 * the longer side continuing alone once the other runs out, over the original wire strings, as a signed int32.
 */
export function okxChecksum(bids: readonly (readonly [string, string])[], asks: readonly (readonly [string, string])[]): number {
  let text = '';
  for (let i = 0; i < 25; i++) {
    const bid = bids[i];
    const ask = asks[i];
    if (bid !== undefined) text += text.length === 0 ? `${bid[0]}:${bid[1]}` : `:${bid[0]}:${bid[1]}`;
    if (ask !== undefined) text += text.length === 0 ? `${ask[0]}:${ask[1]}` : `:${ask[0]}:${ask[1]}`;
    if (bid === undefined && ask === undefined) break;
  }
  return crc32(text) | 0;
}

/** The checksum of an already-joined string (the published examples are given this way). */
export function checksumOfString(text: string): number {
  return crc32(text) | 0;
}

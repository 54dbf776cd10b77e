import { crc32 } from 'node:zlib';

/** One published level: the price and size strings exactly as they go on the wire. */
export type WireLevel = readonly [price: string, size: string];

/**
 * OKX's order book checksum: CRC32 over the top 25 levels interleaved `bid:ask` (`bidPx:bidSz:askPx:askSz:...`,
 * the longer side continuing alone), using the wire strings, read as a signed 32-bit integer.
 */
export function bookChecksum(bids: readonly WireLevel[], asks: readonly WireLevel[]): number {
  const parts: string[] = [];
  for (let i = 0; i < 25; i++) {
    const bid = bids[i];
    const ask = asks[i];
    if (bid !== undefined) parts.push(bid[0], bid[1]);
    if (ask !== undefined) parts.push(ask[0], ask[1]);
  }
  return crc32(parts.join(':')) | 0;
}

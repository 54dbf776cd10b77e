import { hash } from 'node:crypto';

import type { JournalEntry } from '../core';

/** The `previous checksum` of sequence 1: the chain starts from a fixed value, so record 1 is chained too. */
export const GENESIS_CHECKSUM = '0'.repeat(64);

/**
 * sha256 over (sequence, recordedAt, previous checksum, type, stream, payload). The integers and the hex digest
 * cannot contain '|', and type and stream are length-prefixed, so no two different records share an input
 * (payload last, unprefixed: it runs to the end). Every implementation of the store port uses this one
 * function, so a journal exported from SQLite verifies in PostgreSQL and the reverse.
 */
export function chainChecksum(
  entry: Pick<JournalEntry, 'sequence' | 'type' | 'stream' | 'payload' | 'recordedAt'>,
  previousChecksum: string,
): string {
  const text =
    `${entry.sequence}|${entry.recordedAt}|${previousChecksum}|` +
    `${entry.type.length}|${entry.type}|${entry.stream.length}|${entry.stream}|${entry.payload}`;
  // One-shot crypto.hash (Node >= 20.12): half the cost of createHash().update().digest() for a small input.
  return hash('sha256', text, 'hex');
}

import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

import { decodeExact, encodeExact } from '../../core';
import type { SavedExchange } from './exchange';
import type { SavedOrderLists } from './order-lists';

/** Everything a restarted simulator needs to be the same venue: orders, fills, balances, ids, lists. */
export interface SavedBinanceSimulator {
  readonly version: 1;
  readonly savedAt: number;
  /** The matching engine's own snapshot text (orders, fills, balances, counters). */
  readonly engine: string;
  readonly exchange: SavedExchange;
  readonly lists: SavedOrderLists;
  readonly market: [string, string, number][];
}

/** Reads a state file; undefined when there is none yet. A file that does not parse is an error, never a fresh start. */
export function readStateFile(path: string): SavedBinanceSimulator | undefined {
  if (!existsSync(path)) return undefined;
  const saved = decodeExact<SavedBinanceSimulator>(readFileSync(path, 'utf8'));
  if (saved.version !== 1) throw new Error(`${path}: unsupported simulator state version ${String(saved.version)}`);
  return saved;
}

/** Writes the file whole or not at all: a crash mid-write leaves the previous state, never half of one. */
export function writeStateFile(path: string, saved: SavedBinanceSimulator): void {
  mkdirSync(dirname(path), { recursive: true });
  const temporary = `${path}.tmp`;
  writeFileSync(temporary, encodeExact(saved));
  renameSync(temporary, path);
}

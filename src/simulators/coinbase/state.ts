import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { decodeExact, encodeExact } from '../../core';
import type { MatchingEngine } from '../matching';
import type { SimApiKey } from './auth';
import type { SimExchange } from './exchange';
import type { MarketFeeds } from './feeds';
import type { SimMarket } from './market';
import type { SimProduct } from './products';
import type { OrderMeta } from './wire-format';
import type { WsFaults } from './ws';

/** REST faults a test arms; each fires once. */
export interface RestFaults {
  /** The next accepted order's connection is destroyed with no answer. */
  loseNextOrderResponse: boolean;
  /** The next accepted order is answered 503: the client cannot know it was placed. */
  failNextOrderWith5xx: boolean;
}

interface SavedState {
  readonly engine: string;
  readonly metas: readonly OrderMeta[];
  readonly mids: Record<string, string>;
}

const STATE_FILE = 'coinbase-sim.json';

/** Reads a saved state, if the data directory has one (the engine snapshot text, order metadata, market mids). */
export function loadSavedState(dataDir: string | undefined): SavedState | undefined {
  if (dataDir === undefined) return undefined;
  const path = join(dataDir, STATE_FILE);
  return existsSync(path) ? decodeExact<SavedState>(readFileSync(path, 'utf8')) : undefined;
}

/** Everything the Coinbase simulator's REST and WebSocket front ends share. */
export class SimState {
  readonly restFaults: RestFaults = { loseNextOrderResponse: false, failNextOrderWith5xx: false };
  readonly wsFaults: WsFaults = { gapNext: 0, silent: false };
  /** Orders that reached the book (duplicate checks in tests). */
  placements = 0;
  readonly requests: { readonly method: string; readonly path: string }[] = [];

  constructor(
    readonly engine: MatchingEngine,
    readonly exchange: SimExchange,
    readonly market: SimMarket,
    readonly feeds: MarketFeeds,
    readonly products: ReadonlyMap<string, SimProduct>,
    readonly keys: ReadonlyMap<string, SimApiKey>,
    readonly now: () => number,
    private readonly dataDir: string | undefined,
  ) {}

  /** Brings the engine up to now (delayed commands, GTD expiries). */
  advance(): void {
    this.engine.advanceTo(this.now());
  }

  /** Writes the state atomically (temp file, then rename) so that a crash never leaves half a file. */
  save(): void {
    if (this.dataDir === undefined) return;
    mkdirSync(this.dataDir, { recursive: true });
    const saved: SavedState = { engine: this.engine.saveEncoded(), metas: [...this.exchange.byOrderId.values()], mids: this.market.save() };
    const path = join(this.dataDir, STATE_FILE);
    writeFileSync(`${path}.tmp`, encodeExact(saved));
    renameSync(`${path}.tmp`, path);
  }
}

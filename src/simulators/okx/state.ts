import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { decodeExact, encodeExact } from '../../core';
import type { MatchingEngine } from '../matching';
import type { SimApiKey } from './auth';
import type { PublicFeed } from './books';
import { SimAttachedAlgos } from './attached-algos';
import { SimAlgos } from './algo';
import type { OrderAck, SimExchange } from './exchange';
import type { SimRateLimits } from './limits';
import type { SimMarket } from './market';
import type { OrderMeta } from './wire-format';

/** Faults a test arms; each fires once (or per count). */
export interface SimFaults {
  /** The next order is placed, then its HTTP connection is destroyed with no answer. */
  loseNextOrderResponse: boolean;
  /** The next order is placed, then answered HTTP 503 (the outcome is unknown to the client). */
  failNextOrderWith5xx: boolean;
  /** Public and private WebSockets stop sending anything (no pushes, no pong) while set. */
  silent: boolean;
}

/** What `--data-dir` keeps: the engine's snapshot and the wire metadata of every order. */
interface SavedState {
  readonly version: 1;
  readonly engine: string;
  readonly meta: readonly OrderMeta[];
}

export const STATE_FILE = 'okx-simulator.json';

/** Reads a saved state, if the directory holds one. */
export function loadSaved(dataDir: string | undefined): { engine: string; meta: readonly OrderMeta[] } | undefined {
  if (dataDir === undefined) return undefined;
  const path = join(dataDir, STATE_FILE);
  if (!existsSync(path)) return undefined;
  const saved = decodeExact<SavedState>(readFileSync(path, 'utf8'));
  return { engine: saved.engine, meta: saved.meta };
}

/** Everything the OKX simulator's REST and WebSocket front ends share. */
export class SimState {
  readonly faults: SimFaults = { loseNextOrderResponse: false, failNextOrderWith5xx: false, silent: false };
  /** Orders that reached the book, for duplicate checks in tests. */
  placements = 0;
  readonly requests: { method: string; path: string; at: number }[] = [];

  constructor(
    readonly engine: MatchingEngine,
    readonly exchange: SimExchange,
    readonly market: SimMarket,
    readonly feed: PublicFeed,
    readonly limits: SimRateLimits,
    readonly keys: ReadonlyMap<string, SimApiKey>,
    readonly now: () => number,
    private readonly dataDir: string | undefined,
  ) {
    this.algos = new SimAlgos(exchange, now);
    this.attached = new SimAttachedAlgos(engine, exchange, this.algos);
  }

  readonly algos: SimAlgos;
  /** TP/SL attached to entries (attachAlgoOrds), placed as algo orders once the entry fills. */
  readonly attached: SimAttachedAlgos;

  advance(): void {
    this.engine.advanceTo(this.now());
  }

  /** Places one order, applying the armed faults to a successful placement. */
  async place(body: Record<string, unknown>): Promise<OrderAck | 'lost' | 'unavailable'> {
    const ack = await this.exchange.placeOrder(body);
    if (ack.sCode !== '0') return ack;
    this.placements++;
    this.persist();
    if (this.faults.loseNextOrderResponse) {
      this.faults.loseNextOrderResponse = false;
      return 'lost';
    }
    if (this.faults.failNextOrderWith5xx) {
      this.faults.failNextOrderWith5xx = false;
      return 'unavailable';
    }
    return ack;
  }

  /** Writes the state to the data directory (atomically: a temporary file renamed over the old one). */
  persist(): void {
    if (this.dataDir === undefined) return;
    mkdirSync(this.dataDir, { recursive: true });
    const saved: SavedState = { version: 1, engine: this.engine.saveEncoded(), meta: [...this.exchange.meta.values()] };
    const path = join(this.dataDir, STATE_FILE);
    writeFileSync(`${path}.tmp`, encodeExact(saved));
    renameSync(`${path}.tmp`, path);
  }
}

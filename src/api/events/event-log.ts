import { TmtError, type Clock, type EngineEvent, type EventHistoryStore, type MessageBus, type StoredEvent } from '../../core';
import type { Logger } from '../../shared/logger';
import type { SequencedEvent } from '../../engine/trading-engine';
import { EventTier } from './event-tier';

export type EventListener = (event: SequencedEvent) => void;

/** Event types that go to the short market-data buffer; everything else is history. */
export const MARKET_DATA_TYPES: ReadonlySet<string> = new Set(['QuoteTick', 'TradeTick', 'OrderBookUpdate']);

export interface EventLogOptions {
  /** How many market-data events the short buffer keeps. */
  readonly marketDataRetention: number;
  /** How long order, portfolio, risk and system events stay resumable. */
  readonly historyRetentionMs: number;
  /** A memory bound on the history whatever its age (the oldest go first past it). */
  readonly historyMaxEvents?: number;
  readonly clock: Clock;
  /**
   * Where the history (never market data) is kept across restarts. With it, the log listens to the bus only
   * once `restore()` has read the stored history back and numbers on from the last stored cursor.
   */
  readonly store?: EventHistoryStore;
  readonly logger?: Logger;
}

/** Appends to the store are batched per turn of the event loop; pruning runs every this many batches. */
const PRUNE_EVERY_BATCHES = 500;

export const DEFAULT_HISTORY_RETENTION_MS = 7 * 86_400_000;
const DEFAULT_HISTORY_MAX_EVENTS = 2_000_000;

/**
 * The events behind `GET /events` and the live stream. Every bus event gets the next global cursor (1, 2,
 * 3...) and goes to one of two tiers: market data (hundreds a second) to a short buffer counted in events,
 * everything else (orders, fills, positions, accounts, risk, system) to a history kept for a time. So a
 * client that asks only for, say, fills resumes after a day offline, however much market data went by.
 * A reader asks for "everything after cursor N" (optionally of some types); when a tier it asks for has
 * lost events after N, it gets API_CURSOR_EXPIRED rather than a silent gap.
 */
export class EventLog {
  private nextCursor = 1;
  private readonly market: EventTier;
  private readonly history: EventTier;
  private readonly listeners = new Set<EventListener>();
  private unsubscribe: () => void = () => undefined;
  private readonly clock: Clock;
  private readonly historyRetentionMs: number;
  private readonly store: EventHistoryStore | undefined;
  private pending: StoredEvent[] = [];
  private flushing: Promise<void> | undefined;
  private batches = 0;

  constructor(
    private readonly bus: MessageBus,
    private readonly options: EventLogOptions,
  ) {
    this.clock = options.clock;
    this.historyRetentionMs = options.historyRetentionMs;
    this.store = options.store;
    this.market = new EventTier(options.marketDataRetention);
    this.history = new EventTier(options.historyMaxEvents ?? DEFAULT_HISTORY_MAX_EVENTS);
    if (this.store === undefined) this.listenToBus();
  }

  /**
   * Reads the stored history within the retention back, numbers on from the last stored cursor, then listens
   * to the bus: a client's cursor from before a restart resumes (or, for market data, which is not kept, gets
   * API_CURSOR_EXPIRED). Without a store it does nothing.
   */
  async restore(): Promise<void> {
    if (this.store === undefined) return;
    const now = this.clock.now();
    await this.store.prune(now - this.historyRetentionMs);
    const stored = await this.store.since(now - this.historyRetentionMs);
    const last = Math.max(await this.store.lastCursor(), stored.at(-1)?.cursor ?? 0);
    // Everything before the first kept event is past the retention; market data before the restart is gone.
    this.history.lostUpTo((stored[0]?.cursor ?? last + 1) - 1);
    for (const item of stored) this.history.push({ cursor: item.cursor, event: item.event }, item.at);
    this.market.lostUpTo(last);
    this.nextCursor = last + 1;
    this.listenToBus();
  }

  private listenToBus(): void {
    this.unsubscribe = this.bus.subscribe('*', (event) => this.append(event));
  }

  /** Writes what is pending; resolves when the store has it (tests, shutdown). */
  async flush(): Promise<void> {
    while (this.pending.length > 0 || this.flushing !== undefined) {
      if (this.flushing === undefined) this.scheduleFlush();
      await this.flushing;
    }
  }

  private scheduleFlush(): void {
    if (this.flushing !== undefined || this.store === undefined) return;
    const store = this.store;
    this.flushing = (async () => {
      // One turn later: the events of one burst (a fill's order, position and account events) go in one write.
      await new Promise<void>((resolve) => setImmediate(resolve));
      const batch = this.pending;
      this.pending = [];
      try {
        await store.append(batch);
        if (++this.batches % PRUNE_EVERY_BATCHES === 0) await store.prune(this.clock.now() - this.historyRetentionMs);
      } catch (error) {
        // The in-memory history still serves; only resuming across a restart is at stake.
        this.options.logger?.error({ err: error, events: batch.length }, 'event history could not be stored');
      } finally {
        this.flushing = undefined;
        if (this.pending.length > 0) this.scheduleFlush();
      }
    })();
  }

  /** The cursor of the newest event (0 before the first). */
  get head(): number {
    return this.nextCursor - 1;
  }

  /** The oldest cursor from which every event (both tiers) can still be replayed. */
  get oldest(): number {
    return Math.max(this.market.floor, this.history.floor);
  }

  /** The oldest cursor from which every non-market event can still be replayed. */
  get historyOldest(): number {
    return this.history.floor;
  }

  append(event: EngineEvent): SequencedEvent {
    const sequenced: SequencedEvent = { cursor: this.nextCursor++, event };
    const now = this.clock.now();
    if (MARKET_DATA_TYPES.has(event.type)) this.market.push(sequenced, now);
    else {
      this.history.push(sequenced, now);
      if (this.store !== undefined) {
        this.pending.push({ cursor: sequenced.cursor, at: now, event });
        this.scheduleFlush();
      }
    }
    this.history.dropOlderThan(now - this.historyRetentionMs);
    for (const listener of this.listeners) listener(sequenced);
    return sequenced;
  }

  /**
   * Events with cursor > after, oldest first, of `types` when given. Throws API_CURSOR_EXPIRED when a tier
   * the types draw on has lost some of them.
   */
  after(after: number, limit = Number.MAX_SAFE_INTEGER, types?: ReadonlySet<string>): SequencedEvent[] {
    this.history.dropOlderThan(this.clock.now() - this.historyRetentionMs);
    const wantsMarket = types === undefined || [...types].some((t) => MARKET_DATA_TYPES.has(t));
    const wantsHistory = types === undefined || [...types].some((t) => !MARKET_DATA_TYPES.has(t));
    if (after >= this.head) return [];
    const expired = (tier: EventTier, name: string) => {
      if (after + 1 >= tier.floor) return;
      throw new TmtError(
        'API_CURSOR_EXPIRED',
        `cursor ${after} is older than the retained ${name} (oldest ${tier.floor})`,
        {
          field: 'cursor',
          details: { oldest: String(tier.floor), head: String(this.head), tier: name },
        },
      );
    };
    if (wantsHistory) expired(this.history, 'history');
    if (wantsMarket) expired(this.market, 'market data');
    const out: SequencedEvent[] = [];
    const sources = [wantsMarket ? this.market.cursorAfter(after) : undefined, wantsHistory ? this.history.cursorAfter(after) : undefined];
    // A two-way merge by cursor: each tier is in cursor order already.
    for (;;) {
      if (out.length >= limit) break;
      const [m, h] = [sources[0]?.peek(), sources[1]?.peek()];
      const next = m === undefined ? h : h === undefined ? m : m.cursor < h.cursor ? m : h;
      if (next === undefined) break;
      (next === m ? sources[0] : sources[1])?.advance();
      if (types === undefined || types.has(next.event.type)) out.push(next);
    }
    return out;
  }

  /** The newest `limit` events (of `types` when given) still kept. */
  recent(limit: number, types?: ReadonlySet<string>): SequencedEvent[] {
    const newest: SequencedEvent[] = [];
    const tiers = [this.market.newestFirst(), this.history.newestFirst()];
    let m = tiers[0]?.next();
    let h = tiers[1]?.next();
    while (newest.length < limit) {
      const pickMarket = m !== undefined && !m.done && (h === undefined || h.done || m.value.cursor > h.value.cursor);
      const item = pickMarket ? m : h;
      if (item === undefined || item.done) break;
      if (types === undefined || types.has(item.value.event.type)) newest.push(item.value);
      if (pickMarket) m = tiers[0]?.next();
      else h = tiers[1]?.next();
    }
    return newest.reverse();
  }

  listen(listener: EventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  close(): void {
    this.unsubscribe();
    this.listeners.clear();
  }
}

import { TmtError, type Clock, type EngineEvent, type MessageBus } from '../../core';
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
}

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
  private readonly unsubscribe: () => void;
  private readonly clock: Clock;
  private readonly historyRetentionMs: number;

  constructor(bus: MessageBus, options: EventLogOptions) {
    this.clock = options.clock;
    this.historyRetentionMs = options.historyRetentionMs;
    this.market = new EventTier(options.marketDataRetention);
    this.history = new EventTier(options.historyMaxEvents ?? DEFAULT_HISTORY_MAX_EVENTS);
    this.unsubscribe = bus.subscribe('*', (event) => this.append(event));
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
    else this.history.push(sequenced, now);
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

import type { Clock } from '../../core/clock';
import { invalidBookUpdate, scaledBookUpdate } from '../../core/book/scaled-levels';
import type { MarketDataEvent } from '../../core/events';
import type { InstrumentId } from '../../core/identifiers';
import { Price } from '../../core/money/price';
import { Quantity } from '../../core/money/quantity';
import type { Unsubscribe } from '../../core/ports/venue';
import type { Logger } from '../../shared/logger';
import { parseTime } from './parse/reports';
import type { ProductMap } from './symbols';
import { L2Book, scaleUpdates, type L2Update } from './ws/book';
import { CoinbaseConnection, type CoinbaseMessage } from './ws/connection';
import type { ScaledL2 } from './ws/l2-scan';

export interface DataClientOptions {
  readonly url: string;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly products: ProductMap;
  readonly silenceTimeoutMs: number;
  readonly jwt?: () => string;
  readonly onUnrecognized: (description: string, raw: string) => void;
}

/** Counters a test or a metrics page reads. */
export interface DataClientStats {
  gaps: number;
  resyncs: number;
  reconnects: number;
  messages: number;
}

/**
 * Market data over the Advanced Trade market WebSocket: `level2` (snapshot then updates, checked by
 * `sequence_num`; a gap invalidates every book and resubscribes for fresh snapshots), `market_trades`,
 * `ticker`, and `heartbeats` through the connection.
 */
export class CoinbaseDataClient {
  readonly stats: DataClientStats = { gaps: 0, resyncs: 0, reconnects: 0, messages: 0 };
  private readonly books = new Map<string, { book: L2Book; instrumentId: InstrumentId; watchers: number }>();
  private readonly handlers = new Set<(event: MarketDataEvent) => void>();
  private readonly connection: CoinbaseConnection;

  constructor(private readonly options: DataClientOptions) {
    this.connection = new CoinbaseConnection({
      url: options.url,
      clock: options.clock,
      logger: options.logger,
      silenceTimeoutMs: options.silenceTimeoutMs,
      ...(options.jwt === undefined ? {} : { jwt: options.jwt }),
      onMessage: (message) => this.onMessage(message),
      onGap: (expected, found) => this.onGap(expected, found),
      onOpen: (reconnect) => {
        if (reconnect) this.stats.reconnects++;
      },
      onDown: () => {
        for (const state of this.books.values()) this.invalidate(state);
      },
      onError: (message) => options.logger.warn({ message }, 'coinbase market websocket error message'),
    });
  }

  subscribe(instrumentIds: readonly InstrumentId[], handler: (event: MarketDataEvent) => void): Unsubscribe {
    this.handlers.add(handler);
    const fresh: string[] = [];
    for (const instrumentId of instrumentIds) {
      const productId = this.options.products.productId(instrumentId);
      const state = this.books.get(productId);
      if (state === undefined) {
        this.books.set(productId, { book: new L2Book(), instrumentId, watchers: 1 });
        fresh.push(productId);
      } else state.watchers++;
    }
    this.connection.start();
    if (fresh.length > 0) for (const channel of ['level2', 'market_trades', 'ticker']) this.connection.subscribe(channel, fresh);
    return () => {
      this.handlers.delete(handler);
      const gone: string[] = [];
      for (const instrumentId of instrumentIds) {
        const productId = this.options.products.productId(instrumentId);
        const state = this.books.get(productId);
        if (state !== undefined && --state.watchers === 0) {
          this.books.delete(productId);
          gone.push(productId);
        }
      }
      if (gone.length > 0) for (const channel of ['level2', 'market_trades', 'ticker']) this.connection.unsubscribe(channel, gone);
      if (this.books.size === 0) this.connection.stop();
    };
  }

  /** The local book of a product (tests compare it with the venue's). */
  book(instrumentId: InstrumentId): L2Book | undefined {
    return this.books.get(this.options.products.productId(instrumentId))?.book;
  }

  close(): void {
    this.connection.stop();
  }

  /** A raw frame through the connection's parse and sequence check, as a socket delivers it (benches). */
  receive(text: string): void {
    this.connection.receive(text);
  }

  resetSequence(): void {
    this.connection.resetSequence();
  }

  /** Tracks a product without opening a socket (benches replay recorded frames through `receive`). */
  track(instrumentId: InstrumentId): void {
    const productId = this.options.products.productId(instrumentId);
    if (!this.books.has(productId)) this.books.set(productId, { book: new L2Book(), instrumentId, watchers: 1 });
  }

  /** The parse-check-apply path for one raw message (the bench drives it without a socket). */
  onMessage(message: CoinbaseMessage): void {
    this.stats.messages++;
    switch (message.channel) {
      case 'l2_data':
        for (const event of message.events) this.onLevel2(event, message);
        return;
      case 'market_trades':
        for (const event of message.events) this.onTrades(event);
        return;
      case 'ticker':
        for (const event of message.events) this.onTickers(event);
        return;
      case 'heartbeats':
      case 'subscriptions':
        return;
      default:
        this.options.onUnrecognized(`coinbase market channel ${message.channel}`, JSON.stringify(message).slice(0, 500));
    }
  }

  private onLevel2(event: Record<string, unknown>, message: CoinbaseMessage): void {
    const productId = String(event['product_id']);
    const state = this.books.get(productId);
    if (state === undefined) return;
    // The socket path's scan gives scaled levels; a frame that took the JSON.parse path gives wire strings.
    const levels = (event['scaled'] as ScaledL2 | undefined) ?? scaleUpdates((event['updates'] ?? []) as L2Update[]);
    const now = this.options.clock.now();
    const occurredAt = this.frameTime(message.timestamp, now);
    if (event['type'] === 'snapshot') {
      if (levels === undefined || !state.book.applySnapshot(levels)) {
        this.unrepresentable(productId, state);
        return;
      }
      this.emit(scaledBookUpdate(state.instrumentId, 'snapshot', message.sequence_num, occurredAt, now, state.book.scaledLevels(true), state.book.scaledLevels(false)));
      return;
    }
    if (!state.book.valid) return;
    if (levels === undefined || !state.book.apply(levels)) {
      this.unrepresentable(productId, state);
      return;
    }
    // The event's levels are the frame's own scaled integers; Decimals are made only if a consumer reads them.
    this.emit(scaledBookUpdate(state.instrumentId, 'delta', message.sequence_num, occurredAt, now, levels.bids, levels.asks));
  }

  /** The frame's timestamp in ms; frames of one burst share it, so the last one read is kept (Date.parse per frame shows in profiles). */
  private frameTime(text: string | undefined, now: number): number {
    if (text === undefined) return now;
    if (text !== this.lastTimeText) {
      this.lastTimeText = text;
      this.lastTime = parseTime(text, Number.NaN);
    }
    return Number.isNaN(this.lastTime) ? now : this.lastTime;
  }

  private lastTimeText = '';
  private lastTime = Number.NaN;

  /**
   * A level that is not a plain decimal, or that the integer book cannot hold exactly: reported, never rounded.
   * The book is invalid and level2 is resubscribed for a fresh snapshot, as after a gap.
   */
  private unrepresentable(productId: string, state: { book: L2Book; instrumentId: InstrumentId }): void {
    this.options.logger.warn({ productId }, 'coinbase level2 value not representable exactly; resubscribing');
    this.options.onUnrecognized(`coinbase level2 value of ${productId} not representable exactly`, productId);
    const now = this.options.clock.now();
    state.book.invalidate();
    this.emit(invalidBookUpdate(state.instrumentId, now, now));
    this.stats.resyncs++;
    this.connection.resubscribe('level2', [productId]);
  }

  private onTrades(event: Record<string, unknown>): void {
    for (const trade of (event['trades'] ?? []) as Record<string, string>[]) {
      const state = this.books.get(String(trade['product_id']));
      if (state === undefined) continue;
      const now = this.options.clock.now();
      this.emit({
        type: 'TradeTick',
        instrumentId: state.instrumentId,
        price: Price.parse(String(trade['price'])),
        quantity: Quantity.parse(String(trade['size'])),
        aggressor: trade['side'] === 'SELL' ? 'sell' : 'buy',
        tradeId: String(trade['trade_id']),
        occurredAt: parseTime(trade['time'], now),
        recordedAt: now,
      });
    }
  }

  private onTickers(event: Record<string, unknown>): void {
    for (const ticker of (event['tickers'] ?? []) as Record<string, string>[]) {
      const state = this.books.get(String(ticker['product_id']));
      if (state === undefined || !ticker['best_bid'] || !ticker['best_ask']) continue;
      const now = this.options.clock.now();
      this.emit({
        type: 'QuoteTick',
        instrumentId: state.instrumentId,
        bid: Price.parse(String(ticker['best_bid'])),
        ask: Price.parse(String(ticker['best_ask'])),
        ...(ticker['best_bid_quantity'] ? { bidSize: Quantity.parse(String(ticker['best_bid_quantity'])) } : {}),
        ...(ticker['best_ask_quantity'] ? { askSize: Quantity.parse(String(ticker['best_ask_quantity'])) } : {}),
        occurredAt: now,
        recordedAt: now,
      });
    }
  }

  /** Any skipped sequence number may have carried a level-2 update: every book is rebuilt from a new snapshot. */
  private onGap(expected: number, found: number): void {
    this.stats.gaps++;
    this.options.logger.warn({ expected, found }, 'coinbase sequence gap; resubscribing level2');
    const products = [...this.books.keys()];
    for (const state of this.books.values()) this.invalidate(state);
    if (products.length > 0) {
      this.stats.resyncs++;
      this.connection.resubscribe('level2', products);
    }
  }

  private invalidate(state: { book: L2Book; instrumentId: InstrumentId }): void {
    if (!state.book.valid) return;
    state.book.invalidate();
    const now = this.options.clock.now();
    this.emit(invalidBookUpdate(state.instrumentId, now, now));
  }

  private emit(event: MarketDataEvent): void {
    for (const handler of this.handlers) handler(event);
  }
}

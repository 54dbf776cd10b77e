import type { Clock } from '../../core/clock';
import type { BookLevel, MarketDataEvent, OrderBookUpdate } from '../../core/events';
import type { InstrumentId } from '../../core/identifiers';
import { Price } from '../../core/money/price';
import { Quantity } from '../../core/money/quantity';
import type { Unsubscribe } from '../../core/ports/venue';
import type { Logger } from '../../shared/logger';
import { parseTime } from './parse/reports';
import type { ProductMap } from './symbols';
import { L2Book, type L2Update } from './ws/book';
import { CoinbaseConnection, type CoinbaseMessage } from './ws/connection';
import { fastDecimal } from './ws/l2-scan';

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

const toLevel = (update: L2Update): BookLevel => ({ price: fastDecimal(update.price_level) as Price, quantity: fastDecimal(update.new_quantity) as Quantity });

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
    const updates = (event['updates'] ?? []) as L2Update[];
    const now = this.options.clock.now();
    const occurredAt = parseTime(message.timestamp, now);
    if (event['type'] === 'snapshot') {
      state.book.applySnapshot(updates);
      const levels = state.book.levels();
      this.emit({ type: 'OrderBookUpdate', instrumentId: state.instrumentId, kind: 'snapshot', bids: levels.bids, asks: levels.asks, valid: true, sequence: message.sequence_num, occurredAt, recordedAt: now });
      return;
    }
    if (!state.book.valid) return;
    state.book.apply(updates);
    const bids: BookLevel[] = [];
    const asks: BookLevel[] = [];
    for (const update of updates) (update.side === 'bid' ? bids : asks).push(toLevel(update));
    this.emit({ type: 'OrderBookUpdate', instrumentId: state.instrumentId, kind: 'delta', bids, asks, valid: true, sequence: message.sequence_num, occurredAt, recordedAt: now });
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
    const update: OrderBookUpdate = { type: 'OrderBookUpdate', instrumentId: state.instrumentId, kind: 'snapshot', bids: [], asks: [], valid: false, occurredAt: now, recordedAt: now };
    this.emit(update);
  }

  private emit(event: MarketDataEvent): void {
    for (const handler of this.handlers) handler(event);
  }
}

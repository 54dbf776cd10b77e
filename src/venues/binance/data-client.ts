import WebSocket from 'ws';
import type { Clock } from '../../core/clock';
import { invalidBookUpdate, scaledBookUpdate } from '../../core/book/scaled-levels';
import type { MarketDataEvent } from '../../core/events';
import type { InstrumentId } from '../../core/identifiers';
import { Price } from '../../core/money/price';
import { Quantity } from '../../core/money/quantity';
import type { Unsubscribe } from '../../core/ports/venue';
import type { Logger } from '../../shared/logger';
import type { BinanceRestApi } from './http/endpoints';
import type { SymbolMap } from './symbols';
import { frameText } from './ws/raw';
import { scanScaledDepthUpdate } from './ws/depth-scan';
import { DepthSynchronizer, type DepthDiff, type ScaledDepthDiff } from './ws/depth-sync';

export interface DataClientOptions {
  readonly streamUrl: string;
  readonly api: BinanceRestApi;
  readonly symbols: SymbolMap;
  readonly clock: Clock;
  readonly logger: Logger;
  /** Levels asked for in each snapshot (GET /api/v3/depth limit). */
  readonly snapshotLimit?: number;
  /** Called for every message the client cannot map (counted by the execution client). */
  readonly onUnrecognized?: (description: string, raw: string) => void;
  /** Reconnect this long after a connection opened, before Binance's 24-hour limit (default 23 h). */
  readonly maxConnectionAgeMs?: number;
}

interface BookState {
  readonly instrumentId: InstrumentId;
  readonly sync: DepthSynchronizer;
  snapshotInFlight: boolean;
  resyncs: number;
}

/**
 * Market data: diff-depth kept in sync with REST snapshots (ws/depth-sync.ts), trades and best bid/ask, on
 * one combined-stream connection. While a book resyncs the engine gets an invalid snapshot (valid=false).
 * Reconnects with backoff capped at 5 s; every reconnect resyncs every book.
 */
export class BinanceDataClient {
  private socket: WebSocket | undefined;
  private readonly books = new Map<string, BookState>();
  private readonly handlers = new Set<(event: MarketDataEvent) => void>();
  private closed = false;
  private attempt = 0;
  /** Proactive reconnects before the 24-hour limit, for tests and metrics. */
  rotations = 0;

  constructor(private readonly options: DataClientOptions) {}

  subscribe(instrumentIds: readonly InstrumentId[], handler: (event: MarketDataEvent) => void): Unsubscribe {
    this.handlers.add(handler);
    for (const id of instrumentIds) {
      const symbol = this.options.symbols.symbol(id);
      if (!this.books.has(symbol)) this.books.set(symbol, { instrumentId: id, sync: new DepthSynchronizer(), snapshotInFlight: false, resyncs: 0 });
    }
    this.closed = false;
    this.reconnect(0);
    return () => {
      this.handlers.delete(handler);
      if (this.handlers.size === 0) this.close();
    };
  }

  close(): void {
    this.closed = true;
    this.socket?.terminate();
    this.socket = undefined;
  }

  /** The local book of a symbol, for tests and the engine's views. */
  book(instrumentId: InstrumentId): DepthSynchronizer | undefined {
    return this.books.get(this.options.symbols.symbol(instrumentId))?.sync;
  }

  resyncCount(instrumentId: InstrumentId): number {
    return this.books.get(this.options.symbols.symbol(instrumentId))?.resyncs ?? 0;
  }

  private reconnect(delayMs: number): void {
    this.socket?.terminate();
    this.socket = undefined;
    this.options.clock.setTimeout(delayMs, () => {
      if (!this.closed) this.open();
    });
  }

  private open(): void {
    const streams = [...this.books.keys()].flatMap((symbol) => {
      const lower = symbol.toLowerCase();
      return [`${lower}@depth@100ms`, `${lower}@trade`, `${lower}@bookTicker`];
    });
    const socket = new WebSocket(`${this.options.streamUrl}/stream?streams=${streams.join('/')}`);
    this.socket = socket;
    for (const [symbol, book] of this.books) {
      book.sync.reset();
      this.emitInvalid(book, `connecting ${symbol}`);
    }
    socket.on('open', () => {
      this.attempt = 0;
      // web-socket-streams.md: a connection is only valid for 24 hours. Reconnect before, on our terms: the books
      // resync from fresh snapshots exactly as after a drop.
      this.options.clock.setTimeout(this.options.maxConnectionAgeMs ?? 23 * 60 * 60_000, () => {
        if (this.socket !== socket || this.closed) return;
        this.rotations++;
        this.reconnect(0);
      });
    });
    socket.on('message', (data: WebSocket.RawData) => this.onMessage(frameText(data)));
    socket.on('error', (error) => this.options.logger.warn({ err: error }, 'binance market stream error'));
    socket.on('close', () => {
      if (this.socket !== socket || this.closed) return;
      // Backoff 0.25 s, 0.5 s, 1 s ... capped at 5 s.
      const delay = Math.min(5_000, 250 * 2 ** this.attempt++);
      this.reconnect(delay);
    });
  }

  /** One combined-stream message: `{"stream": "...", "data": {...}}`. */
  onMessage(text: string): void {
    // Depth updates are most of the traffic: the shape-specific scan (straight to scaled integers) first, the
    // generic parse for the rest.
    const depth = scanScaledDepthUpdate(text);
    if (depth !== undefined) {
      this.onDepth(depth);
      return;
    }
    let message: { stream?: string; data?: Record<string, unknown> };
    try {
      message = JSON.parse(text) as typeof message;
    } catch {
      this.options.onUnrecognized?.('market stream message is not JSON', text);
      return;
    }
    const data = message.data;
    if (data === undefined) return; // subscription answers
    const event = typeof data.e === 'string' ? data.e : message.stream?.endsWith('@bookTicker') === true ? 'bookTicker' : undefined;
    switch (event) {
      case 'depthUpdate':
        this.onDepth(data as unknown as DepthDiff);
        return;
      case 'trade':
        this.onTrade(data);
        return;
      case 'bookTicker':
        this.onBookTicker(data);
        return;
      default:
        this.options.onUnrecognized?.(`market stream event ${String(event)}`, text);
    }
  }

  onDepth(diff: DepthDiff | ScaledDepthDiff): void {
    const book = this.books.get(diff.s);
    if (book === undefined) return;
    const outcome = book.sync.onDiff(diff);
    switch (outcome.kind) {
      case 'buffered':
        this.requestSnapshot(diff.s, book);
        return;
      case 'ignored':
        return;
      case 'applied':
        // The event's levels are the diff's own scaled integers; Decimals are made only if a consumer reads them.
        this.emit(scaledBookUpdate(book.instrumentId, 'delta', diff.u, diff.E, this.options.clock.now(), outcome.bids, outcome.asks));
        return;
      case 'unrepresentable':
        this.unrepresentable(diff.s, book);
        return;
      case 'gap':
        book.resyncs++;
        this.options.logger.warn({ symbol: diff.s, expected: outcome.expected, found: outcome.found }, 'binance depth gap; resyncing');
        this.emitInvalid(book, 'gap');
        this.requestSnapshot(diff.s, book);
        return;
    }
  }

  private requestSnapshot(symbol: string, book: BookState): void {
    if (book.snapshotInFlight) return;
    book.snapshotInFlight = true;
    void this.options.api
      .depth(symbol, this.options.snapshotLimit ?? 1000)
      .then((snapshot) => {
        book.snapshotInFlight = false;
        const outcome = book.sync.applySnapshot(snapshot);
        if (outcome.kind === 'stale') {
          this.requestSnapshot(symbol, book);
          return;
        }
        if (outcome.kind === 'unrepresentable') {
          this.unrepresentable(symbol, book);
          return;
        }
        const now = this.options.clock.now();
        this.emit(scaledBookUpdate(book.instrumentId, 'snapshot', book.sync.lastUpdateId, now, now, book.sync.scaledLevels(true), book.sync.scaledLevels(false)));
      })
      .catch((error: unknown) => {
        book.snapshotInFlight = false;
        this.options.logger.warn({ err: error, symbol }, 'binance depth snapshot failed; retrying on the next event');
      });
  }

  private emitInvalid(book: BookState, _reason: string): void {
    const now = this.options.clock.now();
    this.emit(invalidBookUpdate(book.instrumentId, now, now));
  }

  /**
   * A level the integer book cannot hold exactly: reported (never rounded), the book stays invalid. No snapshot
   * is asked for at once, since it would carry the same value; the next diff asks, as while connecting.
   */
  private unrepresentable(symbol: string, book: BookState): void {
    book.resyncs++;
    this.options.logger.warn({ symbol }, 'binance depth level not representable exactly; book discarded');
    this.options.onUnrecognized?.(`depth level of ${symbol} not representable exactly`, symbol);
    this.emitInvalid(book, 'unrepresentable');
  }

  private onTrade(data: Record<string, unknown>): void {
    const book = this.books.get(String(data.s));
    if (book === undefined) return;
    this.emit({
      type: 'TradeTick',
      instrumentId: book.instrumentId,
      price: Price.parse(String(data.p)),
      quantity: Quantity.parse(String(data.q)),
      // m: the buyer is the maker, so the seller was the aggressor.
      aggressor: data.m === true ? 'sell' : 'buy',
      tradeId: String(data.t),
      occurredAt: Number(data.T),
      recordedAt: this.options.clock.now(),
    });
  }

  private onBookTicker(data: Record<string, unknown>): void {
    const book = this.books.get(String(data.s));
    if (book === undefined) return;
    const now = this.options.clock.now();
    this.emit({
      type: 'QuoteTick',
      instrumentId: book.instrumentId,
      bid: Price.parse(String(data.b)),
      bidSize: Quantity.parse(String(data.B)),
      ask: Price.parse(String(data.a)),
      askSize: Quantity.parse(String(data.A)),
      occurredAt: now,
      recordedAt: now,
    });
  }

  private emit(event: MarketDataEvent): void {
    for (const handler of this.handlers) handler(event);
  }
}

import { Decimal, type BookLevel, type MarketDataEvent } from '../../core';
import { fmt } from './wire-format';

export type StreamListener = (stream: string, data: Record<string, unknown>) => void;

interface PublishedBook {
  readonly bids: Map<string, string>;
  readonly asks: Map<string, string>;
  lastUpdateId: number;
  /** Diff events still to withhold (gap injection). */
  skip: number;
}

/**
 * The public market streams as Binance publishes them: diff depth with U/u (each changed level takes one
 * update id), trades and best bid/ask, and GET /api/v3/depth snapshots consistent with the same ids.
 */
export class DepthFeed {
  private readonly books = new Map<string, PublishedBook>();
  private readonly listeners = new Set<StreamListener>();
  private tradeId = 1;

  constructor(
    private readonly symbolOf: (instrumentId: string) => string | undefined,
    /** The trade id the public tape gave the trade (per symbol); a counter of its own when absent. */
    private readonly tradeIdOf?: (symbol: string) => number,
  ) {}

  onStream(listener: StreamListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Withholds the next `count` diff events of a symbol: a gap the client must detect. */
  injectGap(symbol: string, count = 1): void {
    this.book(symbol).skip += count;
  }

  snapshot(symbol: string, limit: number): { lastUpdateId: number; bids: [string, string][]; asks: [string, string][] } {
    const book = this.book(symbol);
    const sorted = (side: Map<string, string>, descending: boolean): [string, string][] =>
      [...side.entries()]
        .sort((x, y) => (descending ? compare(y[0], x[0]) : compare(x[0], y[0])))
        .slice(0, limit);
    return { lastUpdateId: book.lastUpdateId, bids: sorted(book.bids, true), asks: sorted(book.asks, false) };
  }

  onMarketData(event: MarketDataEvent): void {
    const symbol = this.symbolOf(event.instrumentId);
    if (symbol === undefined) return;
    const lower = symbol.toLowerCase();
    switch (event.type) {
      case 'OrderBookUpdate': {
        const book = this.book(symbol);
        const b = diffSide(book.bids, event.bids, event.kind === 'snapshot');
        const a = diffSide(book.asks, event.asks, event.kind === 'snapshot');
        const changes = b.length + a.length;
        if (changes === 0) return;
        const first = book.lastUpdateId + 1;
        book.lastUpdateId += changes;
        if (book.skip > 0) {
          book.skip--;
          return;
        }
        this.emit(`${lower}@depth@100ms`, { e: 'depthUpdate', E: event.occurredAt, s: symbol, U: first, u: book.lastUpdateId, b, a });
        const bestBid = this.snapshot(symbol, 1).bids[0];
        const bestAsk = this.snapshot(symbol, 1).asks[0];
        if (bestBid !== undefined && bestAsk !== undefined) {
          this.emit(`${lower}@bookTicker`, { u: book.lastUpdateId, s: symbol, b: bestBid[0], B: bestBid[1], a: bestAsk[0], A: bestAsk[1] });
        }
        return;
      }
      case 'TradeTick':
        this.emit(`${lower}@trade`, {
          e: 'trade',
          E: event.occurredAt,
          s: symbol,
          t: this.tradeIdOf?.(symbol) ?? this.tradeId++,
          p: fmt(event.price),
          q: fmt(event.quantity),
          T: event.occurredAt,
          m: event.aggressor === 'sell',
          M: true,
        });
        return;
      case 'QuoteTick':
        return;
    }
  }

  private book(symbol: string): PublishedBook {
    let book = this.books.get(symbol);
    if (book === undefined) {
      book = { bids: new Map(), asks: new Map(), lastUpdateId: 1000, skip: 0 };
      this.books.set(symbol, book);
    }
    return book;
  }

  private emit(stream: string, data: Record<string, unknown>): void {
    for (const listener of this.listeners) listener(stream, data);
  }
}

function compare(x: string, y: string): number {
  return Decimal.parse(x).compare(Decimal.parse(y));
}

/** Applies levels to a published side and returns the changed levels as wire pairs (quantity 0 removes). */
function diffSide(side: Map<string, string>, levels: readonly BookLevel[], replace: boolean): [string, string][] {
  const next = new Map<string, string>();
  for (const level of levels) next.set(fmt(level.price), fmt(level.quantity));
  const changes: [string, string][] = [];
  if (replace) {
    for (const price of side.keys()) if (!next.has(price)) changes.push([price, '0.00000000']);
  }
  for (const [price, quantity] of next) {
    if (side.get(price) !== quantity) changes.push([price, quantity]);
  }
  for (const [price, quantity] of changes) {
    if (quantity === '0.00000000') side.delete(price);
    else side.set(price, quantity);
  }
  return changes;
}

import type { InstrumentId, MarketDataEvent, TradeTick } from '../../core';
import type { MatchingEngine } from '../matching';
import { rfc3339 } from './wire-format';

export interface L2Update {
  readonly side: 'bid' | 'offer';
  readonly event_time: string;
  readonly price_level: string;
  readonly new_quantity: string;
}

export type FeedEvent =
  | { readonly kind: 'level2'; readonly productId: string; readonly updates: readonly L2Update[] }
  | { readonly kind: 'trade'; readonly productId: string; readonly trade: Record<string, unknown> }
  | { readonly kind: 'ticker'; readonly productId: string; readonly ticker: Record<string, unknown> };

const DEPTH = 50;

type Side = Map<string, string>;

/**
 * The public feeds built once from the engine's book and trades: level-2 changes as Coinbase sends them
 * (`new_quantity` "0" removes a level), trades and tickers. Connections subscribe and get the same events.
 */
export class MarketFeeds {
  private readonly books = new Map<string, { bids: Side; asks: Side }>();
  private readonly lastTrade = new Map<string, string>();
  private readonly listeners = new Set<(event: FeedEvent) => void>();

  constructor(
    private readonly engine: MatchingEngine,
    private readonly productOf: (instrumentId: InstrumentId) => string | undefined,
    private readonly now: () => number,
  ) {
    engine.onMarketData((event) => this.onMarketData(event));
  }

  onEvent(listener: (event: FeedEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** The current book as a level-2 snapshot's updates. */
  snapshot(productId: string): L2Update[] {
    const book = this.books.get(productId);
    if (book === undefined) return [];
    const time = rfc3339(this.now());
    return [
      ...[...book.bids].map(([price, size]) => ({ side: 'bid' as const, event_time: time, price_level: price, new_quantity: size })),
      ...[...book.asks].map(([price, size]) => ({ side: 'offer' as const, event_time: time, price_level: price, new_quantity: size })),
    ];
  }

  /** The book the feed has published, best first: what a correct client's book must equal. */
  publishedBook(productId: string): { bids: [string, string][]; asks: [string, string][] } {
    const book = this.books.get(productId);
    return { bids: [...(book?.bids ?? [])], asks: [...(book?.asks ?? [])] };
  }

  ticker(productId: string, instrumentId: InstrumentId): Record<string, unknown> {
    const levels = this.engine.book(instrumentId)?.levels(1);
    const bid = levels?.bids[0];
    const ask = levels?.asks[0];
    return {
      type: 'ticker',
      product_id: productId,
      price: this.lastTrade.get(productId) ?? bid?.price.toString() ?? '',
      volume_24_h: '0',
      low_24_h: '',
      high_24_h: '',
      low_52_w: '',
      high_52_w: '',
      price_percent_chg_24_h: '0',
      best_bid: bid?.price.toString() ?? '',
      best_bid_quantity: bid?.quantity.toString() ?? '',
      best_ask: ask?.price.toString() ?? '',
      best_ask_quantity: ask?.quantity.toString() ?? '',
    };
  }

  private emit(event: FeedEvent): void {
    for (const listener of this.listeners) listener(event);
  }

  private onMarketData(event: MarketDataEvent): void {
    const productId = this.productOf(event.instrumentId);
    if (productId === undefined) return;
    if (event.type === 'TradeTick') {
      this.onTrade(productId, event);
      return;
    }
    const levels = this.engine.book(event.instrumentId)?.levels(DEPTH);
    if (levels === undefined) return;
    const next = {
      bids: new Map(levels.bids.map((l) => [l.price.toString(), l.quantity.toString()])),
      asks: new Map(levels.asks.map((l) => [l.price.toString(), l.quantity.toString()])),
    };
    const previous = this.books.get(productId) ?? { bids: new Map<string, string>(), asks: new Map<string, string>() };
    this.books.set(productId, next);
    const time = rfc3339(this.now());
    const updates: L2Update[] = [];
    for (const [side, before, after] of [['bid', previous.bids, next.bids], ['offer', previous.asks, next.asks]] as const) {
      for (const [price, size] of after) if (before.get(price) !== size) updates.push({ side, event_time: time, price_level: price, new_quantity: size });
      for (const price of before.keys()) if (!after.has(price)) updates.push({ side, event_time: time, price_level: price, new_quantity: '0' });
    }
    if (updates.length > 0) this.emit({ kind: 'level2', productId, updates });
    this.emit({ kind: 'ticker', productId, ticker: this.ticker(productId, event.instrumentId) });
  }

  private onTrade(productId: string, trade: TradeTick): void {
    this.lastTrade.set(productId, trade.price.toString());
    this.emit({
      kind: 'trade',
      productId,
      trade: {
        trade_id: trade.tradeId ?? '',
        product_id: productId,
        price: trade.price.toString(),
        size: trade.quantity.toString(),
        side: trade.aggressor === 'sell' ? 'SELL' : 'BUY',
        time: rfc3339(trade.occurredAt),
      },
    });
  }
}

import type { MarketDataEvent } from '../../core';
import { bookChecksum, type WireLevel } from './checksum';

/** A public push: `{arg, action?, data}` as OKX sends it on /ws/v5/public. */
export interface PublicPush {
  readonly arg: { readonly channel: string; readonly instId: string };
  readonly action?: 'snapshot' | 'update';
  readonly data: readonly Record<string, unknown>[];
}

export type FeedListener = (push: PublicPush) => void;

interface PublishedBook {
  bids: WireLevel[];
  asks: WireLevel[];
  seqId: number;
  ts: number;
  /** Faults armed by tests: updates still to withhold (a sequence gap) and checksums still to corrupt. */
  gaps: number;
  corruptions: number;
  last?: { px: string; sz: string };
}

const level = (l: WireLevel): string[] => [l[0], l[1], '0', '1'];

/**
 * The public market data of the simulator: `books` (snapshot then updates with seqId/prevSeqId and CRC32
 * checksums), `books5`, `bbo-tbt`, `trades` and `tickers`, built from the market data the matching engine
 * applies. Every update advances seqId; an update that changes nothing is sent with seqId == prevSeqId.
 */
export class PublicFeed {
  private readonly books = new Map<string, PublishedBook>();
  private readonly listeners = new Set<FeedListener>();
  private tradeId = 100_000;
  /** The latest public trades per instrument, newest last (GET /api/v5/market/trades). */
  private readonly trades = new Map<string, Record<string, string>[]>();

  constructor(
    private readonly instIdOf: (instrumentId: string) => string | undefined,
    private readonly now: () => number,
  ) {}

  onPush(listener: FeedListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Withholds the next `count` book updates of an instrument: the client sees prevSeqId skip. */
  injectGap(instId: string, count = 1): void {
    this.book(instId).gaps += count;
  }

  /** Sends the next `count` book updates of an instrument with a wrong checksum. */
  corruptChecksum(instId: string, count = 1): void {
    this.book(instId).corruptions += count;
  }

  /** The `books` snapshot a new subscriber gets first (prevSeqId -1), also GET /api/v5/market/books. */
  snapshot(instId: string, depth = 400): Record<string, unknown> {
    const book = this.book(instId);
    const bids = book.bids.slice(0, depth);
    const asks = book.asks.slice(0, depth);
    return { asks: asks.map(level), bids: bids.map(level), ts: String(book.ts), checksum: bookChecksum(book.bids, book.asks), prevSeqId: -1, seqId: book.seqId };
  }

  recentTrades(instId: string, limit: number): Record<string, string>[] {
    return (this.trades.get(instId) ?? []).slice(-limit).reverse();
  }

  ticker(instId: string): Record<string, string> {
    const book = this.book(instId);
    const bid = book.bids[0];
    const ask = book.asks[0];
    const last = book.last?.px ?? bid?.[0] ?? '';
    return {
      instType: 'SPOT', instId, last, lastSz: book.last?.sz ?? '0',
      askPx: ask?.[0] ?? '', askSz: ask?.[1] ?? '', bidPx: bid?.[0] ?? '', bidSz: bid?.[1] ?? '',
      open24h: last, high24h: last, low24h: last, volCcy24h: '0', vol24h: '0', sodUtc0: last, sodUtc8: last, ts: String(book.ts),
    };
  }

  onMarketData(event: MarketDataEvent): void {
    const instId = this.instIdOf(event.instrumentId);
    if (instId === undefined) return;
    if (event.type === 'TradeTick') {
      const px = event.price.normalize().toString();
      const sz = event.quantity.normalize().toString();
      this.book(instId).last = { px, sz };
      const data = { instId, tradeId: String(this.tradeId++), px, sz, side: event.aggressor ?? 'buy', ts: String(event.occurredAt), count: '1' };
      const recent = this.trades.get(instId) ?? [];
      recent.push(data);
      if (recent.length > 500) recent.splice(0, recent.length - 500);
      this.trades.set(instId, recent);
      this.emit({ arg: { channel: 'trades', instId }, data: [data] });
      return;
    }
    if (event.type !== 'OrderBookUpdate' || event.kind !== 'snapshot') return;
    const book = this.book(instId);
    const bids: WireLevel[] = event.bids.map((l) => [l.price.normalize().toString(), l.quantity.normalize().toString()]);
    const asks: WireLevel[] = event.asks.map((l) => [l.price.normalize().toString(), l.quantity.normalize().toString()]);
    const bidChanges = diff(book.bids, bids);
    const askChanges = diff(book.asks, asks);
    const prevSeqId = book.seqId;
    const changed = bidChanges.length + askChanges.length > 0;
    if (changed) book.seqId += 1 + bidChanges.length + askChanges.length;
    book.bids = bids;
    book.asks = asks;
    book.ts = event.occurredAt;
    const ts = String(event.occurredAt);
    if (book.gaps > 0 && changed) {
      book.gaps--;
    } else {
      let checksum = bookChecksum(bids, asks);
      if (book.corruptions > 0 && changed) {
        book.corruptions--;
        checksum = checksum ^ 0x5a5a5a5a;
      }
      this.emit({
        arg: { channel: 'books', instId },
        action: 'update',
        data: [{ asks: askChanges.map(level), bids: bidChanges.map(level), ts, checksum, prevSeqId, seqId: book.seqId }],
      });
    }
    if (!changed) return;
    this.emit({ arg: { channel: 'books5', instId }, data: [{ asks: asks.slice(0, 5).map(level), bids: bids.slice(0, 5).map(level), instId, ts, seqId: book.seqId }] });
    this.emit({ arg: { channel: 'bbo-tbt', instId }, data: [{ asks: asks.slice(0, 1).map(level), bids: bids.slice(0, 1).map(level), ts, seqId: book.seqId }] });
    this.emit({ arg: { channel: 'tickers', instId }, data: [this.ticker(instId)] });
  }

  private book(instId: string): PublishedBook {
    let book = this.books.get(instId);
    if (book === undefined) {
      book = { bids: [], asks: [], seqId: 1_000, ts: this.now(), gaps: 0, corruptions: 0 };
      this.books.set(instId, book);
    }
    return book;
  }

  private emit(push: PublicPush): void {
    for (const listener of this.listeners) listener(push);
  }
}

/** The changed levels from `before` to `after` (size "0" deletes a level), as an update carries them. */
function diff(before: readonly WireLevel[], after: readonly WireLevel[]): WireLevel[] {
  const old = new Map(before.map(([px, sz]) => [px, sz]));
  const changes: WireLevel[] = [];
  const seen = new Set<string>();
  for (const [px, sz] of after) {
    seen.add(px);
    if (old.get(px) !== sz) changes.push([px, sz]);
  }
  for (const [px] of before) if (!seen.has(px)) changes.push([px, '0']);
  return changes;
}

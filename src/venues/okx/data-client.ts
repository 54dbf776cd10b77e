import type { Clock } from '../../core/clock';
import type { BookLevel, MarketDataEvent } from '../../core/events';
import type { InstrumentId } from '../../core/identifiers';
import { Price } from '../../core/money/price';
import { Quantity } from '../../core/money/quantity';
import type { Unsubscribe } from '../../core/ports/venue';
import type { Logger } from '../../shared/logger';
import { wirePrice, wireQuantity } from './parse/wire-decimal';
import type { SymbolMap } from './symbols';
import { BookSync, type Level, type SyncVerdict } from './ws/book-sync';
import { OkxConnection } from './ws/connection';

export interface DataClientOptions {
  readonly url: string;
  readonly symbols: SymbolMap;
  readonly clock: Clock;
  readonly logger: Logger;
  /** `books` (400 levels, checksummed; default) or `books5`. */
  readonly channel?: 'books' | 'books5';
  readonly idleMs?: number;
  readonly onUnrecognized?: (description: string, raw: string) => void;
}

interface BookMessage {
  readonly arg?: { readonly channel?: string; readonly instId?: string };
  readonly action?: string;
  readonly event?: string;
  readonly code?: string;
  readonly msg?: string;
  readonly data?: readonly { asks: Level[]; bids: Level[]; ts: string; checksum?: number; prevSeqId?: number; seqId?: number; px?: string; sz?: string; side?: string; tradeId?: string }[];
}

const toLevels = (levels: readonly Level[]): BookLevel[] => levels.map((l) => ({ price: wirePrice(l[0]), quantity: wireQuantity(l[1]) }));

/**
 * Public market data over /ws/v5/public: `books` kept exact by BookSync (sequence and CRC32 checks; a failure
 * invalidates the book and resubscribes the channel for a fresh snapshot), and trades. Reconnects resubscribe.
 */
export class OkxDataClient {
  private readonly connection: OkxConnection;
  private readonly books = new Map<string, BookSync>();
  /** Each handler with the instIds it asked for: it gets those only. */
  private readonly handlers = new Map<(event: MarketDataEvent) => void, Set<string>>();
  /** Resubscriptions after a failed check, by instId (tests, metrics). */
  readonly resyncs = new Map<string, number>();
  readonly failures: { instId: string; verdict: SyncVerdict }[] = [];

  constructor(private readonly options: DataClientOptions) {
    this.connection = new OkxConnection({
      url: options.url,
      clock: options.clock,
      logger: options.logger,
      ...(options.idleMs === undefined ? {} : { idleMs: options.idleMs }),
      onOpen: (send) => {
        for (const book of this.books.values()) book.invalidate();
        if (this.books.size > 0) send({ op: 'subscribe', args: this.args([...this.books.keys()]) });
      },
      onMessage: (text) => this.onMessage(text),
    });
  }

  private channel(): 'books' | 'books5' {
    return this.options.channel ?? 'books';
  }

  private args(instIds: readonly string[]): { channel: string; instId: string }[] {
    return instIds.flatMap((instId) => [{ channel: this.channel(), instId }, { channel: 'trades', instId }]);
  }

  subscribe(instrumentIds: readonly InstrumentId[], handler: (event: MarketDataEvent) => void): Unsubscribe {
    const wanted = this.handlers.get(handler) ?? new Set<string>();
    this.handlers.set(handler, wanted);
    const added: string[] = [];
    for (const id of instrumentIds) {
      const instId = this.options.symbols.instId(id);
      wanted.add(instId);
      if (!this.books.has(instId)) {
        this.books.set(instId, new BookSync());
        added.push(instId);
      }
    }
    if (this.connection.isOpen() && added.length > 0) this.connection.send({ op: 'subscribe', args: this.args(added) });
    this.connection.start();
    return () => {
      this.handlers.delete(handler);
      if (this.handlers.size === 0) this.close();
    };
  }

  close(): void {
    this.connection.stop();
    this.books.clear();
  }

  book(instrumentId: InstrumentId): BookSync | undefined {
    return this.books.get(this.options.symbols.instId(instrumentId));
  }

  get pings(): number {
    return this.connection.pings;
  }

  /** Parses and applies one public message (the hot path the benchmark measures). */
  onMessage(text: string): void {
    let message: BookMessage;
    try {
      message = JSON.parse(text) as BookMessage;
    } catch {
      this.options.onUnrecognized?.('okx public message is not JSON', text);
      return;
    }
    if (message.event !== undefined) {
      if (message.event === 'error') this.options.logger.warn({ code: message.code, msg: message.msg }, 'okx public channel error');
      return;
    }
    const channel = message.arg?.channel;
    const instId = message.arg?.instId;
    if (instId === undefined || message.data === undefined) return;
    if (channel === 'trades') {
      this.onTrades(instId, message);
      return;
    }
    if (channel !== 'books' && channel !== 'books5') {
      this.options.onUnrecognized?.(`okx public channel ${String(channel)}`, text);
      return;
    }
    const book = this.books.get(instId);
    const data = message.data[0];
    if (book === undefined || data === undefined) return;
    const instrumentId = this.options.symbols.instrumentId(instId);
    const ts = Number(data.ts);
    const now = this.options.clock.now();
    const snapshot = channel === 'books5' || message.action === 'snapshot';
    const verdict = snapshot
      ? book.snapshot(data.bids, data.asks, data.seqId ?? -1, data.checksum)
      : book.update(data.bids, data.asks, data.prevSeqId ?? -2, data.seqId ?? -1, data.checksum);
    if (verdict === 'idle') return;
    if (verdict === 'no-snapshot') {
      // Updates without a snapshot: the subscription's snapshot was lost (a silent socket); ask again, at most every 2 s.
      const last = this.lastResubscribe.get(instId) ?? 0;
      if (now - last >= 2_000) {
        this.lastResubscribe.set(instId, now);
        this.resubscribe(instId);
      }
      return;
    }
    if (verdict !== 'ok') {
      this.resync(instId, verdict);
      this.emit(instId, { type: 'OrderBookUpdate', instrumentId, kind: 'snapshot', bids: [], asks: [], valid: false, occurredAt: ts, recordedAt: now });
      return;
    }
    this.emit(instId, {
      type: 'OrderBookUpdate',
      instrumentId,
      kind: snapshot ? 'snapshot' : 'delta',
      bids: toLevels(data.bids),
      asks: toLevels(data.asks),
      valid: true,
      ...(data.seqId === undefined ? {} : { sequence: data.seqId }),
      occurredAt: ts,
      recordedAt: now,
    });
    this.emitTop(instId, instrumentId, book, ts, now);
  }

  /** The top of the synced book as a QuoteTick when it changed: what marks positions and prices risk. */
  private emitTop(instId: string, instrumentId: InstrumentId, book: BookSync, ts: number, now: number): void {
    const bid = book.bids[0];
    const ask = book.asks[0];
    if (bid === undefined || ask === undefined) return;
    const top = `${bid[0]}:${bid[1]}:${ask[0]}:${ask[1]}`;
    if (this.tops.get(instId) === top) return;
    this.tops.set(instId, top);
    this.emit(instId, {
      type: 'QuoteTick',
      instrumentId,
      bid: wirePrice(bid[0]),
      ask: wirePrice(ask[0]),
      bidSize: wireQuantity(bid[1]),
      askSize: wireQuantity(ask[1]),
      occurredAt: ts,
      recordedAt: now,
    });
  }

  private readonly tops = new Map<string, string>();

  /** A failed check: the book stays invalid until the fresh snapshot a resubscription brings. */
  private resync(instId: string, verdict: SyncVerdict): void {
    this.failures.push({ instId, verdict });
    this.resyncs.set(instId, (this.resyncs.get(instId) ?? 0) + 1);
    this.options.logger.warn({ instId, verdict }, 'okx book check failed; resubscribing');
    this.lastResubscribe.set(instId, this.options.clock.now());
    this.resubscribe(instId);
  }

  private readonly lastResubscribe = new Map<string, number>();

  private resubscribe(instId: string): void {
    const arg = [{ channel: this.channel(), instId }];
    this.connection.send({ op: 'unsubscribe', args: arg });
    this.connection.send({ op: 'subscribe', args: arg });
  }

  private onTrades(instId: string, message: BookMessage): void {
    const instrumentId = this.options.symbols.instrumentId(instId);
    const now = this.options.clock.now();
    for (const trade of message.data ?? []) {
      if (trade.px === undefined || trade.sz === undefined) continue;
      this.emit(instId, {
        type: 'TradeTick',
        instrumentId,
        price: Price.parse(trade.px),
        quantity: Quantity.parse(trade.sz),
        ...(trade.side === 'buy' || trade.side === 'sell' ? { aggressor: trade.side } : {}),
        ...(trade.tradeId === undefined ? {} : { tradeId: trade.tradeId }),
        occurredAt: Number(trade.ts),
        recordedAt: now,
      });
    }
  }

  private emit(instId: string, event: MarketDataEvent): void {
    for (const [handler, wanted] of this.handlers) if (wanted.has(instId)) handler(event);
  }
}

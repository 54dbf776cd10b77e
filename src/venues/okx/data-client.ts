import type { Clock } from '../../core/clock';
import { scaledToDecimal, type ScaledValue } from '../../core/book/scaled-number';
import { invalidBookUpdate, scaledBookUpdate, type ScaledLevels } from '../../core/book/scaled-levels';
import type { MarketDataEvent } from '../../core/events';
import type { InstrumentId } from '../../core/identifiers';
import { Price } from '../../core/money/price';
import { Quantity } from '../../core/money/quantity';
import type { Unsubscribe } from '../../core/ports/venue';
import type { Logger } from '../../shared/logger';
import type { SymbolMap } from './symbols';
import { scanBooks } from './ws/book-scan';
import { BookSync, scaleLevels, type Level, type SyncVerdict } from './ws/book-sync';
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

/** The fields of one book push the client reads, levels already scaled. */
interface BookFields {
  readonly bids: ScaledLevels;
  readonly asks: ScaledLevels;
  readonly ts: number;
  readonly checksum: number | undefined;
  readonly prevSeqId: number | undefined;
  readonly seqId: number | undefined;
}

/** Marks a side of a JSON.parse'd push whose values could not be read exactly. */
const UNREPRESENTABLE: ScaledLevels = [];

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
    // Book pushes are most of the traffic: the shape-specific scan (straight to scaled integers) first.
    const scanned = scanBooks(text);
    if (scanned !== undefined) {
      this.onBook(scanned.channel, scanned.instId, scanned.action, scanned);
      return;
    }
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
    const data = message.data[0];
    if (data === undefined) return;
    const bids = scaleLevels(data.bids);
    const asks = scaleLevels(data.asks);
    this.onBook(channel, instId, message.action, {
      bids: bids ?? UNREPRESENTABLE,
      asks: asks ?? UNREPRESENTABLE,
      ts: Number(data.ts),
      checksum: data.checksum,
      prevSeqId: data.prevSeqId,
      seqId: data.seqId,
    });
  }

  private onBook(channel: string, instId: string, action: string | undefined, data: BookFields): void {
    const book = this.books.get(instId);
    if (book === undefined) return;
    const instrumentId = this.instrumentIdOf(instId);
    const ts = data.ts;
    const now = this.options.clock.now();
    const snapshot = channel === 'books5' || action === 'snapshot';
    const verdict =
      data.bids === UNREPRESENTABLE || data.asks === UNREPRESENTABLE
        ? 'unrepresentable'
        : snapshot
          ? book.scaledSnapshot(data.bids, data.asks, data.seqId ?? -1, data.checksum)
          : book.scaledUpdate(data.bids, data.asks, data.prevSeqId ?? -2, data.seqId ?? -1, data.checksum);
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
      if (verdict === 'unrepresentable') this.options.onUnrecognized?.(`okx ${channel} level of ${instId} not representable exactly`, instId);
      this.resync(instId, verdict);
      this.emit(instId, invalidBookUpdate(instrumentId, ts, now));
      return;
    }
    // A delta's levels are the push's own scaled integers; a snapshot's are the synced book's. Decimals are
    // made only if a consumer reads them.
    this.emit(
      instId,
      snapshot
        ? scaledBookUpdate(instrumentId, 'snapshot', data.seqId, ts, now, book.book.scaledLevels(true), book.book.scaledLevels(false))
        : scaledBookUpdate(instrumentId, 'delta', data.seqId, ts, now, data.bids, data.asks),
    );
    this.emitTop(instId, instrumentId, book, ts, now);
  }

  /** The top of the synced book as a QuoteTick when it changed: what marks positions and prices risk. */
  private emitTop(instId: string, instrumentId: InstrumentId, sync: BookSync, ts: number, now: number): void {
    const book = sync.book;
    if (book.bids.length === 0 || book.asks.length === 0) return;
    // Compared as integers (mantissa and written digits of the four values): no Decimal unless the top moved.
    const top = this.tops.get(instId) ?? new Float64Array(8);
    this.tops.set(instId, top);
    book.written(book.bids, 0, this.bidTop);
    book.written(book.asks, 0, this.askTop);
    const values = [this.bidTop.price, this.bidTop.size, this.askTop.price, this.askTop.size];
    let same = true;
    for (let k = 0; k < 4; k++) {
      const v = values[k] as ScaledValue;
      if (top[2 * k] !== v.mantissa || top[2 * k + 1] !== v.digits) same = false;
      top[2 * k] = v.mantissa;
      top[2 * k + 1] = v.digits;
    }
    if (same) return;
    this.emit(instId, {
      type: 'QuoteTick',
      instrumentId,
      bid: scaledToDecimal(this.bidTop.price.mantissa, this.bidTop.price.digits) as Price,
      ask: scaledToDecimal(this.askTop.price.mantissa, this.askTop.price.digits) as Price,
      bidSize: scaledToDecimal(this.bidTop.size.mantissa, this.bidTop.size.digits) as Quantity,
      askSize: scaledToDecimal(this.askTop.size.mantissa, this.askTop.size.digits) as Quantity,
      occurredAt: ts,
      recordedAt: now,
    });
  }

  /** instId → InstrumentId, kept: the symbol map parses the id, too slow for every book push. */
  private instrumentIdOf(instId: string): InstrumentId {
    let id = this.instrumentIds.get(instId);
    if (id === undefined) {
      id = this.options.symbols.instrumentId(instId);
      this.instrumentIds.set(instId, id);
    }
    return id;
  }

  private readonly instrumentIds = new Map<string, InstrumentId>();
  private readonly tops = new Map<string, Float64Array>();
  private readonly bidTop = { price: { mantissa: 0, digits: 0 }, size: { mantissa: 0, digits: 0 } };
  private readonly askTop = { price: { mantissa: 0, digits: 0 }, size: { mantissa: 0, digits: 0 } };

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

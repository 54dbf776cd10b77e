import { readFileSync } from 'node:fs';
import { InstrumentId, Price, Quantity, TmtError, type BookLevel, type MarketDataEvent, type Timestamp } from '../../core';
import type { PriceSource } from './types';

export interface ReplaySourceOptions {
  /** A JSON-lines file (one `formatRecordedLine` per line) or a CSV file (see `parseCsvLine`). */
  readonly path: string;
  readonly format: 'jsonl' | 'csv';
  /** 1 = recorded speed; 10 = ten times faster; Infinity = everything at `startAt`. Default 1. */
  readonly speed?: number;
  /** Clock time the first recorded event maps to; default: its own recorded time. */
  readonly startAt?: Timestamp;
  /** A state from `PriceSource.save()` to resume mid-file. */
  readonly state?: unknown;
}

type Pair = readonly [string, string];
/** The recorded form: plain JSON, decimals as strings exactly as the venue sent them, times in epoch ms. */
type RecordedLine =
  | { readonly type: 'quote'; readonly instrument: string; readonly at: number; readonly bid: string; readonly ask: string; readonly bidSize?: string; readonly askSize?: string }
  | { readonly type: 'trade'; readonly instrument: string; readonly at: number; readonly price: string; readonly quantity: string; readonly aggressor?: 'buy' | 'sell'; readonly tradeId?: string }
  | { readonly type: 'book'; readonly instrument: string; readonly at: number; readonly kind: 'snapshot' | 'delta'; readonly bids: readonly Pair[]; readonly asks: readonly Pair[] };

/** One market data event as a JSON line with exact decimal strings. */
export function formatRecordedLine(event: MarketDataEvent): string {
  const pairs = (levels: readonly BookLevel[]): Pair[] => levels.map((l) => [l.price.toString(), l.quantity.toString()]);
  let line: RecordedLine;
  switch (event.type) {
    case 'QuoteTick':
      line = { type: 'quote', instrument: event.instrumentId, at: event.occurredAt, bid: event.bid.toString(), ask: event.ask.toString(), ...(event.bidSize === undefined ? {} : { bidSize: event.bidSize.toString() }), ...(event.askSize === undefined ? {} : { askSize: event.askSize.toString() }) };
      break;
    case 'TradeTick':
      line = { type: 'trade', instrument: event.instrumentId, at: event.occurredAt, price: event.price.toString(), quantity: event.quantity.toString(), ...(event.aggressor === undefined ? {} : { aggressor: event.aggressor }), ...(event.tradeId === undefined ? {} : { tradeId: event.tradeId }) };
      break;
    case 'OrderBookUpdate':
      line = { type: 'book', instrument: event.instrumentId, at: event.occurredAt, kind: event.kind, bids: pairs(event.bids), asks: pairs(event.asks) };
      break;
  }
  return JSON.stringify(line);
}

/** Parses one JSON line; `at` overrides the recorded time (replay speed). Errors name the line's field. */
export function parseRecordedLine(text: string, at?: Timestamp): MarketDataEvent {
  let line: RecordedLine;
  try {
    line = JSON.parse(text) as RecordedLine;
  } catch (cause) {
    throw new TmtError('CONFIG_INVALID', `a recorded line must be JSON, found ${JSON.stringify(text.slice(0, 80))}`, { cause, field: 'line' });
  }
  if (typeof line.at !== 'number' || !Number.isFinite(line.at)) throw new TmtError('CONFIG_INVALID', `a recorded line needs a numeric "at", found ${JSON.stringify(text.slice(0, 80))}`, { field: 'at' });
  const time = at ?? line.at;
  const instrumentId = InstrumentId.parse(line.instrument);
  const levels = (pairs: readonly Pair[]): BookLevel[] => pairs.map(([p, q]) => ({ price: Price.parse(p), quantity: Quantity.parse(q) }));
  switch (line.type) {
    case 'quote':
      return {
        type: 'QuoteTick', instrumentId, bid: Price.parse(line.bid), ask: Price.parse(line.ask),
        ...(line.bidSize === undefined ? {} : { bidSize: Quantity.parse(line.bidSize) }),
        ...(line.askSize === undefined ? {} : { askSize: Quantity.parse(line.askSize) }),
        occurredAt: time, recordedAt: time,
      };
    case 'trade':
      return {
        type: 'TradeTick', instrumentId, price: Price.parse(line.price), quantity: Quantity.parse(line.quantity),
        ...(line.aggressor === undefined ? {} : { aggressor: line.aggressor }),
        ...(line.tradeId === undefined ? {} : { tradeId: line.tradeId }),
        occurredAt: time, recordedAt: time,
      };
    case 'book':
      return { type: 'OrderBookUpdate', instrumentId, kind: line.kind, bids: levels(line.bids), asks: levels(line.asks), valid: true, occurredAt: time, recordedAt: time };
    default:
      throw new TmtError('CONFIG_INVALID', `a recorded line's type must be quote, trade or book, found ${JSON.stringify((line as { type: unknown }).type)}`, { field: 'type' });
  }
}

const CSV_HEADER = 'at,type,instrument,bid,ask,bid_size,ask_size,price,quantity,side';

/**
 * One CSV row, columns `at,type,instrument,bid,ask,bid_size,ask_size,price,quantity,side`:
 * `quote` rows use bid/ask (and sizes); `trade` rows price, quantity and side (the aggressor);
 * `bid`/`ask` rows are depth deltas at price (quantity 0 removes the level).
 */
function csvToJson(row: string): string {
  const [at, type, instrument, bid, ask, bidSize, askSize, price, quantity, side] = row.split(',').map((c) => c.trim());
  const time = Number(at);
  if (type === 'quote') return JSON.stringify({ type: 'quote', instrument, at: time, bid, ask, ...(bidSize ? { bidSize } : {}), ...(askSize ? { askSize } : {}) });
  if (type === 'trade') return JSON.stringify({ type: 'trade', instrument, at: time, price, quantity, ...(side === 'buy' || side === 'sell' ? { aggressor: side } : {}) });
  if (type === 'bid' || type === 'ask') {
    const level = [[price, quantity]];
    return JSON.stringify({ type: 'book', instrument, at: time, kind: 'delta', bids: type === 'bid' ? level : [], asks: type === 'ask' ? level : [] });
  }
  throw new TmtError('CONFIG_INVALID', `a CSV row's type must be quote, trade, bid or ask, found ${JSON.stringify(type)}`, { field: 'type' });
}

class ReplaySource implements PriceSource {
  readonly instrumentIds: readonly InstrumentId[];
  private readonly lines: string[];
  private readonly times: number[];
  private index = 0;
  private readonly speed: number;
  private readonly origin: number;
  private readonly startAt: number;

  constructor(options: ReplaySourceOptions) {
    const raw = readFileSync(options.path, 'utf8').split('\n').map((l) => l.trim()).filter((l) => l.length > 0);
    const rows = options.format === 'csv' ? raw.filter((l) => l !== CSV_HEADER && !l.startsWith('at,')).map(csvToJson) : raw;
    this.lines = rows;
    this.times = rows.map((l) => (JSON.parse(l) as { at: number }).at);
    this.instrumentIds = [...new Set(rows.map((l) => InstrumentId.parse((JSON.parse(l) as { instrument: string }).instrument)))];
    this.speed = options.speed ?? 1;
    if (!(this.speed > 0)) throw new TmtError('CONFIG_INVALID', `replay speed must be positive, found ${this.speed}`, { field: 'speed' });
    this.origin = this.times[0] ?? 0;
    this.startAt = options.startAt ?? this.origin;
    if (options.state !== undefined) this.index = (options.state as { index: number }).index;
  }

  private clockTime(index: number): Timestamp | undefined {
    const recorded = this.times[index];
    if (recorded === undefined) return undefined;
    if (this.speed === Infinity) return this.startAt;
    return this.startAt + Math.floor((recorded - this.origin) / this.speed);
  }

  peekTime(): Timestamp | undefined {
    return this.clockTime(this.index);
  }

  take(): MarketDataEvent | undefined {
    const at = this.clockTime(this.index);
    const line = this.lines[this.index];
    if (at === undefined || line === undefined) return undefined;
    this.index++;
    return parseRecordedLine(line, at);
  }

  save(): unknown {
    return { kind: 'replay', index: this.index };
  }
}

/** Replays recorded quotes, trades and depth at recorded or accelerated speed. */
export function createReplaySource(options: ReplaySourceOptions): PriceSource {
  return new ReplaySource(options);
}

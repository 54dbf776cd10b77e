import { Decimal } from '../../core';
import type { WireError } from './auth';
import type { DepthFeed } from './depth-feed';
import type { Answer } from './exchange';
import type { SimSymbol } from './symbols';
import type { TapeTrade, TradeTape } from './trade-tape';
import { fmt } from './wire-format';

/**
 * The public market-data endpoints of rest-api.md (market data endpoints section): ticker/price,
 * ticker/bookTicker, ticker/24hr, klines, trades and aggTrades, answered from the simulated tape and book.
 */
export class MarketDataEndpoints {
  constructor(
    private readonly symbols: ReadonlyMap<string, SimSymbol>,
    private readonly tape: TradeTape,
    private readonly depth: DepthFeed,
    private readonly now: () => number,
  ) {}

  /** GET /api/v3/ticker/price: the last trade's price; before any trade, the best bid (always on the tick). */
  price(params: Map<string, string>): Answer | WireError {
    return this.perSymbol(params, (symbol) => ({ symbol, price: fmt(this.lastPrice(symbol)) }));
  }

  /** GET /api/v3/ticker/bookTicker. */
  bookTicker(params: Map<string, string>): Answer | WireError {
    return this.perSymbol(params, (symbol) => {
      const { bids, asks } = this.depth.snapshot(symbol, 1);
      const [bidPrice, bidQty] = bids[0] ?? ['0.00000000', '0.00000000'];
      const [askPrice, askQty] = asks[0] ?? ['0.00000000', '0.00000000'];
      return { symbol, bidPrice, bidQty, askPrice, askQty };
    });
  }

  /** GET /api/v3/ticker/24hr, type FULL (the default) or MINI. */
  ticker24hr(params: Map<string, string>): Answer | WireError {
    const type = params.get('type') ?? 'FULL';
    if (type !== 'FULL' && type !== 'MINI') {
      return { status: 400, code: -1100, msg: "Illegal characters found in parameter 'type'; legal range is 'FULL, MINI'." };
    }
    return this.perSymbol(params, (symbol) => this.dayStatistics(symbol, type));
  }

  /** GET /api/v3/klines: [open time, open, high, low, close, volume, close time, quote volume, trades, taker buy base, taker buy quote, "0"]. */
  klines(params: Map<string, string>): Answer | WireError {
    const symbol = this.symbol(params);
    if (typeof symbol !== 'string') return symbol;
    const intervalText = params.get('interval');
    if (intervalText === undefined || intervalText === '') return mandatory('interval');
    const interval = KLINE_INTERVALS[intervalText];
    if (interval === undefined) return { status: 400, code: -1120, msg: 'Invalid interval.' };
    const limit = readLimit(params, 500, 1000);
    if (typeof limit !== 'number') return limit;
    const range = this.timeRange(params);
    if ('code' in range) return range;
    const buckets = new Map<number, TapeTrade[]>();
    for (const trade of this.tape.trades(symbol)) {
      if (trade.time < range.start || trade.time > range.end) continue;
      const open = interval.openOf(trade.time);
      const bucket = buckets.get(open);
      if (bucket === undefined) buckets.set(open, [trade]);
      else bucket.push(trade);
    }
    // Without startTime the newest candles are returned; with it, the oldest from there (rest-api.md).
    const opens = [...buckets.keys()].sort((a, b) => a - b);
    const chosen = params.has('startTime') ? opens.slice(0, limit) : opens.slice(-limit);
    const body = chosen.map((open) => {
      const trades = buckets.get(open) ?? [];
      const stats = summarize(trades);
      const takerBuys = trades.filter((t) => !t.isBuyerMaker);
      const takerStats = summarize(takerBuys);
      return [
        open,
        fmt(stats.open),
        fmt(stats.high),
        fmt(stats.low),
        fmt(stats.close),
        fmt(stats.volume),
        interval.closeOf(open),
        fmt(stats.quoteVolume),
        trades.length,
        fmt(takerStats.volume),
        fmt(takerStats.quoteVolume),
        '0',
      ];
    });
    return { status: 200, body };
  }

  /** GET /api/v3/trades: the newest `limit` trades, oldest first. */
  trades(params: Map<string, string>): Answer | WireError {
    const symbol = this.symbol(params);
    if (typeof symbol !== 'string') return symbol;
    const limit = readLimit(params, 500, 1000);
    if (typeof limit !== 'number') return limit;
    const body = this.tape
      .trades(symbol)
      .slice(-limit)
      .map((t) => ({
        id: t.id,
        price: fmt(t.price),
        qty: fmt(t.quantity),
        quoteQty: fmt(t.price.mul(t.quantity)),
        time: t.time,
        isBuyerMaker: t.isBuyerMaker,
        isBestMatch: true,
      }));
    return { status: 200, body };
  }

  /** GET /api/v3/aggTrades: from fromId, or within startTime/endTime, else the newest; oldest first. */
  aggTrades(params: Map<string, string>): Answer | WireError {
    const symbol = this.symbol(params);
    if (typeof symbol !== 'string') return symbol;
    const limit = readLimit(params, 500, 1000);
    if (typeof limit !== 'number') return limit;
    const fromIdText = params.get('fromId');
    if (fromIdText !== undefined && !/^\d+$/.test(fromIdText)) return illegal('fromId');
    const range = this.timeRange(params);
    if ('code' in range) return range;
    const all = this.tape.aggregates(symbol);
    let chosen;
    if (fromIdText !== undefined) chosen = all.filter((a) => a.id >= Number(fromIdText)).slice(0, limit);
    else if (params.has('startTime') || params.has('endTime')) {
      chosen = all.filter((a) => a.time >= range.start && a.time <= range.end).slice(0, limit);
    } else chosen = all.slice(-limit);
    const body = chosen.map((a) => ({
      a: a.id,
      p: fmt(a.price),
      q: fmt(a.quantity),
      f: a.firstTradeId,
      l: a.lastTradeId,
      T: a.time,
      m: a.isBuyerMaker,
      M: true,
    }));
    return { status: 200, body };
  }

  private dayStatistics(symbol: string, type: 'FULL' | 'MINI'): Record<string, unknown> {
    const closeTime = this.now();
    const openTime = closeTime - DAY_MS;
    const trades = this.tape.trades(symbol).filter((t) => t.time > openTime && t.time <= closeTime);
    const stats = summarize(trades);
    const first = trades[0];
    const last = trades[trades.length - 1];
    const mini = {
      symbol,
      openPrice: fmt(stats.open),
      highPrice: fmt(stats.high),
      lowPrice: fmt(stats.low),
      lastPrice: fmt(stats.close),
      volume: fmt(stats.volume),
      quoteVolume: fmt(stats.quoteVolume),
      openTime,
      closeTime,
      // An untraded symbol shows -1 ids and a zero count (rest-api.md example for a new listing).
      firstId: first?.id ?? -1,
      lastId: last?.id ?? -1,
      count: trades.length,
    };
    if (type === 'MINI') return mini;
    const { bids, asks } = this.depth.snapshot(symbol, 1);
    const change = stats.close.sub(stats.open);
    const previousClose = this.tape.trades(symbol).filter((t) => t.time <= openTime).at(-1)?.price;
    return {
      symbol,
      priceChange: fmt(change),
      priceChangePercent: stats.open.isZero()
        ? '0.000'
        : change.mul(Decimal.fromInteger(100)).div(stats.open, 3, 'half-even').toFixedScale(3),
      weightedAvgPrice: fmt(stats.volume.isZero() ? Decimal.ZERO : stats.quoteVolume.div(stats.volume, 8, 'half-even')),
      prevClosePrice: fmt(previousClose),
      lastPrice: mini.lastPrice,
      lastQty: fmt(last?.quantity),
      bidPrice: bids[0]?.[0] ?? fmt(undefined),
      bidQty: bids[0]?.[1] ?? fmt(undefined),
      askPrice: asks[0]?.[0] ?? fmt(undefined),
      askQty: asks[0]?.[1] ?? fmt(undefined),
      openPrice: mini.openPrice,
      highPrice: mini.highPrice,
      lowPrice: mini.lowPrice,
      volume: mini.volume,
      quoteVolume: mini.quoteVolume,
      openTime,
      closeTime,
      firstId: mini.firstId,
      lastId: mini.lastId,
      count: mini.count,
    };
  }

  private lastPrice(symbol: string): Decimal {
    const last = this.tape.trades(symbol).at(-1);
    if (last !== undefined) return last.price;
    const bid = this.depth.snapshot(symbol, 1).bids[0];
    return bid === undefined ? Decimal.ZERO : Decimal.parse(bid[0]);
  }

  /** `symbol`, `symbols` (a JSON array) or neither (every symbol): one object, or an array of them. */
  private perSymbol(params: Map<string, string>, one: (symbol: string) => unknown): Answer | WireError {
    const single = params.get('symbol');
    const many = params.get('symbols');
    if (single !== undefined && many !== undefined) {
      return { status: 400, code: -1128, msg: 'Combination of optional parameters invalid.' };
    }
    if (single !== undefined) {
      if (!this.symbols.has(single)) return INVALID_SYMBOL;
      return { status: 200, body: one(single) };
    }
    if (many !== undefined) {
      if (!SYMBOLS_PATTERN.test(many)) return illegal('symbols', SYMBOLS_PATTERN.source);
      const names = JSON.parse(many) as string[];
      if (names.some((name) => !this.symbols.has(name))) return INVALID_SYMBOL;
      return { status: 200, body: names.map(one) };
    }
    return { status: 200, body: [...this.symbols.keys()].map(one) };
  }

  private symbol(params: Map<string, string>): string | WireError {
    const symbol = params.get('symbol');
    if (symbol === undefined || symbol === '') return mandatory('symbol');
    return this.symbols.has(symbol) ? symbol : INVALID_SYMBOL;
  }

  private timeRange(params: Map<string, string>): { start: number; end: number } | WireError {
    const start = params.get('startTime');
    const end = params.get('endTime');
    if (start !== undefined && !/^\d+$/.test(start)) return illegal('startTime');
    if (end !== undefined && !/^\d+$/.test(end)) return illegal('endTime');
    return { start: start === undefined ? 0 : Number(start), end: end === undefined ? Number.MAX_SAFE_INTEGER : Number(end) };
  }
}

/** Request weights (rest-api.md): by how many symbols a ticker call covers. */
export function tickerWeight(params: Map<string, string>, single: number, all: number): number {
  if (params.has('symbol')) return single;
  return all;
}

export function ticker24hrWeight(params: Map<string, string>): number {
  if (params.has('symbol')) return 2;
  const many = params.get('symbols');
  if (many === undefined) return 80;
  const count = many.split(',').length;
  return count <= 20 ? 2 : count <= 100 ? 40 : 80;
}

const DAY_MS = 86_400_000;
const INVALID_SYMBOL: WireError = { status: 400, code: -1121, msg: 'Invalid symbol.' };
const SYMBOLS_PATTERN = /^\[("[A-Z0-9-_.]{1,20}"(,"[A-Z0-9-_.]{1,20}"){0,}){0,1}\]$/;

function mandatory(name: string): WireError {
  return { status: 400, code: -1102, msg: `Mandatory parameter '${name}' was not sent, was empty/null, or malformed.` };
}

function illegal(name: string, range?: string): WireError {
  return {
    status: 400,
    code: -1100,
    msg: range === undefined ? `Illegal characters found in parameter '${name}'; legal range is '^[0-9]{1,20}$'.` : `Illegal characters found in parameter '${name}'; legal range is '${range}'.`,
  };
}

function readLimit(params: Map<string, string>, fallback: number, max: number): number | WireError {
  const text = params.get('limit');
  if (text === undefined) return fallback;
  if (!/^\d+$/.test(text)) return illegal('limit');
  // Binance clamps an over-large limit to the maximum rather than refusing it.
  return Math.max(1, Math.min(max, Number(text)));
}

interface Summary {
  readonly open: Decimal;
  readonly high: Decimal;
  readonly low: Decimal;
  readonly close: Decimal;
  readonly volume: Decimal;
  readonly quoteVolume: Decimal;
}

function summarize(trades: readonly TapeTrade[]): Summary {
  const first = trades[0];
  if (first === undefined) {
    return { open: Decimal.ZERO, high: Decimal.ZERO, low: Decimal.ZERO, close: Decimal.ZERO, volume: Decimal.ZERO, quoteVolume: Decimal.ZERO };
  }
  let { price: high, price: low } = first;
  let volume = Decimal.ZERO;
  let quoteVolume = Decimal.ZERO;
  for (const trade of trades) {
    high = high.max(trade.price);
    low = low.min(trade.price);
    volume = volume.add(trade.quantity);
    quoteVolume = quoteVolume.add(trade.price.mul(trade.quantity));
  }
  return { open: first.price, high, low, close: (trades[trades.length - 1] ?? first).price, volume, quoteVolume };
}

interface KlineInterval {
  openOf(time: number): number;
  closeOf(open: number): number;
}

const fixed = (ms: number): KlineInterval => ({
  openOf: (time) => time - (time % ms),
  closeOf: (open) => open + ms - 1,
});

/** Weeks open on Monday 00:00 UTC (the epoch was a Thursday); months on the first of the month. */
const WEEK: KlineInterval = {
  openOf: (time) => time - ((time + 3 * DAY_MS) % (7 * DAY_MS)),
  closeOf: (open) => open + 7 * DAY_MS - 1,
};
const MONTH: KlineInterval = {
  openOf: (time) => {
    const date = new Date(time);
    return Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), 1);
  },
  closeOf: (open) => {
    const date = new Date(open);
    return Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 1) - 1;
  },
};

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const KLINE_INTERVALS: Readonly<Record<string, KlineInterval>> = {
  '1s': fixed(1000),
  '1m': fixed(MINUTE),
  '3m': fixed(3 * MINUTE),
  '5m': fixed(5 * MINUTE),
  '15m': fixed(15 * MINUTE),
  '30m': fixed(30 * MINUTE),
  '1h': fixed(HOUR),
  '2h': fixed(2 * HOUR),
  '4h': fixed(4 * HOUR),
  '6h': fixed(6 * HOUR),
  '8h': fixed(8 * HOUR),
  '12h': fixed(12 * HOUR),
  '1d': fixed(DAY_MS),
  '3d': fixed(3 * DAY_MS),
  '1w': WEEK,
  '1M': MONTH,
};

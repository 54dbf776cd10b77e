import { isLosslessNumber } from 'lossless-json';

import type { CandleBook } from './candles';
import { CANDLE_MS } from './candles';
import { DX_ERRORS, fail } from './errors';
import type { DxtradeExchange } from './exchange';
import { instrumentSpec } from './instruments';
import { isoTime, quoteJson, type Json } from './wire-format';

/**
 * POST /marketdata (Market Data Request): `symbols`, `eventTypes` of `Quote` (the current bid and ask) and
 * `Candle` (with `candleType` and a `fromTime`/`toTime` range or a `count`). Answers a Market Data List.
 */
export function marketData(raw: unknown, exchange: DxtradeExchange, candles: CandleBook, startedAt: number): Json {
  if (typeof raw !== 'object' || raw === null) fail(DX_ERRORS.badRequest('a Market Data Request object is required'));
  const body = raw as Record<string, unknown>;
  const symbols = body['symbols'];
  const eventTypes = body['eventTypes'];
  if (!Array.isArray(symbols) || symbols.length === 0 || !symbols.every((s) => typeof s === 'string')) fail(DX_ERRORS.badRequest('symbols must be a non-empty list of strings'));
  if (!Array.isArray(eventTypes) || eventTypes.length === 0) fail(DX_ERRORS.badRequest('eventTypes must be a non-empty list'));
  for (const symbol of symbols) if (instrumentSpec(symbol) === undefined) fail(DX_ERRORS.notFound());
  const now = exchange.options.clock.now();
  const events: Json[] = [];
  for (const raw of eventTypes as unknown[]) {
    const type = (raw as Record<string, unknown> | null)?.['type'];
    if (type === 'Quote') {
      for (const symbol of symbols) {
        const quote = exchange.quote(symbol);
        if (quote !== undefined) events.push(quoteJson(symbol, quote.bid, quote.ask, now));
      }
    } else if (type === 'Candle') {
      const request = raw as Record<string, unknown>;
      const candleType = request['candleType'];
      if (typeof candleType !== 'string' || CANDLE_MS[candleType] === undefined) fail(DX_ERRORS.badRequest(`candleType must be one of ${Object.keys(CANDLE_MS).join(', ')}`));
      const from = typeof request['fromTime'] === 'string' ? Date.parse(request['fromTime']) : startedAt;
      const to = typeof request['toTime'] === 'string' ? Date.parse(request['toTime']) : now;
      if (Number.isNaN(from) || Number.isNaN(to)) fail(DX_ERRORS.badRequest('fromTime and toTime must be ISO-8601 timestamps'));
      const count = request['count'];
      if (count !== undefined && !isLosslessNumber(count)) fail(DX_ERRORS.badRequest('count must be a number'));
      for (const symbol of symbols) {
        for (const bar of candles.bars(symbol, candleType, from, to, count === undefined ? undefined : Number(count.toString()))) {
          events.push({ type: 'Candle', candleType, symbol, open: bar.open, high: bar.high, low: bar.low, close: bar.close, volume: bar.volume, time: isoTime(bar.time) });
        }
      }
    } else fail(DX_ERRORS.badRequest(`eventTypes type must be Quote or Candle, not ${String(type)}`));
  }
  return { events };
}

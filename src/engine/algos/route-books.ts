import { Decimal, type Instrument } from '../../core';
import type { TradingEngine } from '../trading-engine';
import type { BookCache } from './book-cache';
import type { RouteBook } from './router';
import type { RouteSpec } from './types';

/**
 * The router's view of each leg still open to the parent: its book side, its rules (a venue not trading is
 * skipped) and its budget from the engine's balances (free quote for a buy, free base for a sell).
 */
export function routeBooks(engine: TradingEngine, books: BookCache, spec: RouteSpec, excluded: ReadonlySet<number>): RouteBook[] {
  const instruments = new Map<string, Instrument>(engine.instruments().map((i) => [i.id as string, i]));
  const quotes = new Map(engine.quotes().map((q) => [q.instrumentId as string, q]));
  const accounts = new Map(engine.accounts().map((a) => [a.accountId as string, a]));
  const out: RouteBook[] = [];
  spec.legs.forEach((leg, index) => {
    if (excluded.has(index)) return;
    const instrument = instruments.get(leg.instrumentId);
    if (instrument === undefined || instrument.status !== 'trading') return;
    const levels = books.levels(leg.instrumentId, spec.side, quotes.get(leg.instrumentId));
    if (levels === undefined) return;
    const currency = spec.side === 'buy' ? instrument.quoteCurrency : instrument.baseCurrency;
    const balance = accounts.get(leg.accountId)?.state.balances.find((b) => b.currency === (currency as string));
    out.push({
      leg: index,
      levels,
      quoteRate: leg.quoteRate,
      feeRate: leg.takerFeeRate,
      sizeIncrement: instrument.sizeIncrement,
      minQuantity: instrument.minQuantity,
      ...(instrument.maxQuantity !== undefined ? { maxQuantity: instrument.maxQuantity } : {}),
      ...(instrument.minNotional !== undefined ? { minNotional: instrument.minNotional } : {}),
      budget: balance?.free ?? Decimal.ZERO,
    });
  });
  return out;
}

import type { Decimal, MarketDataEvent } from '../../core';

/** One public trade as GET /api/v3/trades lists it (ids per symbol, as on Binance). */
export interface TapeTrade {
  readonly id: number;
  readonly price: Decimal;
  readonly quantity: Decimal;
  readonly time: number;
  /** The seller took liquidity: the buyer's order was resting. */
  readonly isBuyerMaker: boolean;
}

/** Consecutive trades of one taker at one price and time, as GET /api/v3/aggTrades lists them. */
export interface AggregateTrade {
  readonly id: number;
  readonly price: Decimal;
  quantity: Decimal;
  readonly firstTradeId: number;
  lastTradeId: number;
  readonly time: number;
  readonly isBuyerMaker: boolean;
}

interface SymbolTape {
  readonly trades: TapeTrade[];
  readonly aggregates: AggregateTrade[];
  nextId: number;
  nextAggregateId: number;
}

/** Enough for a day of the simulated walk and the largest page (1,000); older trades fall off the front. */
const KEPT_PER_SYMBOL = 20_000;

/**
 * The public tape behind trades, aggTrades, klines and the tickers: every TradeTick the simulated market
 * prints, kept per symbol with Binance's per-symbol trade ids (the `t` of the trade stream).
 */
export class TradeTape {
  private readonly tapes = new Map<string, SymbolTape>();

  constructor(private readonly symbolOf: (instrumentId: string) => string | undefined) {}

  onMarketData(event: MarketDataEvent): void {
    if (event.type !== 'TradeTick') return;
    const symbol = this.symbolOf(event.instrumentId);
    if (symbol === undefined) return;
    const tape = this.tape(symbol);
    const trade: TapeTrade = {
      id: tape.nextId++,
      price: event.price,
      quantity: event.quantity,
      time: event.occurredAt,
      isBuyerMaker: event.aggressor === 'sell',
    };
    tape.trades.push(trade);
    const last = tape.aggregates[tape.aggregates.length - 1];
    if (
      last !== undefined &&
      last.lastTradeId === trade.id - 1 &&
      last.price.eq(trade.price) &&
      last.time === trade.time &&
      last.isBuyerMaker === trade.isBuyerMaker
    ) {
      last.quantity = last.quantity.add(trade.quantity);
      last.lastTradeId = trade.id;
    } else {
      tape.aggregates.push({
        id: tape.nextAggregateId++,
        price: trade.price,
        quantity: trade.quantity,
        firstTradeId: trade.id,
        lastTradeId: trade.id,
        time: trade.time,
        isBuyerMaker: trade.isBuyerMaker,
      });
    }
    if (tape.trades.length > KEPT_PER_SYMBOL) tape.trades.splice(0, tape.trades.length - KEPT_PER_SYMBOL);
    if (tape.aggregates.length > KEPT_PER_SYMBOL) {
      tape.aggregates.splice(0, tape.aggregates.length - KEPT_PER_SYMBOL);
    }
  }

  /** The id the last trade of the symbol got (0 before the first). */
  lastId(symbol: string): number {
    return this.tape(symbol).nextId - 1;
  }

  trades(symbol: string): readonly TapeTrade[] {
    return this.tape(symbol).trades;
  }

  aggregates(symbol: string): readonly AggregateTrade[] {
    return this.tape(symbol).aggregates;
  }

  private tape(symbol: string): SymbolTape {
    let tape = this.tapes.get(symbol);
    if (tape === undefined) {
      tape = { trades: [], aggregates: [], nextId: 1, nextAggregateId: 1 };
      this.tapes.set(symbol, tape);
    }
    return tape;
  }
}

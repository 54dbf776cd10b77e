import { Decimal, Price, Quantity, type BookLevel, type InstrumentId, type OrderBookUpdate } from '../../core';
import type { MatchingEngine, Random } from '../matching';
import type { SimSymbol } from './symbols';

const LEVELS = 20;

interface SymbolMarket {
  readonly symbol: SimSymbol;
  readonly instrumentId: InstrumentId;
  readonly tick: Decimal;
  readonly step: Decimal;
  /** Mid in ticks (integer), so every price the walk prints is on the tick. */
  midTicks: bigint;
  tradeId: number;
}

/**
 * The simulated market the Binance simulator owns: per symbol a mid that moves on the tick, a book of 20
 * levels per side around it and public trades when it moves. Every change goes into the matching engine as
 * market data (the engine matches resting orders against it) and to the depth feed.
 */
export class SimMarket {
  private readonly markets = new Map<string, SymbolMarket>();

  constructor(
    private readonly engine: MatchingEngine,
    symbols: readonly SimSymbol[],
    instrumentId: (symbol: string) => InstrumentId,
    private readonly random: Random,
    private readonly now: () => number,
  ) {
    for (const symbol of symbols) {
      const tick = Decimal.parse(symbol.tickSize);
      this.markets.set(symbol.symbol, {
        symbol,
        instrumentId: instrumentId(symbol.symbol),
        tick,
        step: Decimal.parse(symbol.stepSize),
        midTicks: Decimal.parse(symbol.mid).div(tick, 0, 'half-even').mantissa,
        tradeId: 1,
      });
    }
  }

  /** Where each symbol's walk stands, for the simulator's state file. */
  saveState(): [string, string, number][] {
    return [...this.markets].map(([symbol, market]) => [symbol, market.midTicks.toString(), market.tradeId]);
  }

  restoreState(saved: readonly [string, string, number][]): void {
    for (const [symbol, midTicks, tradeId] of saved) {
      const market = this.markets.get(symbol);
      if (market === undefined) continue;
      market.midTicks = BigInt(midTicks);
      market.tradeId = tradeId;
    }
  }

  start(): void {
    for (const market of this.markets.values()) this.publish(market);
  }

  /** One random-walk step for every symbol (the CLI's timer calls it). */
  step(): void {
    for (const market of this.markets.values()) {
      const move = BigInt(Math.round(this.random.nextNormal() * 3));
      if (move !== 0n) this.moveTo(market, market.midTicks + move);
      else this.publish(market);
    }
  }

  quote(symbol: string): { bid: Price; ask: Price } | undefined {
    const market = this.markets.get(symbol);
    if (market === undefined) return undefined;
    return { bid: this.price(market, market.midTicks - 1n), ask: this.price(market, market.midTicks + 1n) };
  }

  /** Moves the mid to `mid` one tick-band at a time, printing a trade at each step so resting orders fill on the way. */
  movePrice(symbol: string, mid: Decimal): void {
    const market = this.markets.get(symbol);
    if (market === undefined) throw new RangeError(`unknown symbol ${symbol}`);
    this.moveTo(market, mid.div(market.tick, 0, 'half-even').mantissa);
  }

  private moveTo(market: SymbolMarket, target: bigint): void {
    const distance = target - market.midTicks;
    const steps = 10n;
    const increment = distance / steps;
    for (let i = 1n; i < steps && increment !== 0n; i++) {
      market.midTicks += increment;
      this.publish(market, distance > 0n ? 'buy' : 'sell');
    }
    market.midTicks = target;
    this.publish(market, distance > 0n ? 'buy' : distance < 0n ? 'sell' : undefined);
  }

  private price(market: SymbolMarket, ticks: bigint): Price {
    return Price.of(Decimal.of(ticks, 0).mul(market.tick).rescale(8, 'half-even'));
  }

  private publish(market: SymbolMarket, aggressor?: 'buy' | 'sell'): void {
    const now = this.now();
    const bids: BookLevel[] = [];
    const asks: BookLevel[] = [];
    for (let level = 1n; level <= BigInt(LEVELS); level++) {
      const size = (): Quantity =>
        Quantity.of(Decimal.fromInteger(1 + this.random.nextInt(20)).mul(market.symbol.symbol.startsWith('BTC') ? Decimal.parse('0.1') : Decimal.fromInteger(5)).roundToIncrement(market.step, 'down'));
      if (market.midTicks - level > 0n) bids.push({ price: this.price(market, market.midTicks - level), quantity: size() });
      asks.push({ price: this.price(market, market.midTicks + level), quantity: size() });
    }
    if (aggressor !== undefined) {
      const tradePrice = this.price(market, market.midTicks + (aggressor === 'buy' ? 1n : -1n));
      this.engine.applyMarketData({
        type: 'TradeTick',
        instrumentId: market.instrumentId,
        price: tradePrice,
        quantity: Quantity.of(Decimal.parse(market.symbol.minQty).mul(Decimal.fromInteger(1000)).roundToIncrement(market.step, 'down')),
        aggressor,
        tradeId: String(market.tradeId++),
        occurredAt: now,
        recordedAt: now,
      });
    }
    const update: OrderBookUpdate = { type: 'OrderBookUpdate', instrumentId: market.instrumentId, kind: 'snapshot', bids, asks, valid: true, occurredAt: now, recordedAt: now };
    this.engine.applyMarketData(update);
  }
}

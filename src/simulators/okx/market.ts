import { Decimal, Price, Quantity, type BookLevel, type InstrumentId } from '../../core';
import type { MatchingEngine, Random } from '../matching';
import type { SimInstrument } from './symbols';

/** Levels per side the simulated market shows; more than the 25 the checksum covers. */
const LEVELS = 30;

interface InstrumentMarket {
  readonly spec: SimInstrument;
  readonly instrumentId: InstrumentId;
  readonly tick: Decimal;
  readonly lot: Decimal;
  readonly levelSize: Decimal;
  /** Mid in ticks, so every printed price is on the tick. */
  midTicks: bigint;
  /** Displayed size by price (in ticks): a level keeps its size until it is touched, as on a real book. */
  readonly sizes: Map<bigint, Quantity>;
}

/**
 * The market the OKX simulator owns: per instrument a mid on the tick, a book of 30 levels a side around it
 * and public trades when it moves. Every change goes into the matching engine as market data, which matches
 * resting orders against it and forwards it to the public feed (books.ts).
 */
export class SimMarket {
  private readonly markets = new Map<string, InstrumentMarket>();

  constructor(
    private readonly engine: MatchingEngine,
    instruments: readonly SimInstrument[],
    instrumentId: (instId: string) => InstrumentId,
    private readonly random: Random,
    private readonly now: () => number,
  ) {
    for (const spec of instruments) {
      const tick = Decimal.parse(spec.tickSz);
      this.markets.set(spec.instId, {
        spec,
        instrumentId: instrumentId(spec.instId),
        tick,
        lot: Decimal.parse(spec.lotSz),
        levelSize: Decimal.parse(spec.levelSize),
        midTicks: Decimal.parse(spec.mid).div(tick, 0, 'half-even').mantissa,
        sizes: new Map(),
      });
    }
  }

  start(): void {
    for (const market of this.markets.values()) this.publish(market);
  }

  /** One random-walk step for every instrument (the CLI's timer calls it). */
  step(): void {
    for (const market of this.markets.values()) {
      const move = BigInt(Math.round(this.random.nextNormal() * 3));
      this.touchLevels(market);
      if (move !== 0n) this.moveTo(market, market.midTicks + move);
      else this.publish(market);
    }
  }

  quote(instId: string): { bid: Price; ask: Price } | undefined {
    const market = this.markets.get(instId);
    if (market === undefined) return undefined;
    return { bid: this.price(market, market.midTicks - 1n), ask: this.price(market, market.midTicks + 1n) };
  }

  /** Moves the mid to `mid` in ten steps, printing a trade at each so resting orders fill on the way. */
  movePrice(instId: string, mid: Decimal): void {
    const market = this.markets.get(instId);
    if (market === undefined) throw new RangeError(`unknown instrument ${instId}`);
    this.moveTo(market, mid.div(market.tick, 0, 'half-even').mantissa);
  }

  /** A public trade at a price (resting orders at or through it may fill), the book unchanged. */
  printTrade(instId: string, price: Price, quantity: Quantity, aggressor: 'buy' | 'sell' = 'sell'): void {
    const market = this.markets.get(instId);
    if (market === undefined) throw new RangeError(`unknown instrument ${instId}`);
    const now = this.now();
    this.engine.applyMarketData({ type: 'TradeTick', instrumentId: market.instrumentId, price, quantity, aggressor, occurredAt: now, recordedAt: now });
  }

  /** New sizes on a few levels, prices unchanged: the feed's ordinary update traffic. */
  refresh(instId: string): void {
    const market = this.markets.get(instId);
    if (market === undefined) return;
    this.touchLevels(market);
    this.publish(market);
  }

  /** One to three levels within the shown depth get a new size (orders joining or leaving). */
  private touchLevels(market: InstrumentMarket): void {
    const touched = 1 + this.random.nextInt(3);
    for (let i = 0; i < touched; i++) {
      const offset = BigInt(1 + this.random.nextInt(LEVELS));
      const ticks = this.random.nextInt(2) === 0 ? market.midTicks - offset : market.midTicks + offset;
      market.sizes.set(ticks, this.size(market));
    }
  }

  private moveTo(market: InstrumentMarket, target: bigint): void {
    const distance = target - market.midTicks;
    const increment = distance / 10n;
    for (let i = 1n; i < 10n && increment !== 0n; i++) {
      market.midTicks += increment;
      this.publish(market, distance > 0n ? 'buy' : 'sell');
    }
    market.midTicks = target;
    this.publish(market, distance > 0n ? 'buy' : distance < 0n ? 'sell' : undefined);
  }

  private price(market: InstrumentMarket, ticks: bigint): Price {
    return Price.of(Decimal.of(ticks, 0).mul(market.tick).normalize());
  }

  private size(market: InstrumentMarket): Quantity {
    const factor = Decimal.fromInteger(1 + this.random.nextInt(20)).div(Decimal.fromInteger(10), 1, 'down');
    return Quantity.of(market.levelSize.mul(factor).roundToIncrement(market.lot, 'down').normalize());
  }

  private publish(market: InstrumentMarket, aggressor?: 'buy' | 'sell'): void {
    const now = this.now();
    const bids: BookLevel[] = [];
    const asks: BookLevel[] = [];
    const sizeAt = (ticks: bigint): Quantity => {
      let size = market.sizes.get(ticks);
      if (size === undefined) {
        size = this.size(market);
        market.sizes.set(ticks, size);
      }
      return size;
    };
    for (let level = 1n; level <= BigInt(LEVELS); level++) {
      if (market.midTicks - level > 0n) bids.push({ price: this.price(market, market.midTicks - level), quantity: sizeAt(market.midTicks - level) });
      asks.push({ price: this.price(market, market.midTicks + level), quantity: sizeAt(market.midTicks + level) });
    }
    // Sizes far from the book are forgotten, so a long walk keeps memory flat.
    if (market.sizes.size > LEVELS * 8) {
      for (const ticks of market.sizes.keys()) if (ticks < market.midTicks - BigInt(LEVELS * 2) || ticks > market.midTicks + BigInt(LEVELS * 2)) market.sizes.delete(ticks);
    }
    if (aggressor !== undefined) {
      this.engine.applyMarketData({
        type: 'TradeTick',
        instrumentId: market.instrumentId,
        price: this.price(market, market.midTicks + (aggressor === 'buy' ? 1n : -1n)),
        quantity: Quantity.of(market.levelSize.mul(Decimal.fromInteger(20))),
        aggressor,
        occurredAt: now,
        recordedAt: now,
      });
    }
    this.engine.applyMarketData({ type: 'OrderBookUpdate', instrumentId: market.instrumentId, kind: 'snapshot', bids, asks, valid: true, occurredAt: now, recordedAt: now });
  }
}

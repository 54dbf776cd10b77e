import { Decimal, Price, Quantity, type BookLevel, type InstrumentId, type OrderBookUpdate } from '../../core';
import type { MatchingEngine, Random } from '../matching';
import { productInstrumentId, type SimProduct } from './products';

const LEVELS = 20;

interface ProductMarket {
  readonly product: SimProduct;
  readonly instrumentId: InstrumentId;
  readonly tick: Decimal;
  readonly levelSize: Decimal;
  readonly lot: Decimal;
  /** Mid in ticks, so that every printed price is on the tick. */
  midTicks: bigint;
  tradeId: number;
}

/**
 * The simulated market of each product: a mid on the tick, 20 levels per side around it, public trades when it
 * moves. Every change goes to the matching engine as market data; the feeds read it back from the engine.
 */
export class SimMarket {
  private readonly markets = new Map<string, ProductMarket>();

  constructor(
    private readonly engine: MatchingEngine,
    products: readonly SimProduct[],
    private readonly random: Random,
    private readonly now: () => number,
  ) {
    for (const product of products) {
      const tick = Decimal.parse(product.price_increment);
      this.markets.set(product.product_id, {
        product,
        instrumentId: productInstrumentId(product),
        tick,
        levelSize: Decimal.parse(product.levelSize),
        lot: Decimal.parse(product.base_increment),
        midTicks: Decimal.parse(product.mid).div(tick, 0, 'half-even').mantissa,
        tradeId: 1,
      });
    }
  }

  start(): void {
    for (const market of this.markets.values()) this.publish(market);
  }

  /** One random-walk step for every product (the CLI's timer calls it). */
  step(): void {
    for (const market of this.markets.values()) {
      const move = BigInt(Math.round(this.random.nextNormal() * 3));
      if (move !== 0n) this.moveTo(market, market.midTicks + move);
      else this.publish(market);
    }
  }

  quote(productId: string): { bid: Price; ask: Price } | undefined {
    const market = this.markets.get(productId);
    if (market === undefined) return undefined;
    return { bid: this.price(market, market.midTicks - 1n), ask: this.price(market, market.midTicks + 1n) };
  }

  /** Moves the mid to `mid` in ten steps, printing a trade at each so that resting orders fill on the way. */
  movePrice(productId: string, mid: Decimal): void {
    const market = this.markets.get(productId);
    if (market === undefined) throw new RangeError(`unknown product ${productId}`);
    this.moveTo(market, mid.div(market.tick, 0, 'half-even').mantissa);
  }

  /** The mids, for persistence. */
  save(): Record<string, string> {
    return Object.fromEntries([...this.markets].map(([id, market]) => [id, market.midTicks.toString()]));
  }

  restore(mids: Readonly<Record<string, string>>): void {
    for (const [id, ticks] of Object.entries(mids)) {
      const market = this.markets.get(id);
      if (market !== undefined) market.midTicks = BigInt(ticks);
    }
  }

  private moveTo(market: ProductMarket, target: bigint): void {
    const distance = target - market.midTicks;
    const increment = distance / 10n;
    for (let i = 1n; i < 10n && increment !== 0n; i++) {
      market.midTicks += increment;
      this.publish(market, distance > 0n ? 'buy' : 'sell');
    }
    market.midTicks = target;
    this.publish(market, distance > 0n ? 'buy' : distance < 0n ? 'sell' : undefined);
  }

  private price(market: ProductMarket, ticks: bigint): Price {
    return Price.of(Decimal.of(ticks, 0).mul(market.tick));
  }

  private publish(market: ProductMarket, aggressor?: 'buy' | 'sell'): void {
    const now = this.now();
    const bids: BookLevel[] = [];
    const asks: BookLevel[] = [];
    const size = (): Quantity => Quantity.of(market.levelSize.mul(Decimal.fromInteger(1 + this.random.nextInt(20))).roundToIncrement(market.lot, 'down'));
    for (let level = 1n; level <= BigInt(LEVELS); level++) {
      if (market.midTicks - level > 0n) bids.push({ price: this.price(market, market.midTicks - level), quantity: size() });
      asks.push({ price: this.price(market, market.midTicks + level), quantity: size() });
    }
    if (aggressor !== undefined) {
      this.engine.applyMarketData({
        type: 'TradeTick',
        instrumentId: market.instrumentId,
        price: this.price(market, market.midTicks + (aggressor === 'buy' ? 1n : -1n)),
        quantity: Quantity.of(market.levelSize.mul(Decimal.fromInteger(100))),
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

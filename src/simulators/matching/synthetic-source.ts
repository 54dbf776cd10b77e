import { TmtError, type BookLevel, type Decimal, type InstrumentId, type MarketDataEvent, type Timestamp } from '../../core';
import { createRandom, type Random } from './random';
import { InstrumentScale } from './scale';
import type { PriceSource, SimulatedInstrument, SyntheticProfile } from './types';

export interface SyntheticSourceOptions {
  readonly seed: number;
  /** Time of the first step. */
  readonly startAt: Timestamp;
  /** Instruments with a `synthetic` profile. */
  readonly instruments: readonly SimulatedInstrument[];
  /** A state from `PriceSource.save()`, to resume exactly where a previous run stopped. */
  readonly state?: unknown;
}

interface Walk {
  readonly instrumentId: InstrumentId;
  readonly scale: InstrumentScale;
  readonly profile: SyntheticProfile;
  /** Typical level size in lots. */
  readonly levelLots: number;
  /** Best bid in ticks. */
  bid: number;
  nextAt: Timestamp;
  /** Displayed lots by price (ticks), per side: sizes evolve from step to step rather than being redrawn. */
  bidSizes: Map<number, number>;
  askSizes: Map<number, number>;
}

/** The synthetic source, with the one hook scripted tests and demos need: moving a market on purpose. */
export interface SyntheticSource extends PriceSource {
  /**
   * Re-centres an instrument's walk on `mid` and makes its next step due at `at`: the book published then
   * sits around `mid`, and the walk goes on from there. Deterministic, so a replayed command log repeats it.
   */
  moveMid(instrumentId: InstrumentId, mid: Decimal, at: Timestamp): void;
  /** Skips the walk forward to `at` without generating the steps in between (a long pause, not a market). */
  skipTo(at: Timestamp): void;
}

interface SavedSource {
  readonly kind: 'synthetic';
  readonly random: number;
  readonly walks: readonly { readonly instrumentId: InstrumentId; readonly bid: number; readonly nextAt: Timestamp; readonly bidSizes: [number, number][]; readonly askSizes: [number, number][] }[];
  readonly buffer: readonly MarketDataEvent[];
}

/**
 * A seeded random walk per instrument. Each step moves the best bid by a normal draw of `volatilityTicks`,
 * publishes the whole L2 book (`depth` levels a side, sizes drawn around `levelSize`, growing with depth),
 * then the public trades of the step at the new touch (aggressor drawn at random), which is what lets
 * resting orders work through their queue. One PRNG, consumed in a fixed order: same seed, same market.
 */
class SeededWalkSource implements SyntheticSource {
  readonly instrumentIds: readonly InstrumentId[];
  private readonly walks: Walk[];
  private random: Random;
  private buffer: MarketDataEvent[] = [];

  constructor(options: SyntheticSourceOptions) {
    this.random = createRandom(options.seed);
    this.walks = options.instruments.map((simulated) => {
      const profile = simulated.synthetic;
      if (profile === undefined) {
        throw new TmtError('CONFIG_INVALID', `instrument ${simulated.instrument.id} has no synthetic profile`, { field: 'instruments.synthetic' });
      }
      const scale = new InstrumentScale(simulated.instrument);
      const mid = scale.ticksRounded(profile.initialMid, 'half-even');
      return {
        instrumentId: simulated.instrument.id,
        scale,
        profile,
        levelLots: Math.max(1, scale.lotsRoundedDown(profile.levelSize)),
        bid: mid - Math.floor(Math.max(1, profile.spreadTicks) / 2),
        nextAt: options.startAt,
        bidSizes: new Map<number, number>(),
        askSizes: new Map<number, number>(),
      };
    });
    this.instrumentIds = this.walks.map((w) => w.instrumentId);
    if (options.state !== undefined) this.restore(options.state as SavedSource);
  }

  peekTime(): Timestamp | undefined {
    if (this.buffer.length > 0) return this.buffer[0]?.occurredAt;
    let next: Timestamp | undefined;
    for (const walk of this.walks) if (next === undefined || walk.nextAt < next) next = walk.nextAt;
    return next;
  }

  take(): MarketDataEvent | undefined {
    if (this.buffer.length === 0) {
      let due: Walk | undefined;
      for (const walk of this.walks) if (due === undefined || walk.nextAt < due.nextAt) due = walk;
      if (due === undefined) return undefined;
      this.step(due);
    }
    return this.buffer.shift();
  }

  private step(walk: Walk): void {
    const { profile, scale } = walk;
    const at = walk.nextAt;
    const spread = Math.max(1, profile.spreadTicks);
    const move = Math.round(this.random.nextNormal() * profile.volatilityTicks);
    const floor = profile.depth + 1;
    walk.bid = Math.max(floor, walk.bid + move);
    const ask = walk.bid + spread;
    const bids: BookLevel[] = [];
    const asks: BookLevel[] = [];
    const nextBids = new Map<number, number>();
    const nextAsks = new Map<number, number>();
    for (let level = 0; level < profile.depth; level++) {
      const growth = 1 + level / 10;
      const bidPrice = walk.bid - level;
      const askPrice = ask + level;
      const bidLots = this.evolve(walk.bidSizes.get(bidPrice), walk.levelLots * growth);
      const askLots = this.evolve(walk.askSizes.get(askPrice), walk.levelLots * growth);
      nextBids.set(bidPrice, bidLots);
      nextAsks.set(askPrice, askLots);
      bids.push({ price: scale.price(bidPrice), quantity: scale.quantity(bidLots) });
      asks.push({ price: scale.price(askPrice), quantity: scale.quantity(askLots) });
    }
    walk.bidSizes = nextBids;
    walk.askSizes = nextAsks;
    this.buffer.push({ type: 'OrderBookUpdate', instrumentId: walk.instrumentId, kind: 'snapshot', bids, asks, valid: true, occurredAt: at, recordedAt: at });
    const trades = Math.floor(this.random.next() * (2 * profile.tradesPerStep + 1));
    for (let i = 0; i < trades; i++) {
      const aggressor = this.random.next() < 0.5 ? 'buy' : 'sell';
      const lots = Math.max(1, Math.floor(walk.levelLots * this.random.next() * 0.5));
      const price = aggressor === 'buy' ? ask : walk.bid;
      // The trade eats the touch: the next step shows the level smaller by what traded.
      const sizes = aggressor === 'buy' ? walk.askSizes : walk.bidSizes;
      sizes.set(price, Math.max(1, (sizes.get(price) ?? 1) - lots));
      this.buffer.push({ type: 'TradeTick', instrumentId: walk.instrumentId, price: scale.price(price), quantity: scale.quantity(lots), aggressor, occurredAt: at, recordedAt: at });
    }
    walk.nextAt = at + Math.max(1, profile.stepMs);
  }

  /** A level's next size: the last one changed by up to ±20% (bounded), or a fresh draw around `typical`. */
  private evolve(previous: number | undefined, typical: number): number {
    if (previous === undefined) return Math.max(1, Math.floor(typical * (0.5 + this.random.next())));
    return Math.min(Math.max(1, Math.floor(previous * (0.8 + 0.4 * this.random.next()))), Math.ceil(typical * 3));
  }

  moveMid(instrumentId: InstrumentId, mid: Decimal, at: Timestamp): void {
    const walk = this.walks.find((w) => w.instrumentId === instrumentId);
    if (walk === undefined) throw new TmtError('CONFIG_INVALID', `the synthetic source has no instrument ${instrumentId}`, { field: 'instrumentId' });
    walk.bid = walk.scale.ticksRounded(mid, 'half-even') - Math.floor(Math.max(1, walk.profile.spreadTicks) / 2);
    walk.nextAt = at;
    // Steps already generated for this instrument describe the old market: drop them.
    this.buffer = this.buffer.filter((e) => e.instrumentId !== instrumentId);
  }

  skipTo(at: Timestamp): void {
    for (const walk of this.walks) walk.nextAt = Math.max(walk.nextAt, at);
    this.buffer = this.buffer.filter((e) => e.occurredAt >= at);
  }

  save(): SavedSource {
    return { kind: 'synthetic', random: this.random.state(), walks: this.walks.map((w) => ({ instrumentId: w.instrumentId, bid: w.bid, nextAt: w.nextAt, bidSizes: [...w.bidSizes], askSizes: [...w.askSizes] })), buffer: [...this.buffer] };
  }

  private restore(saved: SavedSource): void {
    this.random = createRandom(saved.random);
    // Keyed by instrument: a configuration that adds or drops instruments keeps the others' markets.
    for (const state of saved.walks) {
      const walk = this.walks.find((w) => w.instrumentId === state.instrumentId);
      if (walk === undefined) continue;
      walk.bid = state.bid;
      walk.nextAt = state.nextAt;
      walk.bidSizes = new Map(state.bidSizes);
      walk.askSizes = new Map(state.askSizes);
    }
    const known = new Set(this.instrumentIds);
    this.buffer = saved.buffer.filter((event) => known.has(event.instrumentId));
  }
}

/** A seeded random walk per instrument: L2 snapshots every step and the public trades of the step. */
export function createSyntheticSource(options: SyntheticSourceOptions): SyntheticSource {
  return new SeededWalkSource(options);
}

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
}

/** The synthetic source, with the one hook scripted tests and demos need: moving a market on purpose. */
export interface SyntheticSource extends PriceSource {
  /**
   * Re-centres an instrument's walk on `mid` and makes its next step due at `at`: the book published then
   * sits around `mid`, and the walk goes on from there. Deterministic, so a replayed command log repeats it.
   */
  moveMid(instrumentId: InstrumentId, mid: Decimal, at: Timestamp): void;
}

interface SavedSource {
  readonly kind: 'synthetic';
  readonly random: number;
  readonly walks: readonly { readonly bid: number; readonly nextAt: Timestamp }[];
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
    for (let level = 0; level < profile.depth; level++) {
      const growth = 1 + level / 10;
      const bidLots = Math.max(1, Math.floor(walk.levelLots * (0.5 + this.random.next()) * growth));
      const askLots = Math.max(1, Math.floor(walk.levelLots * (0.5 + this.random.next()) * growth));
      bids.push({ price: scale.price(walk.bid - level), quantity: scale.quantity(bidLots) });
      asks.push({ price: scale.price(ask + level), quantity: scale.quantity(askLots) });
    }
    this.buffer.push({ type: 'OrderBookUpdate', instrumentId: walk.instrumentId, kind: 'snapshot', bids, asks, valid: true, occurredAt: at, recordedAt: at });
    const trades = Math.floor(this.random.next() * (2 * profile.tradesPerStep + 1));
    for (let i = 0; i < trades; i++) {
      const aggressor = this.random.next() < 0.5 ? 'buy' : 'sell';
      const lots = Math.max(1, Math.floor(walk.levelLots * this.random.next() * 0.5));
      this.buffer.push({
        type: 'TradeTick',
        instrumentId: walk.instrumentId,
        price: scale.price(aggressor === 'buy' ? ask : walk.bid),
        quantity: scale.quantity(lots),
        aggressor,
        occurredAt: at,
        recordedAt: at,
      });
    }
    walk.nextAt = at + Math.max(1, profile.stepMs);
  }

  moveMid(instrumentId: InstrumentId, mid: Decimal, at: Timestamp): void {
    const walk = this.walks.find((w) => w.instrumentId === instrumentId);
    if (walk === undefined) throw new TmtError('CONFIG_INVALID', `the synthetic source has no instrument ${instrumentId}`, { field: 'instrumentId' });
    walk.bid = walk.scale.ticksRounded(mid, 'half-even') - Math.floor(Math.max(1, walk.profile.spreadTicks) / 2);
    walk.nextAt = at;
    // Steps already generated for this instrument describe the old market: drop them.
    this.buffer = this.buffer.filter((e) => e.instrumentId !== instrumentId);
  }

  save(): SavedSource {
    return { kind: 'synthetic', random: this.random.state(), walks: this.walks.map((w) => ({ bid: w.bid, nextAt: w.nextAt })), buffer: [...this.buffer] };
  }

  private restore(saved: SavedSource): void {
    this.random = createRandom(saved.random);
    saved.walks.forEach((state, index) => {
      const walk = this.walks[index];
      if (walk === undefined) return;
      walk.bid = state.bid;
      walk.nextAt = state.nextAt;
    });
    this.buffer = [...saved.buffer];
  }
}

/** A seeded random walk per instrument: L2 snapshots every step and the public trades of the step. */
export function createSyntheticSource(options: SyntheticSourceOptions): SyntheticSource {
  return new SeededWalkSource(options);
}

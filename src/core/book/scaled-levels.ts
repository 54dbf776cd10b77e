import type { Timestamp } from '../clock';
import type { BookLevel, OrderBookUpdate } from '../events/market-events';
import type { InstrumentId } from '../identifiers';
import type { Price } from '../money/price';
import type { Quantity } from '../money/quantity';
import { scaledToDecimal } from './scaled-number';

/**
 * Book levels as exact scaled integers, four numbers per level, best first:
 * [priceMantissa, priceDigits, sizeMantissa, sizeDigits, …], each value = mantissa / 10^digits as the venue
 * wrote it. One flat array per side: no object, bigint or Decimal per level until someone reads the levels.
 */
export type ScaledLevels = ArrayLike<number>;

export const LEVEL_STRIDE = 4;

export function scaledLevelCount(levels: ScaledLevels): number {
  return levels.length / LEVEL_STRIDE;
}

/** The levels as engine BookLevels (exact Decimals): where a value leaves the integer form. */
export function toBookLevels(levels: ScaledLevels): BookLevel[] {
  const out: BookLevel[] = [];
  for (let i = 0; i + 3 < levels.length; i += LEVEL_STRIDE) {
    out.push({
      price: scaledToDecimal(levels[i] as number, levels[i + 1] as number) as Price,
      quantity: scaledToDecimal(levels[i + 2] as number, levels[i + 3] as number) as Quantity,
    });
  }
  return out;
}

/**
 * Objects whose enumerable own properties are not their whole value (their fields are computed on read)
 * return their plain form here; the exact journal and bus encoding (serialization.ts) asks for it.
 */
export const PLAIN_FORM: unique symbol = Symbol.for('tmt.plainForm');

/**
 * An OrderBookUpdate whose `bids` and `asks` are made from scaled levels on first read, then kept. A class
 * with getters on its prototype, because V8 builds an object literal with getters (or defineProperty) through
 * a slow runtime path that cost more than the whole book update. So that every writer still sees ordinary
 * arrays of BookLevel: toJSON (HTTP, JSON bodies) and PLAIN_FORM (encodeExact) give the plain event.
 * A consumer that never reads the levels (the quality check, a counter) never pays for them.
 */
export class ScaledBookUpdate implements OrderBookUpdate {
  readonly type = 'OrderBookUpdate' as const;
  readonly valid = true;
  readonly sequence?: number;
  // Private slots (#), so that Object.keys and friends see only the event's own fields.
  readonly #scaledBids: ScaledLevels;
  readonly #scaledAsks: ScaledLevels;
  #bids: BookLevel[] | undefined;
  #asks: BookLevel[] | undefined;

  constructor(
    readonly instrumentId: InstrumentId,
    readonly kind: 'snapshot' | 'delta',
    sequence: number | undefined,
    readonly occurredAt: Timestamp,
    readonly recordedAt: Timestamp,
    bids: ScaledLevels,
    asks: ScaledLevels,
  ) {
    if (sequence !== undefined) this.sequence = sequence;
    this.#scaledBids = bids;
    this.#scaledAsks = asks;
  }

  get bids(): readonly BookLevel[] {
    return (this.#bids ??= toBookLevels(this.#scaledBids));
  }

  get asks(): readonly BookLevel[] {
    return (this.#asks ??= toBookLevels(this.#scaledAsks));
  }

  /** The levels in their exact integer form: a consumer that reads these makes no Decimal. */
  get scaledBids(): ScaledLevels {
    return this.#scaledBids;
  }

  get scaledAsks(): ScaledLevels {
    return this.#scaledAsks;
  }

  toJSON(): OrderBookUpdate {
    return this[PLAIN_FORM]();
  }

  [PLAIN_FORM](): OrderBookUpdate {
    const plain = { type: this.type, instrumentId: this.instrumentId, kind: this.kind, bids: this.bids, asks: this.asks, valid: true, occurredAt: this.occurredAt, recordedAt: this.recordedAt };
    return this.sequence === undefined ? plain : { ...plain, sequence: this.sequence };
  }
}

/** A valid book update over scaled levels (see ScaledBookUpdate). */
export function scaledBookUpdate(
  instrumentId: InstrumentId,
  kind: 'snapshot' | 'delta',
  sequence: number | undefined,
  occurredAt: Timestamp,
  recordedAt: Timestamp,
  bids: ScaledLevels,
  asks: ScaledLevels,
): OrderBookUpdate {
  return new ScaledBookUpdate(instrumentId, kind, sequence, occurredAt, recordedAt, bids, asks);
}

/** The update a book sends while it is resyncing: no levels, not to be acted on. */
export function invalidBookUpdate(instrumentId: InstrumentId, occurredAt: Timestamp, recordedAt: Timestamp): OrderBookUpdate {
  return { type: 'OrderBookUpdate', instrumentId, kind: 'snapshot', bids: [], asks: [], valid: false, occurredAt, recordedAt };
}

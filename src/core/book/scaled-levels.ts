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
export type ScaledLevels = readonly number[];

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
 * An OrderBookUpdate whose `bids` and `asks` are built from scaled levels on first read, then kept. They are
 * own enumerable getters, so JSON, the exact journal encoding, spreads and deep equality see ordinary arrays
 * of BookLevel; a consumer that never reads the levels (the quality check, a counter) never pays for them.
 */
export function scaledBookUpdate(
  instrumentId: InstrumentId,
  kind: 'snapshot' | 'delta',
  sequence: number | undefined,
  occurredAt: Timestamp,
  recordedAt: Timestamp,
  bids: ScaledLevels,
  asks: ScaledLevels,
): OrderBookUpdate {
  let bidLevels: BookLevel[] | undefined;
  let askLevels: BookLevel[] | undefined;
  if (sequence === undefined) {
    return {
      type: 'OrderBookUpdate', instrumentId, kind, valid: true, occurredAt, recordedAt,
      get bids() { return (bidLevels ??= toBookLevels(bids)); },
      get asks() { return (askLevels ??= toBookLevels(asks)); },
    };
  }
  return {
    type: 'OrderBookUpdate', instrumentId, kind, valid: true, sequence, occurredAt, recordedAt,
    get bids() { return (bidLevels ??= toBookLevels(bids)); },
    get asks() { return (askLevels ??= toBookLevels(asks)); },
  };
}

/** The update a book sends while it is resyncing: no levels, not to be acted on. */
export function invalidBookUpdate(instrumentId: InstrumentId, occurredAt: Timestamp, recordedAt: Timestamp): OrderBookUpdate {
  return { type: 'OrderBookUpdate', instrumentId, kind: 'snapshot', bids: [], asks: [], valid: false, occurredAt, recordedAt };
}

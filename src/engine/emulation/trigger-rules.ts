import type { Decimal, OrderSide, Price, TrailingOffset } from '../../core';
import { Decimal as D, Price as P } from '../../core';

/** Best prices the emulator reacts to. A trade tick sets both sides to the traded price. */
export interface TopOfBook {
  readonly bid: Decimal;
  readonly ask: Decimal;
}

/**
 * Stops trigger when the market moves through the trigger against the position being protected: a buy
 * stop when the ask reaches it from below, a sell stop when the bid reaches it from above. If-touched
 * orders are the mirror image: a buy MIT when the ask falls to it, a sell MIT when the bid rises to it.
 */
export function stopTriggered(side: OrderSide, trigger: Decimal, top: TopOfBook): boolean {
  return side === 'buy' ? top.ask.gte(trigger) : top.bid.lte(trigger);
}

export function touchTriggered(side: OrderSide, trigger: Decimal, top: TopOfBook): boolean {
  return side === 'buy' ? top.ask.lte(trigger) : top.bid.gte(trigger);
}

const BASIS_POINTS = D.fromInteger(10_000);

function distance(offset: TrailingOffset, reference: Decimal): Decimal {
  return offset.kind === 'price'
    ? offset.value
    : reference.mul(offset.value).div(BASIS_POINTS, reference.scale + 4, 'half-even');
}

/**
 * A trailing stop follows the best price seen since it was armed: a sell stop trails the highest bid by the
 * offset, a buy stop the lowest ask. Returns the new extreme and the trigger price it implies.
 */
export function trailingUpdate(
  side: OrderSide,
  offset: TrailingOffset,
  extreme: Decimal | undefined,
  top: TopOfBook,
): { extreme: Decimal; trigger: Price } {
  if (side === 'sell') {
    const high = extreme === undefined ? top.bid : extreme.max(top.bid);
    return { extreme: high, trigger: P.of(high.sub(distance(offset, high))) };
  }
  const low = extreme === undefined ? top.ask : extreme.min(top.ask);
  return { extreme: low, trigger: P.of(low.add(distance(offset, low))) };
}

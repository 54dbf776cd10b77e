import { Decimal, Quantity } from '../../core';
import type { BookLevelView } from '../matching';

/** Levels walked at most: deeper than any simulated book, so a walk never stops short of liquidity that exists. */
const WALK_DEPTH = 1000;

/**
 * The base a market order sized in quote (`quote_size`) takes, walking the book level by level as Coinbase
 * does: a buy spends quote_size on the asks, best first, each level costing its price plus the taker fee
 * (Coinbase takes the fee out of quote_size); a sell gives up base on the bids until quote_size is received.
 * Exact decimals throughout; the result is rounded down to base_increment so the quote is never overspent.
 * Undefined when the side is empty.
 */
export function baseForQuoteSize(
  levels: (depth: number) => { readonly bids: readonly BookLevelView[]; readonly asks: readonly BookLevelView[] },
  side: 'buy' | 'sell',
  quoteSize: Decimal,
  takerFee: Decimal,
  baseIncrement: Decimal,
): Quantity | undefined {
  const book = levels(WALK_DEPTH);
  const walked = side === 'buy' ? book.asks : book.bids;
  if (walked.length === 0) return undefined;
  const feeFactor = side === 'buy' ? Decimal.ONE.add(takerFee) : Decimal.ONE;
  let remaining = quoteSize;
  let base = Decimal.ZERO;
  for (const level of walked) {
    if (!remaining.isPositive()) break;
    const unitCost = level.price.mul(feeFactor);
    const levelCost = unitCost.mul(level.quantity);
    if (levelCost.lte(remaining)) {
      base = base.add(level.quantity);
      remaining = remaining.sub(levelCost);
    } else {
      base = base.add(remaining.div(unitCost, 18, 'down'));
      remaining = Decimal.ZERO;
    }
  }
  return Quantity.of(base.roundToIncrement(baseIncrement, 'down'));
}

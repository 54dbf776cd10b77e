import { Decimal } from '../money/decimal';
import { Quantity } from '../money/quantity';
import type { FifoReductionPlan, FifoReductionStep, OpenTrade } from './types';

/**
 * Sizes and orders a reduction so that OANDA's US FIFO rule holds: the oldest open trade is closed first, and
 * a newer trade is touched only once every older one is fully closed. `openTrades` must be oldest first (as
 * Portfolio.openTrades returns them) and all on one side. `quantity` is the units to close, positive.
 */
export function planFifoReduction(openTrades: readonly OpenTrade[], quantity: Quantity): FifoReductionPlan {
  const steps: FifoReductionStep[] = [];
  let remaining: Decimal = quantity;
  for (const trade of openTrades) {
    if (!remaining.isPositive()) break;
    const open = trade.openQuantity.abs();
    if (open.isZero()) continue;
    const take = open.min(remaining);
    steps.push({ tradeId: trade.tradeId, quantity: Quantity.of(take), closesTrade: take.eq(open) });
    remaining = remaining.sub(take);
  }
  return { steps, unfilled: Quantity.of(remaining.max(Decimal.ZERO)) };
}

/**
 * Whether closing `tradeId` now keeps FIFO: only the oldest open trade of the instrument may be closed
 * directly. Returns the oldest trade's id when the rule would break, undefined when it holds.
 */
export function fifoViolation(openTrades: readonly OpenTrade[], tradeId: string): string | undefined {
  const oldest = openTrades.find((trade) => !trade.openQuantity.isZero());
  if (oldest === undefined || oldest.tradeId === tradeId) return undefined;
  return oldest.tradeId;
}

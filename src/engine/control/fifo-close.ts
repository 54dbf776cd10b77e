import type { AccountId, Decimal, FifoReductionPlan, InstrumentId } from '../../core';
import { Quantity, planFifoReduction } from '../../core';
import type { EngineContext } from '../context';

/** Whether an account trades under the US FX compliance profile (FIFO, no hedging), by its risk limits. */
export function isUsFx(context: EngineContext, accountId: AccountId): boolean {
  const view = context.risk.limitsView();
  const profile = view.accounts[accountId]?.['complianceProfile'] ?? view.global['complianceProfile'];
  return profile === 'us-fx';
}

/**
 * The size of a position close. On a US FX account the reduction follows OANDA's FIFO rule: it is planned
 * over the open trades oldest first (planFifoReduction), so the order closes whole older trades before it
 * touches a newer one and never asks for more than the open trades hold. The close goes out as one
 * reduce-only market order: the venue reduces oldest first (REDUCE_ONLY / REDUCE_FIRST), never a trade
 * close of a chosen trade, which is what a FIFO account refuses. Elsewhere: the requested size, capped at
 * the position.
 */
export function closeSize(
  context: EngineContext,
  accountId: AccountId,
  instrumentId: InstrumentId,
  requested: Decimal,
  net: Decimal,
): { size: Decimal; plan: FifoReductionPlan | undefined } {
  const capped = requested.min(net.abs());
  if (!isUsFx(context, accountId)) return { size: capped, plan: undefined };
  const trades = context.portfolio
    .openTrades(accountId, instrumentId)
    .filter((trade) => trade.openQuantity.sign() === net.sign());
  const plan = planFifoReduction(trades, Quantity.of(capped));
  // Trades the portfolio does not itemise (a position adopted at start) stay closable by units.
  const planned = capped.sub(plan.unfilled);
  return { size: trades.length === 0 ? capped : planned, plan };
}

import type { AccountId, Order, OrderAmendment, OrderRequest, TradingState } from '../core';
import type { Portfolio } from './portfolio/types';
import type { RiskDecision, SubmitContext } from './risk/types';
import type { RiskLimitsView } from './trading-engine';

/**
 * The verbs the execution engine uses from the risk engine (src/engine/risk RiskEngine implements them).
 * Kept as a narrow structural interface so that tests can run the engine with a different risk policy and
 * so that the execution engine depends on what it calls and nothing more.
 */
export interface RiskGate {
  checkSubmit(request: OrderRequest, context?: SubmitContext): RiskDecision;
  checkModify(order: Order, amendment: OrderAmendment): RiskDecision;
  tradingState(scope: AccountId | 'global'): TradingState;
  /** Publishes TradingStateChanged on the bus; the engine journals it from there. */
  setTradingState(scope: AccountId | 'global', state: TradingState, reason: string, actor: string): void;
  /** Open-order index hooks (pending exposure, max open orders): called when an order opens or ends. */
  onOrderOpened?(order: Order): void;
  onOrderClosed?(order: Order): void;
  limitsView(): RiskLimitsView;
  updateLimits(
    scope: AccountId | 'global',
    patch: Readonly<Record<string, string | number | null>>,
    actor: string,
  ): RiskLimitsView;
}

/** The portfolio service (src/engine/portfolio PortfolioService). */
export type PortfolioLedger = Portfolio;

export type { RiskDecision, SubmitContext };

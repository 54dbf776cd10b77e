/**
 * The risk engine: trading states, pre-trade checks, throttles, loss trips, US FX compliance.
 * Wiring (execution engine):
 *
 *   const risk = new RiskEngine({ clock, portfolio, instrument: (id) => instruments.get(id),
 *                                 openOrders: (accountId) => oms.openOrders(accountId), bus });
 *   risk.attach(bus);                 // follows AccountStateChanged for daily loss / drawdown trips
 *   // submit (before journaling the command):
 *   const decision = risk.checkSubmit(request);             // or (request, { killSwitchFlatten: true })
 *   if (!decision.allowed) journal+publish deniedEvent(request, decision, eventId, clock.now());
 *   // modify:  risk.checkModify(order, amendment)           // throttled separately from submits
 *   // cancel:  never checked nor throttled (risk.checkCancel() exists and always allows)
 *   // closing one specific OANDA trade: risk.checkTradeClose(accountId, instrumentId, tradeId) (FIFO)
 *   // close position on a FIFO venue:  planFifoReduction(portfolio.openTrades(a, i), quantity) from core
 *   // kill switch: risk.setTradingState('global', 'HALTED', reason, actor)
 *   // open orders: openOrders dependency, or the order book's risk.onOrderOpened(order) / onOrderClosed(order)
 *   // sizing: risk.sizeForStop(accountId, instrumentId, entry, stop) or sizeForRisk({...})
 *   // limit keys and their meaning: limits.ts (RISK_LIMIT_KEYS; `tradingHours.<instrumentId>` per instrument)
 *
 * TradingEngine: tradingState/setTradingState delegate here; riskLimits() -> risk.limitsView();
 * updateRiskLimits(scope, patch, actor) -> risk.updateLimits(scope, patch, actor) (throws TmtError CONFIG_INVALID
 * naming the field; nothing is applied unless the whole result is valid).
 */
export type {
  RiskApproval,
  RiskDecision,
  RiskDenial,
  RiskEngineDependencies,
  RiskPortfolioView,
  SubmitContext,
} from './types';
export { ALLOWED } from './types';
export { RiskEngine } from './risk-engine';
export { deniedEvent } from './denial';
export { RISK_LIMIT_KEYS, type RiskLimits, parseRiskLimits } from './limits';
export { sizeForRisk, type RiskSizingInput } from './sizing';
export { TokenBucket } from './token-bucket';

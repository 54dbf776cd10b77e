import type { AccountId, MessageBus, Order, OrderRequest, TradingState, Clock } from '../../../../src/core';
import type { RiskGate, RiskDecision, SubmitContext } from '../../../../src/engine/ports-internal';
import type { PortfolioLedger } from '../../../../src/engine/ports-internal';
import type { RiskLimitsView } from '../../../../src/engine/trading-engine';

/**
 * Trading states only (HALTED lets nothing but the kill switch's reducing orders through; REDUCING only
 * reducing orders). Used by the engine tests until src/engine/risk's RiskEngine lands, and by benchmarks
 * that must not be throttled.
 */
export class SimpleRisk implements RiskGate {
  private readonly states = new Map<string, TradingState>();

  constructor(
    private readonly bus: MessageBus,
    private readonly clock: Clock,
    private readonly portfolio: PortfolioLedger,
  ) {}

  checkSubmit(request: OrderRequest, context: SubmitContext = {}): RiskDecision {
    const state = this.effective(request.accountId);
    const reduces = this.reduces(request);
    if (state === 'HALTED' && !(context.killSwitchFlatten === true && reduces)) {
      return {
        allowed: false,
        code: 'RISK_TRADING_HALTED',
        reason: 'trading is HALTED',
        details: { rule: 'RISK_TRADING_HALTED', state },
      };
    }
    if (state === 'REDUCING' && !reduces) {
      return {
        allowed: false,
        code: 'RISK_REDUCING_ONLY',
        reason: 'trading is REDUCING',
        details: { rule: 'RISK_REDUCING_ONLY', state },
      };
    }
    if (request.reduceOnly && !reduces) {
      return {
        allowed: false,
        code: 'RISK_REDUCE_ONLY_WOULD_INCREASE',
        reason: 'reduce-only would grow the position',
        details: {},
      };
    }
    return { allowed: true };
  }

  checkModify(_order: Order): RiskDecision {
    return { allowed: true };
  }

  tradingState(scope: AccountId | 'global'): TradingState {
    return this.states.get(scope) ?? 'ACTIVE';
  }

  setTradingState(scope: AccountId | 'global', state: TradingState, reason: string, actor: string): void {
    const previous = this.tradingState(scope);
    this.states.set(scope, state);
    this.bus.publish({
      type: 'TradingStateChanged',
      ...(scope === 'global' ? {} : { accountId: scope }),
      previous,
      current: state,
      reason,
      actor,
      occurredAt: this.clock.now(),
    });
  }

  limitsView(): RiskLimitsView {
    return { global: {}, accounts: {} };
  }

  updateLimits(): RiskLimitsView {
    return this.limitsView();
  }

  private effective(accountId: AccountId): TradingState {
    const order: TradingState[] = ['ACTIVE', 'REDUCING', 'HALTED'];
    const a = order.indexOf(this.tradingState(accountId));
    const g = order.indexOf(this.tradingState('global'));
    return order[Math.max(a, g)] ?? 'ACTIVE';
  }

  private reduces(request: OrderRequest): boolean {
    const net = this.portfolio.netQuantity(request.accountId, request.instrumentId);
    if (net.isZero()) return false;
    const sells = request.side === 'sell';
    return (net.isPositive() ? sells : !sells) && request.quantity.lte(net.abs());
  }
}

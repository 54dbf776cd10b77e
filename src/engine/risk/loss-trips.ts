import type { AccountId, AccountStateChanged, Currency, Decimal } from '../../core';
import { Decimal as DecimalValue } from '../../core';
import type { LimitStore, ResolvedLimits } from './limit-store';
import { LossMonitor } from './loss-monitor';
import type { TradingStates } from './trading-states';
import type { RiskEngineDependencies } from './types';

/** Risk-limit alerts on the bus (trips are critical; limit changes informational). */
export class RiskAlerts {
  private sequence = 0;

  constructor(private readonly deps: RiskEngineDependencies) {}

  raise(
    severity: 'info' | 'warning' | 'critical',
    message: string,
    details: Record<string, string>,
    accountId?: AccountId,
  ): void {
    const bus = this.deps.bus;
    if (bus === undefined) return;
    bus.publish({
      type: 'AlertRaised',
      alertId: this.deps.nextId?.() ?? `risk-${++this.sequence}`,
      kind: 'risk-limit',
      severity,
      message,
      ...(accountId === undefined ? {} : { accountId }),
      details,
      occurredAt: this.deps.clock.now(),
    });
  }
}

/** Daily-loss and drawdown trips from AccountStateChanged, per account and system-wide. */
export class LossTrips {
  private readonly loss = new LossMonitor();
  private readonly equities = new Map<AccountId, Decimal>();
  private warnedMissingRate = false;

  constructor(
    private readonly deps: RiskEngineDependencies,
    private readonly store: LimitStore,
    private readonly states: TradingStates,
    private readonly alerts: RiskAlerts,
  ) {}

  onAccountState(event: AccountStateChanged): void {
    const accountId = event.accountId;
    const equity = event.equity.amount;
    this.equities.set(accountId, equity);
    const account = this.store.for(accountId);
    this.applyTrips(
      accountId,
      this.loss.observe(accountId, equity, event.occurredAt, this.lossLimits(account)),
    );
    const global = this.store.for('global');
    if (!global.get('dailyLossLimit') && !global.get('maxDrawdown')) return;
    const totals = this.systemTotals(global.get('reportingCurrency') ?? 'USD');
    if (totals === undefined) {
      // Never a silent gap: the system-wide limits cannot be evaluated until every account converts.
      if (!this.warnedMissingRate) {
        this.warnedMissingRate = true;
        this.alerts.raise(
          'warning',
          'system daily-loss / drawdown limits cannot be evaluated: an account has no rate to the reporting currency',
          {
            reportingCurrency: global.get('reportingCurrency') ?? 'USD',
          },
        );
      }
      return;
    }
    this.warnedMissingRate = false;
    this.applyTrips(
      'global',
      this.loss.observeSystem(totals.loss, totals.equity, event.occurredAt, this.lossLimits(global)),
    );
  }

  dailyLoss(scope: AccountId | 'global'): Decimal {
    return this.loss.dailyLoss(scope);
  }

  private lossLimits(limits: ResolvedLimits) {
    return {
      dailyLossLimit: limits.get('dailyLossLimit'),
      dailyLossAction: limits.get('dailyLossAction') ?? 'HALTED',
      maxDrawdown: limits.get('maxDrawdown'),
      maxDrawdownAction: limits.get('maxDrawdownAction') ?? 'HALTED',
      calendar: limits.calendar,
    };
  }

  private applyTrips(scope: AccountId | 'global', trips: ReturnType<LossMonitor['observe']>): void {
    for (const trip of trips) {
      if (this.states.escalate(scope, trip.action, trip.reason, trip.code)) {
        this.alerts.raise(
          'critical',
          `${scope}: ${trip.reason}; trading ${trip.action}`,
          { scope, code: trip.code, ...trip.details },
          scope === 'global' ? undefined : scope,
        );
      }
    }
  }

  /** Sum of the accounts' equity and day losses in the reporting currency; undefined while a rate is missing. */
  private systemTotals(reporting: string): { equity: Decimal; loss: Decimal } | undefined {
    let equity: Decimal = DecimalValue.ZERO;
    let loss: Decimal = DecimalValue.ZERO;
    for (const [accountId, accountEquity] of this.equities) {
      const currency = String(this.deps.portfolio.accountSetup(accountId)?.baseCurrency ?? reporting);
      const rate = this.rate(currency, reporting);
      if (rate === undefined) return undefined;
      equity = equity.add(accountEquity.mul(rate));
      loss = loss.add(this.loss.dailyLoss(accountId).mul(rate));
    }
    return { equity, loss };
  }

  private rate(from: string, to: string): Decimal | undefined {
    return this.deps.portfolio.rates.rate(from as Currency, to as Currency);
  }
}

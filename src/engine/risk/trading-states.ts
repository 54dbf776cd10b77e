import type { AccountId, Clock, ErrorCode, MessageBus, Timestamp, TradingState } from '../../core';

export interface TradingStateEntry {
  readonly state: TradingState;
  readonly reason: string;
  /** Set when a limit tripped the state (RISK_DAILY_LOSS_LIMIT, RISK_MAX_DRAWDOWN): denials then carry it. */
  readonly code?: ErrorCode;
  readonly since: Timestamp;
}

const SEVERITY: Readonly<Record<TradingState, number>> = { ACTIVE: 0, REDUCING: 1, HALTED: 2 };

/** Global and per-account trading states; every change is published as TradingStateChanged. */
export class TradingStates {
  private global: TradingStateEntry;
  private readonly accounts = new Map<AccountId, TradingStateEntry>();

  constructor(
    private readonly clock: Clock,
    private readonly bus: MessageBus | undefined,
  ) {
    this.global = { state: 'ACTIVE', reason: 'start', since: clock.now() };
  }

  entry(scope: AccountId | 'global'): TradingStateEntry {
    if (scope === 'global') return this.global;
    return this.accounts.get(scope) ?? { state: 'ACTIVE', reason: 'default', since: 0 };
  }

  get(scope: AccountId | 'global'): TradingState {
    return this.entry(scope).state;
  }

  /** The state an account's orders face: the more restrictive of its own and the global one. */
  effective(accountId: AccountId): TradingStateEntry {
    const own = this.accounts.get(accountId);
    if (own === undefined || SEVERITY[this.global.state] >= SEVERITY[own.state]) return this.global;
    return own;
  }

  set(
    scope: AccountId | 'global',
    state: TradingState,
    reason: string,
    actor: string,
    code?: ErrorCode,
  ): void {
    const previous = this.entry(scope);
    const now = this.clock.now();
    const next: TradingStateEntry =
      code === undefined ? { state, reason, since: now } : { state, reason, code, since: now };
    if (scope === 'global') this.global = next;
    else this.accounts.set(scope, next);
    if (previous.state === state) return;
    this.bus?.publish({
      type: 'TradingStateChanged',
      ...(scope === 'global' ? {} : { accountId: scope }),
      previous: previous.state,
      current: state,
      reason,
      actor,
      occurredAt: now,
    });
  }

  /** Raises the state to `state` unless it is already at least as restrictive. Returns true when it changed. */
  escalate(scope: AccountId | 'global', state: TradingState, reason: string, code: ErrorCode): boolean {
    if (SEVERITY[this.get(scope)] >= SEVERITY[state]) return false;
    this.set(scope, state, reason, 'risk', code);
    return true;
  }
}

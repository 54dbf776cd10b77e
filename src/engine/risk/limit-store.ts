import type { AccountId } from '../../core';
import { TradingCalendar } from '../../core';
import { DEFAULT_GLOBAL_LIMITS, parseRiskLimits, type RawLimits, type RiskLimits } from './limits';
import { parseMajors, type UsFxRules } from './us-fx';
import type { RiskLimitsView } from '../trading-engine';

/** Limits of one account with the global defaults already applied, plus derived helpers; rebuilt on update. */
export interface ResolvedLimits {
  readonly limits: RiskLimits;
  readonly get: <K extends keyof RiskLimits>(key: K) => RiskLimits[K];
  readonly usFx: UsFxRules | undefined;
  readonly calendar: TradingCalendar;
}

/**
 * The raw limit records (what the API shows and updates) and their parsed, resolved form. An update is parsed
 * as a whole before anything is replaced, so a bad field leaves every limit as it was.
 */
export class LimitStore {
  private globalRaw: RawLimits;
  private global: RiskLimits;
  private readonly accountRaw = new Map<AccountId, RawLimits>();
  private readonly accountParsed = new Map<AccountId, RiskLimits>();
  private readonly resolved = new Map<AccountId | 'global', ResolvedLimits>();

  constructor(initialGlobal: RawLimits = {}, initialAccounts: Readonly<Record<string, RawLimits>> = {}) {
    this.globalRaw = { ...DEFAULT_GLOBAL_LIMITS, ...initialGlobal };
    this.global = parseRiskLimits(this.globalRaw, 'global');
    for (const [accountId, raw] of Object.entries(initialAccounts)) {
      this.accountParsed.set(accountId as AccountId, parseRiskLimits(raw, 'account'));
      this.accountRaw.set(accountId as AccountId, { ...raw });
    }
  }

  view(): RiskLimitsView {
    const accounts: Record<string, RawLimits> = {};
    for (const [accountId, raw] of this.accountRaw) accounts[accountId] = raw;
    return { global: this.globalRaw, accounts };
  }

  /**
   * Merges a patch into one scope and validates the whole result; throws TmtError CONFIG_INVALID (naming the
   * field) and changes nothing on failure. In an account scope, null removes the override (the global value
   * applies again); in the global scope, null means "no limit".
   */
  update(scope: AccountId | 'global', patch: RawLimits): void {
    if (scope === 'global') {
      const merged = { ...this.globalRaw, ...patch };
      const parsed = parseRiskLimits(merged, 'global');
      this.globalRaw = merged;
      this.global = parsed;
      this.resolved.clear();
      return;
    }
    const merged: Record<string, string | number | null> = { ...(this.accountRaw.get(scope) ?? {}) };
    for (const [key, value] of Object.entries(patch)) {
      if (value === null) delete merged[key];
      else merged[key] = value;
    }
    const parsed = parseRiskLimits(merged, 'account');
    this.accountRaw.set(scope, merged);
    this.accountParsed.set(scope, parsed);
    this.resolved.delete(scope);
  }

  for(scope: AccountId | 'global'): ResolvedLimits {
    const cached = this.resolved.get(scope);
    if (cached !== undefined) return cached;
    const account = scope === 'global' ? undefined : this.accountParsed.get(scope);
    const global = this.global;
    // An account's parsed limits hold only the keys it sets, so a spread gives the effective value of each key.
    const merged: RiskLimits = {
      ...global,
      ...(account ?? {}),
      instrumentHours: new Map([...global.instrumentHours, ...(account?.instrumentHours ?? [])]),
    };
    const get = <K extends keyof RiskLimits>(key: K): RiskLimits[K] => merged[key];
    const usFx: UsFxRules | undefined =
      get('complianceProfile') === 'us-fx'
        ? {
            majors: parseMajors(get('majorCurrencies') ?? ''),
            majorCap: get('majorPairMaxLeverage') ?? 50,
            otherCap: get('otherPairMaxLeverage') ?? 20,
          }
        : undefined;
    const calendar = new TradingCalendar({
      timeZone: get('tradingDayTimeZone') ?? 'UTC',
      endsAt: get('tradingDayEnd') ?? '00:00',
    });
    const resolved: ResolvedLimits = { limits: merged, get, usFx, calendar };
    this.resolved.set(scope, resolved);
    return resolved;
  }
}

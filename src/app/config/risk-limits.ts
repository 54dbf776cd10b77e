import { isTmtError } from '../../core';
import { parseRiskLimits, RISK_LIMIT_KEYS } from '../../engine/risk/limits';
import type { ConfigProblem } from './problems';
import type { TmtConfig } from './schema';

export type LimitValues = Record<string, string | number | null>;

export interface ScopedLimits {
  /** 'global' or an account id. */
  readonly scope: string;
  /** Where in tmt.yaml they came from, for error messages. */
  readonly field: string;
  readonly limits: LimitValues;
}

/** Venues whose trading day ends at 00:00 UTC by default (crypto trades around the clock); FX keeps 17:00 New York. */
const UTC_DAY_VENUES: ReadonlySet<string> = new Set(['binance']);

/** The limits the engine gets per scope: riskLimits plus the compliance profile and trading hours sections. */
export function limitsByScope(config: TmtConfig): ScopedLimits[] {
  const global: LimitValues = { ...config.risk.global, complianceProfile: config.compliance.profile };
  if (config.tradingHours !== undefined) global.tradingHours = config.tradingHours;
  return [
    { scope: 'global', field: 'risk.global', limits: global },
    ...config.accounts.map((account, index) => {
      const limits: LimitValues = UTC_DAY_VENUES.has(account.venue)
        ? { tradingDayTimeZone: 'UTC', tradingDayEnd: '00:00', ...account.riskLimits }
        : { ...account.riskLimits };
      if (account.compliance !== undefined) limits.complianceProfile = account.compliance;
      if (account.tradingHours !== undefined) limits.tradingHours = account.tradingHours;
      return { scope: account.id, field: `accounts.${index}.riskLimits`, limits };
    }),
  ];
}

/** Checks every scope with the risk engine's parser, reporting each problem against its tmt.yaml field. */
export function riskLimitProblems(config: TmtConfig): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const known = new Set<string>(RISK_LIMIT_KEYS);
  for (const scoped of limitsByScope(config)) {
    const unknown = Object.keys(scoped.limits).find(
      (key) => !known.has(key) && !key.startsWith('tradingHours.'),
    );
    if (unknown !== undefined) {
      const field = scoped.scope === 'global' ? `risk.global.${unknown}` : `${scoped.field}.${unknown}`;
      problems.push({
        code: 'CONFIG_INVALID',
        field,
        rule: `not a known risk limit (known: ${RISK_LIMIT_KEYS.join(', ')})`,
        found: JSON.stringify(unknown),
      });
      continue;
    }
    try {
      parseRiskLimits(scoped.limits, scoped.scope === 'global' ? 'global' : 'account');
    } catch (error) {
      if (!isTmtError(error)) throw error;
      const key = error.field ?? '';
      const source =
        key === 'complianceProfile'
          ? 'compliance'
          : key === 'tradingHours'
            ? 'tradingHours'
            : `riskLimits.${key}`;
      const field =
        scoped.scope === 'global'
          ? source.startsWith('riskLimits.')
            ? `risk.global.${key}`
            : source
          : `${scoped.field.replace(/\.riskLimits$/, '')}.${source}`;
      problems.push({
        code: 'CONFIG_INVALID',
        field,
        rule: error.details.rule ?? error.message,
        found: key in scoped.limits ? JSON.stringify(scoped.limits[key]) : 'nothing',
      });
    }
  }
  return problems;
}

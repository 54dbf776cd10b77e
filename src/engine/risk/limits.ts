import { z } from 'zod';
import { Decimal as DecimalValue, TmtError, validateTradingDayRule } from '../../core';
import { parseTradingHours, type TradingHours } from './trading-hours';

/** US FX majors (NFA: 50:1 when both currencies are majors, 20:1 otherwise). */
export const DEFAULT_MAJOR_CURRENCIES = 'USD,EUR,GBP,JPY,CHF,CAD,AUD,NZD,SEK,NOK,DKK';

export type RawLimits = Readonly<Record<string, string | number | null>>;

const decimalText = (rule: 'positive' | 'fraction') =>
  z.union([z.string(), z.number()]).transform((value, context) => {
    // Numbers are read through their shortest decimal text: '0.1' stays 0.1, never 0.1000000000000000055.
    const parsed = DecimalValue.tryParse(typeof value === 'number' ? String(value) : value);
    const ok =
      parsed !== undefined && parsed.isPositive() && (rule === 'positive' || parsed.lte(DecimalValue.ONE));
    if (!ok) {
      context.addIssue({
        code: z.ZodIssueCode.custom,
        message:
          rule === 'positive'
            ? 'must be a positive decimal such as "1000.50"'
            : 'must be a decimal fraction in (0, 1] such as "0.02"',
      });
      return z.NEVER;
    }
    return parsed;
  });
// Written out in digits: a coercing parser would also take "1e2", "0x10" or " 7 " for a count.
const count = z.union([z.string(), z.number()]).transform((value, context) => {
  const text = typeof value === 'number' ? String(value) : value;
  if (!/^[1-9]\d{0,14}$/.test(text)) {
    context.addIssue({ code: z.ZodIssueCode.custom, message: 'must be a positive whole number such as 100' });
    return z.NEVER;
  }
  return Number(text);
});
const action = z.enum(['REDUCING', 'HALTED']);

/** Every limit key, its type and meaning. null (or absent) means no limit. Amounts are in the account currency. */
const LIMIT_SHAPE = {
  /** Largest notional of one order. */
  maxOrderNotional: decimalText('positive').nullable(),
  /** Largest absolute notional in one instrument, open orders on the same side included. */
  maxPositionNotionalPerInstrument: decimalText('positive').nullable(),
  /** Largest gross notional over all positions of the account. */
  maxPositionNotionalPerAccount: decimalText('positive').nullable(),
  /** Global only: largest gross notional over all accounts, in reportingCurrency. */
  maxPositionNotionalSystem: decimalText('positive').nullable(),
  /** Global only: the currency system-wide sums are expressed in. */
  reportingCurrency: z.string().regex(/^[A-Z0-9]{2,12}$/, 'must be a currency code such as "USD"'),
  maxOpenOrders: count.nullable(),
  maxConcurrentPositions: count.nullable(),
  /** Largest loss to the stop as a fraction of equity (0.01 = 1%); orders then need a stop-loss. */
  riskPerTrade: decimalText('fraction').nullable(),
  /** Largest gross notional / equity after the order. */
  maxLeverage: decimalText('positive').nullable(),
  /** Loss since the start of the trading day (equity, so open losses count) that trips dailyLossAction. */
  dailyLossLimit: decimalText('positive').nullable(),
  dailyLossAction: action,
  /** Fall from the equity peak, as a fraction, that trips maxDrawdownAction. */
  maxDrawdown: decimalText('fraction').nullable(),
  maxDrawdownAction: action,
  tradingDayTimeZone: z.string().min(1),
  tradingDayEnd: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be HH:MM (24h)'),
  submitRatePerSecond: count,
  modifyRatePerSecond: count,
  /** 'us-fx': FIFO, no hedging, leverage caps by pair class. */
  complianceProfile: z.enum(['none', 'us-fx']),
  majorCurrencies: z
    .string()
    .regex(/^[A-Z0-9]{2,12}(,[A-Z0-9]{2,12})*$/, 'must be a comma-separated list of currency codes'),
  majorPairMaxLeverage: count,
  otherPairMaxLeverage: count,
  /**
   * Oldest quote, in milliseconds, on which new exposure may be opened in an instrument (exits are always
   * allowed). null: no age limit. A venue book that reports itself resyncing blocks new exposure regardless.
   */
  maxQuoteAgeMs: count.nullable(),
  /** Account trading hours, e.g. "America/New_York;Sun 17:00-Fri 17:00". */
  tradingHours: z.string().nullable(),
} as const;

export const RISK_LIMIT_KEYS = Object.keys(LIMIT_SHAPE) as readonly (keyof typeof LIMIT_SHAPE)[];
/** Per-instrument trading hours: `tradingHours.EUR_USD.OANDA`. */
const INSTRUMENT_HOURS_PREFIX = 'tradingHours.';
const GLOBAL_ONLY = new Set(['maxPositionNotionalSystem', 'reportingCurrency']);

const schema = z.object(LIMIT_SHAPE).partial().strict();
type Parsed = z.infer<typeof schema>;

export interface RiskLimits extends Omit<Parsed, 'tradingHours'> {
  readonly tradingHours?: TradingHours | null;
  readonly instrumentHours: ReadonlyMap<string, TradingHours>;
}

export const DEFAULT_GLOBAL_LIMITS: RawLimits = {
  reportingCurrency: 'USD',
  dailyLossAction: 'HALTED',
  maxDrawdownAction: 'HALTED',
  tradingDayTimeZone: 'America/New_York',
  tradingDayEnd: '17:00',
  submitRatePerSecond: 100,
  modifyRatePerSecond: 100,
  complianceProfile: 'none',
  majorCurrencies: DEFAULT_MAJOR_CURRENCIES,
  majorPairMaxLeverage: 50,
  otherPairMaxLeverage: 20,
};

function invalid(field: string, message: string, scope: string): TmtError {
  return new TmtError('CONFIG_INVALID', `risk limits (${scope}): ${field} ${message}`, {
    field,
    details: { scope, field, rule: message },
  });
}

/**
 * Validates one scope's raw limits as a whole. Throws TmtError CONFIG_INVALID naming the first bad field;
 * unknown keys are refused (a typo must not silently disable a limit).
 */
export function parseRiskLimits(raw: RawLimits, scope: 'global' | 'account'): RiskLimits {
  const plain: Record<string, string | number | null> = {};
  const instrumentHours = new Map<string, TradingHours>();
  for (const [key, value] of Object.entries(raw)) {
    if (key.startsWith(INSTRUMENT_HOURS_PREFIX)) {
      if (value === null) continue;
      if (typeof value !== 'string') throw invalid(key, 'must be a trading-hours text', scope);
      instrumentHours.set(key.slice(INSTRUMENT_HOURS_PREFIX.length), hours(key, value, scope));
      continue;
    }
    if (scope === 'account' && GLOBAL_ONLY.has(key)) throw invalid(key, 'can only be set globally', scope);
    plain[key] = value;
  }
  const result = schema.safeParse(plain);
  if (!result.success) {
    const issue = result.error.issues[0];
    // An unknown key has no path of its own: name the key, so the caller sees which field to fix.
    const field =
      issue?.code === 'unrecognized_keys' ? (issue.keys[0] ?? '(root)') : issue?.path.join('.') || '(root)';
    throw invalid(
      field,
      issue?.code === 'unrecognized_keys'
        ? `is not a known limit (${issue.keys.join(', ')})`
        : (issue?.message ?? 'is invalid'),
      scope,
    );
  }
  const { tradingHours, ...rest } = result.data;
  if (rest.tradingDayTimeZone !== undefined || rest.tradingDayEnd !== undefined) {
    try {
      validateTradingDayRule({
        timeZone: rest.tradingDayTimeZone ?? 'UTC',
        endsAt: rest.tradingDayEnd ?? '00:00',
      });
    } catch (error) {
      throw invalid('tradingDayTimeZone', (error as Error).message, scope);
    }
  }
  const parsedHours =
    tradingHours === undefined
      ? undefined
      : tradingHours === null
        ? null
        : hours('tradingHours', tradingHours, scope);
  return { ...rest, ...(parsedHours === undefined ? {} : { tradingHours: parsedHours }), instrumentHours };
}

function hours(field: string, text: string, scope: string): TradingHours {
  try {
    return parseTradingHours(text);
  } catch (error) {
    throw invalid(field, (error as Error).message, scope);
  }
}

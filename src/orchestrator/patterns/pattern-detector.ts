import { Decimal, type Clock, type MessageBus, type Timestamp } from '../../core';
import { pearson } from './statistics';

/** One finished trade as pattern detection sees it: money exact, times in epoch ms. */
export interface ClosedTrade {
  readonly agentId: string;
  readonly accountId: string;
  readonly instrumentId: string;
  readonly side: 'long' | 'short';
  readonly enteredAt: Timestamp;
  readonly closedAt: Timestamp;
  readonly pnl: Decimal;
  /** Adverse slippage of the entry in price units (fill against the signal's reference); zero when unknown. */
  readonly slippage: Decimal;
}

/** What a strategy did in its backtest: the reference live trading is compared with. */
export interface StrategyProfile {
  readonly agentId: string;
  /** 0..1. */
  readonly winRate: Decimal;
  /** Mean P&L per trade. */
  readonly expectancy: Decimal;
  /** Mean adverse entry slippage in price units. */
  readonly slippage: Decimal;
  readonly instruments: readonly string[];
  readonly sides: readonly ('long' | 'short')[];
  readonly maxHoldingMs: number;
  readonly maxTradesPerDay: number;
}

export interface PatternConfig {
  /** Closed trades per agent compared with the profile (the rolling window). */
  readonly window: number;
  /** Absolute difference of win rate that is drift, e.g. 0.15. */
  readonly winRateTolerance: Decimal;
  /** Absolute difference of expectancy (money per trade) that is drift. */
  readonly expectancyTolerance: Decimal;
  /** Absolute difference of mean slippage (price units) that is drift. */
  readonly slippageTolerance: Decimal;
  /** Entries and returns are bucketed by this period to compare accounts. */
  readonly bucketMs: number;
  /** Buckets kept for the cross-account comparison. */
  readonly buckets: number;
  /** Correlation at or above this is concentration, e.g. 0.8. */
  readonly correlationLimit: number;
  /** Fewer shared buckets than this says nothing. */
  readonly minSamples: number;
}

export const DEFAULT_PATTERN_CONFIG: PatternConfig = {
  window: 20,
  winRateTolerance: Decimal.parse('0.15'),
  expectancyTolerance: Decimal.parse('10'),
  slippageTolerance: Decimal.parse('0.0005'),
  bucketMs: 60 * 60_000,
  buckets: 48,
  correlationLimit: 0.8,
  minSamples: 8,
};

export type PatternKind = 'concentration-entries' | 'concentration-returns' | 'drift' | 'profile';

export interface PatternFinding {
  readonly kind: PatternKind;
  /** What it is about: an agent and metric, or a pair of accounts. */
  readonly subject: string;
  readonly message: string;
  readonly details: Readonly<Record<string, string>>;
  readonly at: Timestamp;
}

const DAY_MS = 86_400_000;

/**
 * Stage 8, pattern detection: watches TMT's own trades and tells the operator (AlertRaised, kind "drift") when
 * accounts move together (concentration of entries or of returns), when an agent's win rate, expectancy or
 * slippage drifts from its backtest, or when it trades outside its recorded profile. It only alerts: it
 * changes nothing. A finding alerts once and again only after its subject has come back within bounds.
 */
export class PatternDetector {
  private readonly byAgent = new Map<string, ClosedTrade[]>();
  /** accountId -> bucket index -> [net entry direction, summed P&L]. */
  private readonly byAccount = new Map<string, Map<number, [number, Decimal]>>();
  private readonly active = new Map<string, PatternFinding>();
  private readonly profiles = new Map<string, StrategyProfile>();
  private readonly log: PatternFinding[] = [];

  constructor(
    private readonly clock: Clock,
    private readonly bus?: MessageBus,
    private readonly config: PatternConfig = DEFAULT_PATTERN_CONFIG,
  ) {}

  setProfile(profile: StrategyProfile): void {
    this.profiles.set(profile.agentId, profile);
  }

  /** Findings still standing (not yet back within bounds). */
  current(): readonly PatternFinding[] {
    return [...this.active.values()];
  }

  /** Every finding raised, oldest first. */
  history(): readonly PatternFinding[] {
    return [...this.log];
  }

  record(trade: ClosedTrade): readonly PatternFinding[] {
    const trades = this.byAgent.get(trade.agentId) ?? [];
    trades.push(trade);
    if (trades.length > Math.max(this.config.window, 1_000)) trades.shift();
    this.byAgent.set(trade.agentId, trades);
    this.addToBuckets(trade);
    return [
      ...this.checkProfile(trade, trades),
      ...this.checkDrift(trade.agentId, trades),
      ...this.checkConcentration(trade.accountId),
    ];
  }

  private addToBuckets(trade: ClosedTrade): void {
    const buckets = this.byAccount.get(trade.accountId) ?? new Map<number, [number, Decimal]>();
    const entryBucket = Math.floor(trade.enteredAt / this.config.bucketMs);
    const closeBucket = Math.floor(trade.closedAt / this.config.bucketMs);
    const entry = buckets.get(entryBucket) ?? [0, Decimal.ZERO];
    entry[0] += trade.side === 'long' ? 1 : -1;
    buckets.set(entryBucket, entry);
    const close = buckets.get(closeBucket) ?? [0, Decimal.ZERO];
    close[1] = close[1].add(trade.pnl);
    buckets.set(closeBucket, close);
    const oldest = closeBucket - this.config.buckets;
    for (const index of buckets.keys()) if (index <= oldest) buckets.delete(index);
    this.byAccount.set(trade.accountId, buckets);
  }

  private checkConcentration(accountId: string): PatternFinding[] {
    const found: PatternFinding[] = [];
    const mine = this.byAccount.get(accountId);
    if (mine === undefined) return found;
    for (const [other, theirs] of this.byAccount) {
      if (other === accountId) continue;
      const pair = [accountId, other].sort().join('~');
      const indexes = [...new Set([...mine.keys(), ...theirs.keys()])].sort((a, b) => a - b);
      if (indexes.length < this.config.minSamples) continue;
      // Correlation is a statistic, not money: the approximate number is fine here, the P&L stays exact.
      const at = (buckets: Map<number, [number, Decimal]>, index: number, column: 0 | 1) => {
        const cell = buckets.get(index);
        if (cell === undefined) return 0;
        return column === 0 ? cell[0] : cell[1].toApproximateNumber();
      };
      for (const [column, kind] of [
        [0, 'concentration-entries'],
        [1, 'concentration-returns'],
      ] as const) {
        const r = pearson(
          indexes.map((index) => at(mine, index, column)),
          indexes.map((index) => at(theirs, index, column)),
        );
        const what = column === 0 ? 'entries' : 'returns';
        const finding = this.judge(
          `${kind}:${pair}`,
          r !== undefined && r >= this.config.correlationLimit,
          () => ({
            kind,
            subject: pair,
            message: `accounts ${pair.replace('~', ' and ')} are concentrated: their ${what} correlate at ${(r ?? 0).toFixed(2)}`,
            details: {
              pattern: kind,
              accounts: pair,
              correlation: (r ?? 0).toFixed(4),
              limit: String(this.config.correlationLimit),
              samples: String(indexes.length),
            },
          }),
        );
        if (finding !== undefined) found.push(finding);
      }
    }
    return found;
  }

  private checkDrift(agentId: string, all: readonly ClosedTrade[]): PatternFinding[] {
    const profile = this.profiles.get(agentId);
    if (profile === undefined || all.length < this.config.window) return [];
    const window = all.slice(-this.config.window);
    const count = Decimal.fromInteger(window.length);
    const wins = window.filter((trade) => trade.pnl.gt(Decimal.ZERO)).length;
    const live = {
      winRate: Decimal.fromInteger(wins).div(count, 6, 'half-even'),
      expectancy: sum(window.map((trade) => trade.pnl)).div(count, 8, 'half-even'),
      slippage: sum(window.map((trade) => trade.slippage)).div(count, 10, 'half-even'),
    };
    const found: PatternFinding[] = [];
    for (const metric of ['winRate', 'expectancy', 'slippage'] as const) {
      const tolerance = this.config[`${metric}Tolerance`];
      const difference = live[metric].sub(profile[metric]);
      const finding = this.judge(`drift:${agentId}:${metric}`, difference.abs().gt(tolerance), () => ({
        kind: 'drift',
        subject: `${agentId}:${metric}`,
        message: `${agentId}'s ${metric} over its last ${window.length} trades is ${live[metric].normalize().toString()}, its backtest ${profile[metric].normalize().toString()} (tolerance ${tolerance.toString()})`,
        details: {
          pattern: 'drift',
          agent: agentId,
          metric,
          live: live[metric].normalize().toString(),
          backtest: profile[metric].normalize().toString(),
          tolerance: tolerance.toString(),
        },
      }));
      if (finding !== undefined) found.push(finding);
    }
    return found;
  }

  private checkProfile(trade: ClosedTrade, all: readonly ClosedTrade[]): PatternFinding[] {
    const profile = this.profiles.get(trade.agentId);
    if (profile === undefined) return [];
    const day = Math.floor(trade.closedAt / DAY_MS);
    const today = all.filter((other) => Math.floor(other.closedAt / DAY_MS) === day).length;
    const breaches: string[] = [];
    if (!profile.instruments.includes(trade.instrumentId))
      breaches.push(
        `instrument ${trade.instrumentId} is not among its backtested ${profile.instruments.join(', ')}`,
      );
    if (!profile.sides.includes(trade.side))
      breaches.push(`side ${trade.side} never occurred in its backtest`);
    const holdingMs = trade.closedAt - trade.enteredAt;
    if (holdingMs > profile.maxHoldingMs)
      breaches.push(`held ${holdingMs} ms, its backtest at most ${profile.maxHoldingMs} ms`);
    if (today > profile.maxTradesPerDay)
      breaches.push(`${today} trades today, its backtest at most ${profile.maxTradesPerDay} a day`);
    const finding = this.judge(`profile:${trade.agentId}`, breaches.length > 0, () => ({
      kind: 'profile',
      subject: trade.agentId,
      message: `${trade.agentId} is outside its recorded profile: ${breaches.join('; ')}`,
      details: { pattern: 'profile', agent: trade.agentId, breaches: breaches.join('; ') },
    }));
    return finding === undefined ? [] : [finding];
  }

  /** Raises a finding when its condition starts to hold; clears it when it stops. */
  private judge(
    id: string,
    holds: boolean,
    make: () => Omit<PatternFinding, 'at'>,
  ): PatternFinding | undefined {
    if (!holds) {
      this.active.delete(id);
      return undefined;
    }
    if (this.active.has(id)) return undefined;
    const at = this.clock.now();
    const finding: PatternFinding = { ...make(), at };
    this.active.set(id, finding);
    this.log.push(finding);
    if (this.log.length > 1_000) this.log.shift();
    this.bus?.publish({
      type: 'AlertRaised',
      alertId: `pattern:${id}:${at}`,
      kind: 'drift',
      severity: 'warning',
      message: finding.message,
      details: finding.details,
      occurredAt: at,
    });
    return finding;
  }
}

function sum(values: readonly Decimal[]): Decimal {
  return values.reduce((total, value) => total.add(value), Decimal.ZERO);
}

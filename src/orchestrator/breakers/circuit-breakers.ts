import {
  Decimal,
  type AccountId,
  type Clock,
  type InstrumentId,
  type MessageBus,
  type QuoteTick,
  type Timestamp,
} from '../../core';
import type { TradingEngine } from '../../engine/trading-engine';
import { checkSessions, inSession, type SessionWindow } from '../stages/sessions';
import { BreakerBoard } from './breaker-board';
import { MarketConditions } from './market-conditions';

export interface CircuitBreakerOptions {
  readonly agent?: {
    readonly maxConsecutiveLosses?: number;
    /** Share (0..1) of an agent's last `window` signals refused or denied. */
    readonly maxErrorRate?: string;
    readonly window?: number;
    readonly coolOffMs?: number;
  };
  readonly account?: {
    /** Loss since the start of the UTC day as a share of that day's starting equity; the seed's 6%. */
    readonly maxDailyLoss?: string;
    /** Fall from the highest equity seen; operator resume. */
    readonly maxDrawdown?: string;
  };
  /** Fall of total equity (per currency, across accounts) from its peak; the seed's 10%; operator resume. */
  readonly systemThreshold?: string;
  readonly tradingHours?: readonly SessionWindow[];
  readonly market?: {
    /** Spread beyond this multiple of its running normal opens the instrument's breaker. */
    readonly spreadMultiple?: number;
    /** A mid move beyond this multiple of the running normal move. */
    readonly volatilityMultiple?: number;
    readonly coolOffMs?: number;
    /** Quotes seen before the normal is trusted. */
    readonly warmupQuotes?: number;
  };
}

const DAY_MS = 86_400_000;

/** The seed's multi-level breakers over one board: agent, account, system, time and market condition. */
export class CircuitBreakers {
  readonly board: BreakerBoard;
  private readonly market: MarketConditions;
  private readonly agentResults = new Map<string, { losses: number; recent: boolean[] }>();
  private readonly dayStart = new Map<string, { day: number; equity: Decimal }>();
  private readonly peak = new Map<string, Decimal>();
  private readonly dailyLoss: Decimal;
  private readonly maxDrawdown: Decimal | undefined;
  private readonly systemThreshold: Decimal;
  private readonly maxErrorRate: Decimal | undefined;

  constructor(
    private readonly engine: TradingEngine,
    private readonly clock: Clock,
    bus: MessageBus,
    private readonly options: CircuitBreakerOptions = {},
  ) {
    this.board = new BreakerBoard(clock, bus);
    this.dailyLoss = Decimal.parse(options.account?.maxDailyLoss ?? '0.06');
    this.maxDrawdown =
      options.account?.maxDrawdown === undefined ? undefined : Decimal.parse(options.account.maxDrawdown);
    this.systemThreshold = Decimal.parse(options.systemThreshold ?? '0.10');
    this.maxErrorRate =
      options.agent?.maxErrorRate === undefined ? undefined : Decimal.parse(options.agent.maxErrorRate);
    checkSessions(options.tradingHours ?? [], 'breakers.tradingHours');
    this.market = new MarketConditions(options.market ?? {});
    this.board.declare('system', 'system');
    this.board.declare('time', 'time');
  }

  /** Feeds the market-condition breaker; call for every quote. */
  observeQuote(quote: QuoteTick): void {
    const reason = this.market.observe(quote);
    if (reason !== undefined)
      this.board.trip(
        `market:${quote.instrumentId}`,
        'market',
        reason,
        this.options.market?.coolOffMs ?? 300_000,
      );
  }

  /** An agent's signal was refused, denied or failed (error) or went through (ok). */
  recordAgentResult(agentId: string, ok: boolean): void {
    const state = this.agentState(agentId);
    state.recent.push(ok);
    const window = this.options.agent?.window ?? 20;
    if (state.recent.length > window) state.recent.shift();
    if (this.maxErrorRate === undefined || state.recent.length < window) return;
    const errors = state.recent.filter((result) => !result).length;
    const rate = Decimal.fromInteger(errors).div(Decimal.fromInteger(state.recent.length), 6, 'half-even');
    if (rate.gte(this.maxErrorRate))
      this.board.trip(
        `agent:${agentId}`,
        'agent',
        `error rate ${rate.toString()} over the last ${window} signals`,
        this.options.agent?.coolOffMs,
      );
  }

  /** A closed trade of the agent: a loss adds to its run of consecutive losses, a win ends the run. */
  recordTrade(agentId: string, realizedPnl: Decimal): void {
    const state = this.agentState(agentId);
    state.losses = realizedPnl.isNegative() ? state.losses + 1 : 0;
    const limit = this.options.agent?.maxConsecutiveLosses ?? 5;
    if (state.losses >= limit)
      this.board.trip(
        `agent:${agentId}`,
        'agent',
        `${state.losses} consecutive losses`,
        this.options.agent?.coolOffMs,
      );
  }

  /** Re-evaluates the state-derived breakers; returns the reason trading is blocked, if it is. */
  blockedGlobally(): string | undefined {
    const now = this.clock.now();
    const hours = this.options.tradingHours ?? [];
    if (!inSession(hours, now)) this.board.trip('time', 'time', 'outside trading hours');
    else if (this.board.isOpen('time')) this.board.close('time');
    this.evaluateEquity(now);
    return this.board.reason('time') ?? this.board.reason('system');
  }

  blockedAgent(agentId: string): string | undefined {
    return this.board.reason(`agent:${agentId}`);
  }

  blockedInstrument(instrumentId: InstrumentId): string | undefined {
    return this.board.reason(`market:${instrumentId}`);
  }

  blockedAccount(accountId: AccountId): string | undefined {
    return this.board.reason(`account:${accountId}`);
  }

  private agentState(agentId: string): { losses: number; recent: boolean[] } {
    let state = this.agentResults.get(agentId);
    if (state === undefined) {
      state = { losses: 0, recent: [] };
      this.agentResults.set(agentId, state);
      this.board.declare(`agent:${agentId}`, 'agent');
    }
    return state;
  }

  private evaluateEquity(now: Timestamp): void {
    const day = Math.floor(now / DAY_MS);
    const totals = new Map<string, Decimal>();
    for (const account of this.engine.accounts()) {
      const { amount: equity, currency } = account.state.equity;
      totals.set(currency, (totals.get(currency) ?? Decimal.ZERO).add(equity));
      const id = `account:${account.accountId}`;
      this.board.declare(id, 'account');
      let start = this.dayStart.get(account.accountId);
      if (start === undefined || start.day !== day) {
        start = { day, equity };
        this.dayStart.set(account.accountId, start);
      }
      const loss = fall(start.equity, equity);
      // A daily-loss breaker cools off at the next UTC day, when the day's loss starts again from zero.
      if (loss !== undefined && loss.gte(this.dailyLoss))
        this.board.trip(
          id,
          'account',
          `daily loss ${loss.toString()} of equity reached the limit ${this.dailyLoss.toString()}`,
          (day + 1) * DAY_MS - now,
          account.accountId,
        );
      const peak = maxOf(this.peak.get(id), equity);
      this.peak.set(id, peak);
      const drawdown = fall(peak, equity);
      if (this.maxDrawdown !== undefined && drawdown !== undefined && drawdown.gte(this.maxDrawdown))
        this.board.trip(
          id,
          'account',
          `drawdown ${drawdown.toString()} reached the limit ${this.maxDrawdown.toString()}`,
          undefined,
          account.accountId,
        );
    }
    for (const [currency, total] of totals) {
      const key = `system:${currency}`;
      const peak = maxOf(this.peak.get(key), total);
      this.peak.set(key, peak);
      const drawdown = fall(peak, total);
      if (drawdown !== undefined && drawdown.gte(this.systemThreshold))
        this.board.trip(
          'system',
          'system',
          `total ${currency} equity fell ${drawdown.toString()} from its peak (threshold ${this.systemThreshold.toString()})`,
        );
    }
  }
}

function maxOf(current: Decimal | undefined, value: Decimal): Decimal {
  return current === undefined ? value : current.max(value);
}

/** (from - to) / from, or undefined when `from` is not positive. */
function fall(from: Decimal, to: Decimal): Decimal | undefined {
  if (!from.isPositive()) return undefined;
  return from.sub(to).div(from, 6, 'half-even');
}

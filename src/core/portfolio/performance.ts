import type { Timestamp } from '../clock';
import { Decimal } from '../money/decimal';
import type { TradingCalendar } from './trading-day';

/** Scale of win rate and profit factor. */
export const RATIO_SCALE = 4;
/** Trading days per year for annualising the Sharpe ratio. */
export const TRADING_DAYS_PER_YEAR = 252;

export interface PerformanceStats {
  readonly trades: number;
  readonly wins: number;
  /** wins / trades (0 with no trades). A trade with zero P&L is not a win. */
  readonly winRate: Decimal;
  readonly grossProfit: Decimal;
  readonly grossLoss: Decimal;
  /** grossProfit / grossLoss; undefined while there is no loss. */
  readonly profitFactor?: Decimal;
  readonly netPnl: Decimal;
  /** Largest peak-to-trough fall of the curve (account: equity; tag: cumulative realized P&L). */
  readonly maxDrawdown: Decimal;
  /** mean / sample standard deviation of daily returns x sqrt(252); undefined with fewer than two days. */
  readonly sharpeRatio?: number;
}

/** One book's figures as plain exact values (see PerformanceTracker.toState). */
export interface PerformanceBookState {
  readonly trades: number;
  readonly wins: number;
  readonly grossProfit: Decimal;
  readonly grossLoss: Decimal;
  readonly cumulative: Decimal;
  readonly curve: CurveState;
  readonly daily: ReadonlyMap<string, Decimal>;
}

export interface CurveState {
  readonly peak?: Decimal;
  readonly maxDrawdown: Decimal;
}

/** A tracker's running totals, copied: an engine snapshot carries them instead of every historical trade. */
export interface PerformanceState {
  readonly overall: PerformanceBookState;
  readonly tags: ReadonlyMap<string, PerformanceBookState>;
  readonly equityCurve: CurveState;
  readonly closingEquity: ReadonlyMap<string, Decimal>;
}

class Curve {
  peak: Decimal | undefined;
  maxDrawdown = Decimal.ZERO;

  observe(value: Decimal): void {
    if (this.peak === undefined || value.gt(this.peak)) this.peak = value;
    const drawdown = this.peak.sub(value);
    if (drawdown.gt(this.maxDrawdown)) this.maxDrawdown = drawdown;
  }

  toState(): CurveState {
    return this.peak === undefined
      ? { maxDrawdown: this.maxDrawdown }
      : { peak: this.peak, maxDrawdown: this.maxDrawdown };
  }

  restore(state: CurveState): void {
    this.peak = state.peak;
    this.maxDrawdown = state.maxDrawdown;
  }
}

class Book {
  trades = 0;
  wins = 0;
  grossProfit = Decimal.ZERO;
  grossLoss = Decimal.ZERO;
  cumulative = Decimal.ZERO;
  readonly curve = new Curve();
  /** Realized P&L per trading day, in day order. */
  readonly daily = new Map<string, Decimal>();

  constructor() {
    this.curve.observe(Decimal.ZERO);
  }

  record(pnl: Decimal, day: string): void {
    this.trades++;
    if (pnl.isPositive()) {
      this.wins++;
      this.grossProfit = this.grossProfit.add(pnl);
    } else {
      this.grossLoss = this.grossLoss.add(pnl.neg());
    }
    this.cumulative = this.cumulative.add(pnl);
    this.curve.observe(this.cumulative);
    this.daily.set(day, (this.daily.get(day) ?? Decimal.ZERO).add(pnl));
  }

  toState(): PerformanceBookState {
    return {
      trades: this.trades,
      wins: this.wins,
      grossProfit: this.grossProfit,
      grossLoss: this.grossLoss,
      cumulative: this.cumulative,
      curve: this.curve.toState(),
      daily: new Map(this.daily),
    };
  }

  static fromState(state: PerformanceBookState): Book {
    const book = new Book();
    book.trades = state.trades;
    book.wins = state.wins;
    book.grossProfit = state.grossProfit;
    book.grossLoss = state.grossLoss;
    book.cumulative = state.cumulative;
    book.curve.restore(state.curve);
    for (const [day, pnl] of state.daily) book.daily.set(day, pnl);
    return book;
  }
}

/** Float statistics, allowed here only: the Sharpe ratio is a statistic, never money. */
export function sharpeRatio(dailyReturns: readonly number[]): number | undefined {
  if (dailyReturns.length < 2) return undefined;
  const mean = dailyReturns.reduce((sum, value) => sum + value, 0) / dailyReturns.length;
  const variance =
    dailyReturns.reduce((sum, value) => sum + (value - mean) ** 2, 0) / (dailyReturns.length - 1);
  if (variance === 0) return undefined;
  return (mean / Math.sqrt(variance)) * Math.sqrt(TRADING_DAYS_PER_YEAR);
}

/**
 * Performance of one account, overall and per tag. Trades are realized pieces (a closed OANDA trade, an
 * average-cost reduction) with their P&L in the account currency. The account curve is its equity (when the
 * service reports it), a tag's curve its cumulative realized P&L. Sharpe: the account uses day-over-day equity
 * returns (closing equity of each trading day); a tag, its daily realized P&L (the ratio is scale-free, so
 * dividing by a constant capital would not change it).
 */
export class PerformanceTracker {
  private overall = new Book();
  private readonly tags = new Map<string, Book>();
  private readonly equityCurve = new Curve();
  private readonly closingEquity = new Map<string, Decimal>();

  constructor(private readonly calendar: TradingCalendar) {}

  recordTrade(pnl: Decimal, at: Timestamp, tag: string | undefined): void {
    const day = this.calendar.dayAt(at).key;
    this.overall.record(pnl, day);
    if (tag === undefined) return;
    let book = this.tags.get(tag);
    if (book === undefined) {
      book = new Book();
      this.tags.set(tag, book);
    }
    book.record(pnl, day);
  }

  recordEquity(equity: Decimal, at: Timestamp): void {
    this.equityCurve.observe(equity);
    this.closingEquity.set(this.calendar.dayAt(at).key, equity);
  }

  /** A copy of the running totals (see PerformanceState). */
  toState(): PerformanceState {
    return {
      overall: this.overall.toState(),
      tags: new Map([...this.tags].map(([tag, book]) => [tag, book.toState()])),
      equityCurve: this.equityCurve.toState(),
      closingEquity: new Map(this.closingEquity),
    };
  }

  /** Replaces the totals with a toState() copy (the tracker's calendar stays its own). */
  restoreState(state: PerformanceState): void {
    this.overall = Book.fromState(state.overall);
    this.tags.clear();
    for (const [tag, book] of state.tags) this.tags.set(tag, Book.fromState(book));
    this.equityCurve.restore(state.equityCurve);
    this.closingEquity.clear();
    for (const [day, equity] of state.closingEquity) this.closingEquity.set(day, equity);
  }

  tagNames(): readonly string[] {
    return [...this.tags.keys()];
  }

  stats(tag?: string): PerformanceStats {
    const book = tag === undefined ? this.overall : (this.tags.get(tag) ?? new Book());
    const useEquity = tag === undefined && this.equityCurve.peak !== undefined;
    const maxDrawdown = useEquity ? this.equityCurve.maxDrawdown : book.curve.maxDrawdown;
    const sharpe =
      useEquity && this.closingEquity.size >= 3
        ? sharpeRatio(equityReturns([...this.closingEquity.values()]))
        : sharpeRatio([...book.daily.values()].map((value) => value.toApproximateNumber()));
    const winRate =
      book.trades === 0
        ? Decimal.ZERO
        : Decimal.fromInteger(book.wins).div(Decimal.fromInteger(book.trades), RATIO_SCALE, 'half-even');
    const base = {
      trades: book.trades,
      wins: book.wins,
      winRate,
      grossProfit: book.grossProfit,
      grossLoss: book.grossLoss,
      netPnl: book.cumulative,
      maxDrawdown,
    };
    const profitFactor = book.grossLoss.isZero()
      ? undefined
      : book.grossProfit.div(book.grossLoss, RATIO_SCALE, 'half-even');
    return {
      ...base,
      ...(profitFactor === undefined ? {} : { profitFactor }),
      ...(sharpe === undefined ? {} : { sharpeRatio: sharpe }),
    };
  }
}

function equityReturns(closes: readonly Decimal[]): number[] {
  const out: number[] = [];
  for (let i = 1; i < closes.length; i++) {
    const previous = (closes[i - 1] as Decimal).toApproximateNumber();
    if (previous <= 0) continue;
    out.push((closes[i] as Decimal).toApproximateNumber() / previous - 1);
  }
  return out;
}

import type { AccountId, Decimal, ErrorCode, Timestamp, TradingCalendar, TradingState } from '../../core';
import { Decimal as DecimalValue } from '../../core';

/** The limits the monitor applies to one scope (resolved by the risk engine). */
export interface LossLimits {
  readonly dailyLossLimit: Decimal | null | undefined;
  readonly dailyLossAction: TradingState;
  readonly maxDrawdown: Decimal | null | undefined;
  readonly maxDrawdownAction: TradingState;
  readonly calendar: TradingCalendar;
}

export interface LossTrip {
  readonly action: TradingState;
  readonly code: ErrorCode;
  readonly reason: string;
  readonly details: Record<string, string>;
}

interface Track {
  day: string | undefined;
  dayStart: Decimal;
  last: Decimal | undefined;
  peak: Decimal | undefined;
}

/**
 * Daily loss and maximum drawdown from equity observations (open losses count: equity includes unrealized).
 * The day's loss is measured from the last equity seen before the trading-day boundary (or the first of the
 * day). A loss exactly at the limit passes; one unit more trips.
 */
export class LossMonitor {
  private readonly tracks = new Map<AccountId | 'global', Track>();

  /**
   * System-wide: the day's loss is the sum of the accounts' own day losses (so an account joining mid-day
   * does not look like a gain or a loss); the drawdown is measured on total equity.
   */
  observeSystem(totalLoss: Decimal, totalEquity: Decimal, at: Timestamp, limits: LossLimits): LossTrip[] {
    const trips = this.observe('global', totalEquity, at, { ...limits, dailyLossLimit: null });
    const day = limits.calendar.dayAt(at).key;
    if (limits.dailyLossLimit && totalLoss.gt(limits.dailyLossLimit)) {
      trips.unshift({
        action: limits.dailyLossAction,
        code: 'RISK_DAILY_LOSS_LIMIT',
        reason: `system daily loss ${totalLoss.toString()} exceeds the limit ${limits.dailyLossLimit.toString()} (trading day ${day})`,
        details: {
          rule: 'system-daily-loss',
          limit: limits.dailyLossLimit.toString(),
          found: totalLoss.toString(),
          tradingDay: day,
        },
      });
    }
    return trips;
  }

  observe(scope: AccountId | 'global', equity: Decimal, at: Timestamp, limits: LossLimits): LossTrip[] {
    let track = this.tracks.get(scope);
    if (track === undefined) {
      track = { day: undefined, dayStart: equity, last: undefined, peak: undefined };
      this.tracks.set(scope, track);
    }
    const day = limits.calendar.dayAt(at).key;
    if (day !== track.day) {
      track.day = day;
      track.dayStart = track.last ?? equity;
    }
    track.last = equity;
    if (track.peak === undefined || equity.gt(track.peak)) track.peak = equity;

    const trips: LossTrip[] = [];
    const loss = track.dayStart.sub(equity);
    if (limits.dailyLossLimit && loss.gt(limits.dailyLossLimit)) {
      trips.push({
        action: limits.dailyLossAction,
        code: 'RISK_DAILY_LOSS_LIMIT',
        reason: `daily loss ${loss.toString()} exceeds the limit ${limits.dailyLossLimit.toString()} (trading day ${day})`,
        details: {
          rule: 'daily-loss',
          limit: limits.dailyLossLimit.toString(),
          found: loss.toString(),
          dayStartEquity: track.dayStart.toString(),
          equity: equity.toString(),
          tradingDay: day,
        },
      });
    }
    const drawdown = track.peak.sub(equity);
    if (limits.maxDrawdown && track.peak.isPositive() && drawdown.gt(track.peak.mul(limits.maxDrawdown))) {
      trips.push({
        action: limits.maxDrawdownAction,
        code: 'RISK_MAX_DRAWDOWN',
        reason: `drawdown ${drawdown.toString()} from peak ${track.peak.toString()} exceeds ${limits.maxDrawdown.toString()} of it`,
        details: {
          rule: 'max-drawdown',
          limit: track.peak.mul(limits.maxDrawdown).toString(),
          fraction: limits.maxDrawdown.toString(),
          found: drawdown.toString(),
          peakEquity: track.peak.toString(),
          equity: equity.toString(),
        },
      });
    }
    return trips;
  }

  /** Loss so far in the current trading day (positive is a loss), zero before any observation. */
  dailyLoss(scope: AccountId | 'global'): Decimal {
    const track = this.tracks.get(scope);
    return track?.last === undefined ? DecimalValue.ZERO : track.dayStart.sub(track.last);
  }
}

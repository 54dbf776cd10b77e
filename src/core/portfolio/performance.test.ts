import { describe, expect, it } from 'vitest';
import { Decimal } from '../money/decimal';
import { PerformanceTracker, sharpeRatio } from './performance';
import { CRYPTO_TRADING_DAY, TradingCalendar } from './trading-day';

const d = Decimal.parse;
const day = (n: number, hour = 12) => Date.UTC(2026, 0, n, hour);

describe('performance on a known trade list', () => {
  // Day 5: +100 (a), -50 (b); day 6: +30 (a), -80 (a); day 7: +200 (b)
  const trades: [string, number, string][] = [
    ['100', day(5), 'a'],
    ['-50', day(5), 'b'],
    ['30', day(6), 'a'],
    ['-80', day(6), 'a'],
    ['200', day(7), 'b'],
  ];
  const tracker = new PerformanceTracker(new TradingCalendar(CRYPTO_TRADING_DAY));
  for (const [pnl, at, tag] of trades) tracker.recordTrade(d(pnl), at, tag);

  it('counts win rate and profit factor exactly', () => {
    const stats = tracker.stats();
    expect(stats.trades).toBe(5);
    expect(stats.winRate.toString()).toBe('0.6000');
    expect(stats.grossProfit.toString()).toBe('330');
    expect(stats.grossLoss.toString()).toBe('130');
    expect(stats.profitFactor?.toString()).toBe('2.5385');
    expect(stats.netPnl.toString()).toBe('200');
  });

  it('measures max drawdown on the cumulative curve: 0, 100, 50, 80, 0, 200 falls 100 at worst', () => {
    expect(tracker.stats().maxDrawdown.toString()).toBe('100');
  });

  it('computes Sharpe from daily P&L: days 50, -50, 200', () => {
    const expected = sharpeRatio([50, -50, 200]);
    expect(tracker.stats().sharpeRatio).toBeCloseTo(expected ?? Number.NaN, 12);
    // mean 66.67, sample sd 125.83 -> 0.5298 x sqrt(252)
    expect(tracker.stats().sharpeRatio).toBeCloseTo(8.4105, 3);
  });

  it('keeps figures per tag', () => {
    const a = tracker.stats('a');
    expect(a.trades).toBe(3);
    expect(a.winRate.toString()).toBe('0.6667');
    expect(a.profitFactor?.toString()).toBe('1.6250');
    expect(a.maxDrawdown.toString()).toBe('80');
    const b = tracker.stats('b');
    expect(b.profitFactor?.toString()).toBe('4.0000');
    expect(tracker.stats('none').trades).toBe(0);
    expect(tracker.stats('none').profitFactor).toBeUndefined();
  });

  it('uses the equity curve for the account once equity is reported', () => {
    const withEquity = new PerformanceTracker(new TradingCalendar(CRYPTO_TRADING_DAY));
    for (const [equity, at] of [
      ['1000', day(5)],
      ['1100', day(5, 13)],
      ['900', day(6)],
      ['1200', day(7)],
    ] as const)
      withEquity.recordEquity(d(equity), at);
    const stats = withEquity.stats();
    expect(stats.maxDrawdown.toString()).toBe('200');
    // closes 1100, 900, 1200: returns -0.1818, 0.3333
    expect(stats.sharpeRatio).toBeCloseTo(sharpeRatio([900 / 1100 - 1, 1200 / 900 - 1]) ?? Number.NaN, 12);
  });

  it('has no Sharpe ratio with fewer than two days', () => {
    const single = new PerformanceTracker(new TradingCalendar(CRYPTO_TRADING_DAY));
    single.recordTrade(d('10'), day(5), undefined);
    expect(single.stats().sharpeRatio).toBeUndefined();
  });
});

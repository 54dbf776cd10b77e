import { describe, expect, it } from 'vitest';

import { Decimal, ManualClock, type AlertRaised } from '../../../src/core';
import { InProcessBus } from '../../../src/engine/bus/in-process-bus';
import {
  DEFAULT_PATTERN_CONFIG,
  PatternDetector,
  type ClosedTrade,
  type StrategyProfile,
} from '../../../src/orchestrator/patterns/pattern-detector';

const HOUR = 3_600_000;
const start = Date.UTC(2026, 0, 6, 0, 0, 0);

function setup() {
  const clock = new ManualClock(start);
  const bus = new InProcessBus();
  const alerts: AlertRaised[] = [];
  bus.subscribe('AlertRaised', (alert) => void alerts.push(alert));
  return { clock, bus, alerts, detector: new PatternDetector(clock, bus) };
}

function trade(overrides: Partial<ClosedTrade> & { readonly at: number }): ClosedTrade {
  const { at, ...rest } = overrides;
  return {
    agentId: 'trend',
    accountId: 'A',
    instrumentId: 'EUR_USD.PAPER',
    side: 'long',
    enteredAt: at,
    closedAt: at + 10 * 60_000,
    pnl: Decimal.parse('5'),
    slippage: Decimal.ZERO,
    ...rest,
  };
}

const profile: StrategyProfile = {
  agentId: 'trend',
  winRate: Decimal.parse('0.6'),
  expectancy: Decimal.parse('4'),
  slippage: Decimal.parse('0.0001'),
  instruments: ['EUR_USD.PAPER'],
  sides: ['long', 'short'],
  maxHoldingMs: 2 * HOUR,
  maxTradesPerDay: 30,
};

describe('pattern detection: concentration across accounts', () => {
  it('alerts once when two accounts enter together and their returns move together', () => {
    const { detector, alerts, clock } = setup();
    for (let i = 0; i < 10; i++) {
      const side = i % 3 === 0 ? 'short' : 'long';
      const pnl = Decimal.parse(String((i % 4) * 3 - 4));
      clock.advance(HOUR);
      detector.record(trade({ accountId: 'A', side, pnl, at: start + i * HOUR }));
      detector.record(
        trade({ accountId: 'B', side, pnl: pnl.mul(Decimal.parse('2')), at: start + i * HOUR }),
      );
    }
    const kinds = detector
      .current()
      .map((finding) => finding.kind)
      .sort();
    expect(kinds).toEqual(['concentration-entries', 'concentration-returns']);
    expect(detector.history()).toHaveLength(2); // raised once, not on every later trade
    const entries = alerts.find((alert) => alert.details.pattern === 'concentration-entries');
    expect(entries?.kind).toBe('drift');
    expect(entries?.details.accounts).toBe('A~B');
    expect(Number(entries?.details.correlation)).toBeGreaterThanOrEqual(0.8);
    // Raised as soon as there were enough shared buckets, on the manual clock's time then.
    expect(entries?.occurredAt).toBe(start + DEFAULT_PATTERN_CONFIG.minSamples * HOUR);
  });

  it('stays silent for independent accounts and below the sample minimum', () => {
    const { detector, alerts } = setup();
    for (let i = 0; i < DEFAULT_PATTERN_CONFIG.minSamples - 1; i++) {
      detector.record(trade({ accountId: 'A', at: start + i * HOUR, pnl: Decimal.parse(String(i)) }));
      detector.record(trade({ accountId: 'B', at: start + i * HOUR, pnl: Decimal.parse(String(i)) }));
    }
    expect(alerts).toHaveLength(0); // correlated, but too few buckets to say so
    const { detector: other, alerts: none } = setup();
    const sidesA = ['long', 'short', 'long', 'long', 'short', 'short', 'long', 'short', 'long', 'short'];
    const sidesB = ['short', 'long', 'long', 'short', 'long', 'short', 'short', 'long', 'short', 'long'];
    sidesA.forEach((side, i) => {
      other.record(
        trade({
          accountId: 'A',
          side: side as 'long',
          at: start + i * HOUR,
          pnl: Decimal.parse(String(i % 3)),
        }),
      );
      other.record(
        trade({
          accountId: 'B',
          side: sidesB[i] as 'long',
          at: start + i * HOUR,
          pnl: Decimal.parse(String(((i * 7) % 5) - 2)),
        }),
      );
    });
    expect(none.filter((alert) => alert.details.pattern?.startsWith('concentration'))).toHaveLength(0);
  });
});

describe('pattern detection: drift against the backtest', () => {
  it('alerts on win rate and expectancy once the window is full, and clears when back in bounds', () => {
    const { detector, alerts } = setup();
    detector.setProfile(profile);
    const window = DEFAULT_PATTERN_CONFIG.window;
    // Live: 30% winners of +5, 70% losers of -20: win rate 0.3 (0.6 backtest), expectancy -12.5 (4).
    for (let i = 0; i < window - 1; i++)
      detector.record(trade({ at: start + i * HOUR, pnl: Decimal.parse(i % 10 < 3 ? '5' : '-20') }));
    expect(alerts).toHaveLength(0); // the window is not full: nothing to compare yet
    detector.record(trade({ at: start + window * HOUR, pnl: Decimal.parse('-20') }));
    const metrics = alerts.map((alert) => alert.details.metric).sort();
    expect(metrics).toEqual(['expectancy', 'winRate']);
    const winRate = alerts.find((alert) => alert.details.metric === 'winRate');
    expect(winRate?.details).toMatchObject({
      live: '0.3',
      backtest: '0.6',
      tolerance: '0.15',
      agent: 'trend',
    });
    expect(alerts.find((alert) => alert.details.metric === 'expectancy')?.details.live).toBe('-12.5');
    // A run of trades like the backtest brings both back: the findings clear, and no new alert is raised.
    for (let i = 0; i < window; i++)
      detector.record(
        trade({ at: start + (window + 1 + i) * HOUR, pnl: Decimal.parse(i % 5 < 3 ? '10' : '-5') }),
      );
    expect(detector.current()).toHaveLength(0);
    expect(alerts).toHaveLength(2);
  });

  it('alerts on slippage beyond its tolerance, exactly at the boundary not', () => {
    const { detector } = setup();
    detector.setProfile(profile);
    const atLimit = profile.slippage.add(DEFAULT_PATTERN_CONFIG.slippageTolerance);
    for (let i = 0; i < DEFAULT_PATTERN_CONFIG.window; i++)
      detector.record(
        trade({ at: start + i * HOUR, pnl: Decimal.parse(i % 5 < 3 ? '10' : '-5'), slippage: atLimit }),
      );
    expect(detector.current()).toHaveLength(0);
    detector.record(
      trade({ at: start + 30 * HOUR, pnl: Decimal.parse('10'), slippage: Decimal.parse('0.05') }),
    );
    expect(detector.current().map((finding) => finding.subject)).toEqual(['trend:slippage']);
  });
});

describe('pattern detection: outside the recorded profile', () => {
  it('names each breach: instrument, side, holding time, trades a day', () => {
    const { detector, alerts } = setup();
    detector.setProfile({ ...profile, sides: ['long'], maxTradesPerDay: 3 });
    detector.record(trade({ at: start }));
    expect(alerts).toHaveLength(0);
    detector.record(trade({ at: start + HOUR, instrumentId: 'GBP_USD.PAPER', side: 'short' }));
    expect(alerts).toHaveLength(1);
    expect(alerts[0]?.details.breaches).toContain('instrument GBP_USD.PAPER');
    expect(alerts[0]?.details.breaches).toContain('side short');
    detector.record(trade({ at: start + 2 * HOUR })); // back within: clears
    expect(detector.current()).toHaveLength(0);
    detector.record({ ...trade({ at: start + 3 * HOUR }), closedAt: start + 6 * HOUR });
    expect(alerts).toHaveLength(2);
    expect(alerts[1]?.details.breaches).toMatch(/held 10800000 ms.*4 trades today/);
  });

  it('has nothing to say about an agent without a profile', () => {
    const { detector, alerts } = setup();
    for (let i = 0; i < 40; i++)
      detector.record(trade({ at: start + i * 60_000, side: 'short', pnl: Decimal.parse('-50') }));
    expect(alerts).toHaveLength(0);
  });
});

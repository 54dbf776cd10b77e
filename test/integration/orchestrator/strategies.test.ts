import { describe, expect, it } from 'vitest';

import { InstrumentId, ManualClock, Price, type QuoteTick } from '../../../src/core';
import { InProcessBus } from '../../../src/engine';
import { CandleBuilder, type Candle } from '../../../src/core/market/candles';
import { DonchianBreakout } from '../../../src/orchestrator/strategies/breakout';
import { MovingAverageCrossover } from '../../../src/orchestrator/strategies/ma-crossover';
import { StrategyRunner } from '../../../src/orchestrator/strategies/strategy-runner';

const EURUSD = InstrumentId.parse('EUR_USD.PAPER');
const quote = (at: number, mid: string): QuoteTick => {
  const m = Price.parse(mid);
  return {
    type: 'QuoteTick',
    instrumentId: EURUSD,
    bid: Price.of(m.sub(Price.parse('0.00005'))),
    ask: Price.of(m.add(Price.parse('0.00005'))),
    occurredAt: at,
    recordedAt: at,
  };
};
const candle = (i: number, close: string, range = '0.0010'): Candle => {
  const c = Price.parse(close);
  const half = Price.parse(range).div(Price.parse('2'), 6, 'half-even');
  return {
    instrumentId: EURUSD,
    timeframeMs: 60_000,
    openTime: i * 60_000,
    closeTime: (i + 1) * 60_000,
    open: c,
    high: Price.of(c.add(half)),
    low: Price.of(c.sub(half)),
    close: c,
    ticks: 1,
  };
};

describe('candles from ticks', () => {
  it('a candle is emitted only once its window has closed, never while it is forming (no lookahead)', () => {
    const closed: Candle[] = [];
    const builder = new CandleBuilder(60_000, (c) => closed.push(c));
    builder.onQuote(quote(0, '1.10000'));
    builder.onQuote(quote(30_000, '1.10100'));
    builder.onQuote(quote(59_999, '1.09900'));
    builder.advance(59_999);
    expect(closed).toEqual([]);
    builder.advance(60_000);
    expect(closed).toHaveLength(1);
    expect(closed[0]).toMatchObject({ openTime: 0, closeTime: 60_000, ticks: 3 });
    expect([closed[0]?.open, closed[0]?.high, closed[0]?.low, closed[0]?.close].map(String)).toEqual([
      '1.100000',
      '1.101000',
      '1.099000',
      '1.099000',
    ]);
  });

  it('the first tick of a later window closes the previous candle; a late tick does not reopen it', () => {
    const closed: Candle[] = [];
    const builder = new CandleBuilder(1_000, (c) => closed.push(c));
    builder.onQuote(quote(500, '1.1'));
    builder.onQuote(quote(2_100, '1.2'));
    expect(closed.map((c) => c.closeTime)).toEqual([1_000]);
    builder.onQuote(quote(900, '9.9'));
    expect(closed).toHaveLength(1);
  });
});

describe('built-in strategies', () => {
  it('moving-average crossover: long on the cross up with an ATR stop, short on the cross down, nothing in between', () => {
    const strategy = new MovingAverageCrossover({ fast: 2, slow: 4, atrPeriod: 2 });
    const closes = ['1.10', '1.09', '1.08', '1.07', '1.06', '1.10', '1.14', '1.15', '1.15', '1.05', '1.00'];
    const decisions = closes.map((close, i) => strategy.onCandle(candle(i, close)));
    const fired = decisions.map((d, i) => (d === undefined ? undefined : `${i}:${d.intent}`)).filter(Boolean);
    expect(fired).toEqual(['5:long', '9:short']); // at 5: fast (1.06+1.10)/2 = 1.08 > slow 1.0775
    const long = decisions[5];
    expect(long?.stopDistance?.isPositive()).toBe(true);
    expect(long?.confidence.lte(Price.parse('1'))).toBe(true);
  });

  it('breakout: a close beyond the previous N-bar channel fires once, not on every bar beyond it', () => {
    const strategy = new DonchianBreakout({ lookback: 3, atrPeriod: 2 });
    const closes = ['1.00', '1.01', '1.00', '1.01', '1.05', '1.06', '1.07', '1.00', '0.90'];
    const fired = closes
      .map((close, i) => strategy.onCandle(candle(i, close, '0.0100')))
      .map((d, i) => (d === undefined ? undefined : `${i}:${d.intent}`))
      .filter(Boolean);
    expect(fired).toEqual(['4:long', '7:short']); // at 7: 1.00 is below the 3-bar low 1.045
  });

  it('the runner sends signals with ids derived from the candle, the same for the same data', async () => {
    const run = async () => {
      const bus = new InProcessBus();
      const sent: string[] = [];
      const runner = new StrategyRunner(
        {
          id: 'trend',
          kind: 'breakout',
          instrument: 'EUR_USD.PAPER',
          timeframeMs: 60_000,
          params: { lookback: 3, atrPeriod: 2 },
        },
        bus,
        async (signal) => {
          sent.push(
            `${signal.clientSignalId}:${signal.intent}:${signal.stopLoss === undefined ? '' : JSON.stringify(signal.stopLoss)}`,
          );
          return undefined as never;
        },
      );
      const clock = new ManualClock(0);
      const mids = ['1.00', '1.01', '1.00', '1.01', '1.05', '1.06', '1.07', '1.00', '0.90', '0.90'];
      mids.forEach((mid, i) => {
        bus.publish(quote(i * 60_000, mid));
        bus.publish(quote(i * 60_000 + 30_000, mid === '0.90' ? '0.89' : mid));
        clock.advance(60_000);
      });
      await runner.idle();
      runner.close();
      return sent;
    };
    const first = await run();
    expect(first.length).toBeGreaterThan(0);
    expect(first[0]).toMatch(/^trend\.\d+:long:\{"distance":"/);
    expect(await run()).toEqual(first);
  });
});

import { describe, expect, it } from 'vitest';

import {
  AccountId,
  Decimal,
  ManualClock,
  parseSignal,
  Price,
  type Instrument,
  type QuoteTick,
} from '../../../src/core';
import type { TradingEngine } from '../../../src/engine/trading-engine';
import { MarketView } from '../../../src/orchestrator/pipeline/market-view';
import type { StageContext, TradePlan } from '../../../src/orchestrator/pipeline/stage';
import { CorrelationStage } from '../../../src/orchestrator/stages/correlation-stage';
import { QualityStage } from '../../../src/orchestrator/stages/quality-stage';
import { SizingStage } from '../../../src/orchestrator/stages/sizing-stage';
import { paperInstruments } from '../../../src/simulators/paper/instruments';

const clock = new ManualClock(Date.UTC(2026, 0, 6, 10, 0, 0));
const EURUSD = paperInstruments().find((i) => i.instrument.id === 'EUR_USD.PAPER')?.instrument as Instrument;
const quote: QuoteTick = {
  type: 'QuoteTick',
  instrumentId: EURUSD.id,
  bid: Price.parse('1.10000'),
  ask: Price.parse('1.10010'),
  occurredAt: clock.now(),
  recordedAt: clock.now(),
};

interface Holding {
  accountId: string;
  side: 'long' | 'short';
  quantity: string;
}

/** The facade as the stages read it; the real engine runs in signal-pipeline.test.ts. */
function facade(accounts: string[], holdings: Holding[] = []): TradingEngine {
  const positions = holdings.map((h) => ({
    accountId: AccountId.parse(h.accountId),
    instrumentId: EURUSD.id,
    side: h.side,
    signedQuantity: Decimal.parse(h.side === 'long' ? h.quantity : `-${h.quantity}`),
    averagePrice: Decimal.parse('1.1'),
  }));
  return {
    accounts: () =>
      accounts.map((id) => ({
        accountId: AccountId.parse(id),
        venue: 'PAPER',
        enabled: true,
        state: { equity: { amount: Decimal.parse('100000'), currency: 'USD' } },
      })),
    positions: (accountId?: string) =>
      positions.filter((p) => accountId === undefined || p.accountId === accountId),
    orders: () => [],
    instruments: () => [EURUSD],
    quotes: () => [quote],
  } as unknown as TradingEngine;
}

let n = 0;
function plan(overrides: Record<string, unknown> = {}, legs: string[] = ['acc-1']): TradePlan {
  const signal = parseSignal(
    {
      clientSignalId: `s-${++n}`,
      agentId: 'a',
      instrumentId: 'EUR_USD.PAPER',
      intent: 'long',
      confidence: '0.5',
      ...overrides,
    },
    clock.now(),
  );
  return { signal, legs: legs.map((id) => ({ accountId: AccountId.parse(id) })) };
}

const context = (engine: TradingEngine): StageContext => ({ engine, clock });

describe('quality stage boundaries', () => {
  it('minimum confidence: equal passes, one step below drops', () => {
    const stage = new QualityStage({ minConfidence: '0.6' });
    const ctx = context(facade(['acc-1']));
    expect(stage.process(plan({ confidence: '0.6', instrumentId: 'EUR_USD.PAPER' }), ctx).action).toBe(
      'accept',
    );
    expect(stage.process(plan({ confidence: '0.5999', instrumentId: 'GBP_USD.PAPER' }), ctx)).toMatchObject({
      action: 'drop',
    });
  });

  it('cooldown per instrument: 1 ms short drops, exactly the cooldown passes; another instrument is free', () => {
    const stage = new QualityStage({ cooldownMs: 1_000 });
    const ctx = context(facade(['acc-1']));
    expect(stage.process(plan(), ctx).action).toBe('accept');
    clock.advance(999);
    expect(stage.process(plan(), ctx).action).toBe('drop');
    expect(stage.process(plan({ instrumentId: 'GBP_USD.PAPER' }), ctx).action).toBe('accept');
    clock.advance(1);
    expect(stage.process(plan(), ctx).action).toBe('accept');
  });

  it('a cap on signals per period: the (count+1)th in the period drops, the period rolls', () => {
    const stage = new QualityStage({ maxSignals: { count: 2, periodMs: 10_000 } });
    const ctx = context(facade(['acc-1']));
    const on = (i: number) => plan({ instrumentId: ['EUR_USD.PAPER', 'GBP_USD.PAPER', 'USD_JPY.PAPER'][i] });
    expect(stage.process(on(0), ctx).action).toBe('accept');
    expect(stage.process(on(1), ctx).action).toBe('accept');
    expect(stage.process(on(2), ctx).action).toBe('drop');
    clock.advance(10_000);
    expect(stage.process(on(2), ctx).action).toBe('accept');
  });

  it('conflicting signals: keep-first drops the opposite newcomer; higher-confidence lets a stronger one through', () => {
    const ctx = context(facade(['acc-1']));
    const keep = new QualityStage({ conflicts: { windowMs: 5_000, policy: 'keep-first' } });
    expect(keep.process(plan({ confidence: '0.5' }), ctx).action).toBe('accept');
    expect(keep.process(plan({ intent: 'short', confidence: '0.9' }), ctx).action).toBe('drop');
    const higher = new QualityStage({ conflicts: { windowMs: 5_000, policy: 'higher-confidence' } });
    expect(higher.process(plan({ confidence: '0.5' }), ctx).action).toBe('accept');
    expect(higher.process(plan({ intent: 'short', confidence: '0.5' }), ctx).action).toBe('drop');
    expect(higher.process(plan({ intent: 'short', confidence: '0.51' }), ctx).action).toBe('accept');
  });

  it('sessions: a signal at the window end (exclusive) drops, at its start passes', () => {
    const stage = new QualityStage({ sessions: [{ start: '10:00', end: '10:30' }] });
    const at = new ManualClock(Date.UTC(2026, 0, 6, 10, 0, 0));
    const ctx: StageContext = { engine: facade(['acc-1']), clock: at };
    expect(stage.process(plan({ instrumentId: 'USD_JPY.PAPER' }), ctx).action).toBe('accept');
    at.advance(30 * 60_000);
    expect(stage.process(plan({ instrumentId: 'GBP_USD.PAPER' }), ctx).action).toBe('drop');
  });
});

describe('correlation stage boundaries', () => {
  it('fans out to the enabled accounts of the venue; a non-participating account is removed', () => {
    const stage = new CorrelationStage(new MarketView(facade([])), {
      accounts: { 'acc-2': { participate: false } },
    });
    const result = stage.process(plan({}, []), context(facade(['acc-1', 'acc-2', 'acc-3'])));
    expect(result.action).toBe('change');
    if (result.action !== 'change') return;
    expect(result.plan.legs.map((l) => l.accountId)).toEqual(['acc-1', 'acc-3']);
  });

  it('at most N accounts on the same side: holders keep their leg, the (N+1)th account is removed', () => {
    const engine = facade(
      ['acc-1', 'acc-2', 'acc-3'],
      [{ accountId: 'acc-1', side: 'long', quantity: '1000' }],
    );
    const stage = new CorrelationStage(new MarketView(engine), { maxAccountsSameSide: 2 });
    const result = stage.process(plan({}, []), context(engine));
    if (result.action !== 'change') throw new Error(`expected a change, got ${result.action}`);
    expect(result.plan.legs.map((l) => l.accountId)).toEqual(['acc-1', 'acc-2']);
    expect(result.reason).toContain('acc-3');
  });

  it('currency exposure cap: at the cap the signal drops; below it each leg gets its share of the headroom', () => {
    const full = facade(['acc-1', 'acc-2'], [{ accountId: 'acc-1', side: 'long', quantity: '100000' }]);
    const atCap = new CorrelationStage(new MarketView(full), { maxExposure: { EUR: '100000' } });
    expect(atCap.process(plan({}, []), context(full)).action).toBe('drop');
    const below = new CorrelationStage(new MarketView(full), { maxExposure: { EUR: '160000' } });
    const result = below.process(plan({}, []), context(full));
    if (result.action !== 'change') throw new Error('expected a change');
    expect(result.plan.legs.map((l) => l.maxQuantity?.toString())).toEqual(['30000', '30000']);
  });
});

describe('sizing stage boundaries', () => {
  it('2% of equity at the stop distance, rounded down to the lot; the exposure cap reduces it', () => {
    const engine = facade(['acc-1']);
    const stage = new SizingStage(new MarketView(engine));
    const sized = stage.process(plan({ stopLoss: { distance: '0.00300' } }), context(engine));
    if (sized.action !== 'change') throw new Error('expected a change');
    // 2,000 USD / 0.003 = 666,666.67 -> 666,666 units (lot 1); entry at the ask 1.10010.
    expect(sized.plan.legs[0]?.quantity?.toString()).toBe('666666');
    expect(sized.plan.legs[0]?.stopPrice?.toString()).toBe('1.09710');
    const capped = stage.process(
      {
        ...plan({ stopLoss: { distance: '0.00300' } }),
        legs: [{ accountId: AccountId.parse('acc-1'), maxQuantity: Decimal.parse('5000') as never }],
      },
      context(engine),
    );
    if (capped.action !== 'change') throw new Error('expected a change');
    expect(capped.plan.legs[0]?.quantity?.toString()).toBe('5000');
  });

  it('no stop and no fixed size drops; the concurrent-trade cap drops at the cap, not one below', () => {
    const engine = facade(['acc-1']);
    expect(new SizingStage(new MarketView(engine)).process(plan(), context(engine)).action).toBe('drop');
    const held = facade(['acc-1'], []);
    const twoHeld = {
      ...held,
      accounts: held.accounts,
      instruments: held.instruments,
      quotes: held.quotes,
      orders: held.orders,
      positions: () => [
        { accountId: 'acc-1', instrumentId: 'GBP_USD.PAPER', signedQuantity: Decimal.ONE },
        { accountId: 'acc-1', instrumentId: 'USD_JPY.PAPER', signedQuantity: Decimal.ONE },
      ],
    } as unknown as TradingEngine;
    const withStop = () => plan({ stopLoss: { distance: '0.00300' } });
    expect(
      new SizingStage(new MarketView(twoHeld), { maxConcurrentTrades: 3 }).process(
        withStop(),
        context(twoHeld),
      ).action,
    ).toBe('change');
    expect(
      new SizingStage(new MarketView(twoHeld), { maxConcurrentTrades: 2 }).process(
        withStop(),
        context(twoHeld),
      ).action,
    ).toBe('drop');
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { btcUsdt, d, fill, fxPair, instrumentMap, quote } from '../../../test/integration/risk/fixtures';
import { AccountId, Decimal, decodeExact, encodeExact, ManualClock, type PositionMode } from '../../core';
import { InProcessBus } from '../bus/in-process-bus';
import { PortfolioService } from './portfolio-service';
import type { PortfolioSnapshotState } from './portfolio-state';
import type { AccountSetup } from './types';

const eurUsd = fxPair('EUR_USD');
const btc = btcUsdt();
const account = AccountId.parse('acc-1');
const DAY = 86_400_000;

function service(clock: ManualClock, overrides: Partial<AccountSetup> = {}): PortfolioService {
  const portfolio = new PortfolioService({
    bus: new InProcessBus(),
    clock,
    instrument: instrumentMap(eurUsd, btc),
  });
  portfolio.registerAccount({
    accountId: account,
    venue: 'OANDA',
    type: 'margin',
    baseCurrency: 'USD',
    positionMode: 'netting',
    costBasis: 'fifo-trades',
    balances: [{ currency: 'USD', total: d('100000') }],
    ...overrides,
  });
  return portfolio;
}

/** Every read the API makes of the portfolio, as exact text. */
function views(portfolio: PortfolioService): string {
  return encodeExact({
    positions: portfolio.positions(),
    closed: portfolio.closedPositions(),
    trades: portfolio.closedTrades(),
    open: portfolio.openTrades(account, eurUsd.id),
    accounts: portfolio.accounts(),
    performance: portfolio.performance(account),
    tagged: portfolio.performance(account, 'a'),
    net: portfolio.netQuantity(account, eurUsd.id),
  });
}

/** The snapshot as it travels: through the journal's exact encoding. */
const throughJournal = (state: PortfolioSnapshotState) =>
  decodeExact<PortfolioSnapshotState>(encodeExact(state));

const fillStep = fc.record({
  buy: fc.boolean(),
  units: fc.integer({ min: 1, max: 50_000 }),
  ticks: fc.integer({ min: 100_000, max: 120_000 }),
  fee: fc.integer({ min: 0, max: 300 }),
  reduce: fc.boolean(),
  tagged: fc.boolean(),
  days: fc.integer({ min: 0, max: 2 }),
});

describe('portfolio snapshot (captureState / restoreState)', () => {
  for (const costBasis of ['fifo-trades', 'average-cost'] as const) {
    for (const positionMode of ['netting', 'hedging'] as PositionMode[]) {
      it(`${costBasis}, ${positionMode}: restored mid-way and fed the rest, it answers as the portfolio that never stopped`, () => {
        fc.assert(
          fc.property(fc.array(fillStep, { minLength: 1, maxLength: 30 }), fc.nat(), (steps, cut) => {
            const split = cut % (steps.length + 1);
            const [clockLive, clockRestored] = [new ManualClock(), new ManualClock()];
            const live = service(clockLive, { costBasis, positionMode });
            const before = service(clockRestored, { costBasis, positionMode });
            const restored = service(clockRestored, { costBasis, positionMode });
            const book = (portfolio: PortfolioService, clock: ManualClock, index: number) => {
              const step = steps[index] as (typeof steps)[number];
              clock.advance(step.days * DAY + 1_000);
              portfolio.applyFill(
                fill(
                  eurUsd,
                  step.buy ? 'buy' : 'sell',
                  String(step.units),
                  Decimal.of(BigInt(step.ticks), 5).toString(),
                  {
                    commission: Decimal.of(BigInt(step.fee), 2).toString(),
                    commissionCurrency: 'USD',
                    effect: step.reduce ? 'reduce' : 'open',
                    at: clock.now(),
                    tradeId: `t${index}`,
                    ...(step.tagged ? { tag: 'a' } : {}),
                  },
                ),
              );
            };
            for (let i = 0; i < steps.length; i++) book(live, clockLive, i);
            for (let i = 0; i < split; i++) book(before, clockRestored, i);
            expect(restored.restoreState(throughJournal(before.captureState()))).toBe(true);
            for (let i = split; i < steps.length; i++) book(restored, clockRestored, i);
            const mark = quote(eurUsd, '1.10000', '1.10010');
            live.onQuote(mark);
            restored.onQuote(mark);
            expect(views(restored)).toBe(views(live));
            // A fill booked before the snapshot is a duplicate after it, as live.
            if (split > 0) {
              const again = restored.applyFill(fill(eurUsd, 'buy', '1', '1.1', { tradeId: 't0' }));
              expect(again.status).toBe('duplicate');
            }
          }),
          { numRuns: 60 },
        );
      });
    }
  }

  it('a cash account: both assets and the commission asset come back, and positions continue', () => {
    const clock = new ManualClock();
    const cash = { type: 'cash', costBasis: 'average-cost', baseCurrency: 'USDT', venue: 'BINANCE' } as const;
    const spot = { ...cash, balances: [{ currency: 'USDT', total: d('50000') }] };
    const live = service(clock, spot);
    live.applyFill(fill(btc, 'buy', '0.5', '40000', { commission: '0.001', commissionCurrency: 'BNB' }));
    live.applyFill(fill(btc, 'sell', '0.2', '41000'));
    const restored = service(new ManualClock(), spot);
    expect(restored.restoreState(throughJournal(live.captureState()))).toBe(true);
    expect(encodeExact(restored.accounts())).toBe(encodeExact(live.accounts()));
    expect(restored.freeBalance(account, 'BTC').toString()).toBe('0.3');
    const last = fill(btc, 'sell', '0.3', '42000', { tradeId: 'last' });
    for (const portfolio of [live, restored]) portfolio.applyFill(last);
    expect(encodeExact(restored.closedPositions())).toBe(encodeExact(live.closedPositions()));
  });

  it('a venue balance report newer than the snapshot wins over the snapshot balances', () => {
    const clock = new ManualClock();
    const live = service(clock);
    live.applyFill(fill(eurUsd, 'buy', '10000', '1.10000', { at: clock.now() }));
    const state = throughJournal(live.captureState());
    const restored = service(clock);
    clock.advance(1_000);
    restored.applyAccountReport({
      accountId: account,
      baseCurrency: 'USD',
      balances: [{ currency: 'USD', total: d('777'), locked: d('0') }],
      reportedAt: clock.now(),
    } as never);
    expect(restored.restoreState(state)).toBe(true);
    expect(restored.freeBalance(account, 'USD').toString()).toBe('777');
    expect(restored.netQuantity(account, eurUsd.id).toString()).toBe('10000');
  });

  it('refuses, changing nothing, a snapshot taken under another booking set-up or of an unknown version', () => {
    const clock = new ManualClock();
    const fifo = service(clock);
    fifo.applyFill(fill(eurUsd, 'buy', '10000', '1.10000'));
    const state = throughJournal(fifo.captureState());
    const average = service(clock, { costBasis: 'average-cost' });
    average.applyFill(fill(eurUsd, 'sell', '5', '1.2'));
    const untouched = views(average);
    expect(average.restoreState(state)).toBe(false);
    expect(average.restoreState({ ...state, version: 99 })).toBe(false);
    expect(views(average)).toBe(untouched);
  });
});

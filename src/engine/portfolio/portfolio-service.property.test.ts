import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { d, fill, fxPair, instrumentMap, quote } from '../../../test/integration/risk/fixtures';
import { AccountId, Decimal, ManualClock } from '../../core';
import { InProcessBus } from '../bus/in-process-bus';
import { PortfolioService } from './portfolio-service';

const eurUsd = fxPair('EUR_USD');
const account = AccountId.parse('acc-1');

describe('PortfolioService accounting (property)', () => {
  for (const costBasis of ['fifo-trades', 'average-cost'] as const) {
    it(`${costBasis}: equity moves by exactly the marked cash flows minus commissions, and closed history plus the open position add up`, () => {
      fc.assert(
        fc.property(
          fc.array(
            fc.record({
              buy: fc.boolean(),
              units: fc.integer({ min: 1, max: 100_000 }),
              ticks: fc.integer({ min: 100_000, max: 120_000 }),
              fee: fc.integer({ min: 0, max: 500 }),
            }),
            { minLength: 1, maxLength: 30 },
          ),
          fc.integer({ min: 100_000, max: 120_000 }),
          (fills, markTicks) => {
            const portfolio = new PortfolioService({
              bus: new InProcessBus(),
              clock: new ManualClock(),
              instrument: instrumentMap(eurUsd),
            });
            portfolio.registerAccount({
              accountId: account,
              venue: 'OANDA',
              type: 'margin',
              baseCurrency: 'USD',
              positionMode: 'netting',
              costBasis,
              balances: [{ currency: 'USD', total: d('1000000') }],
            });
            let cash = Decimal.ZERO;
            let net = Decimal.ZERO;
            for (const raw of fills) {
              const price = Decimal.of(BigInt(raw.ticks), 5);
              const commission = Decimal.of(BigInt(raw.fee), 2);
              const signed = Decimal.fromInteger(raw.buy ? raw.units : -raw.units);
              cash = cash.sub(signed.mul(price)).sub(commission);
              net = net.add(signed);
              portfolio.applyFill(
                fill(eurUsd, raw.buy ? 'buy' : 'sell', String(raw.units), price.toString(), {
                  commission: commission.toString(),
                  commissionCurrency: 'USD',
                }),
              );
            }
            const mark = Decimal.of(BigInt(markTicks), 5).toString();
            portfolio.onQuote(quote(eurUsd, mark, mark));
            expect(portfolio.netQuantity(account, eurUsd.id).eq(net)).toBe(true);
            const equity = portfolio.account(account)?.state.equity.amount ?? Decimal.ZERO;
            expect(equity.sub(d('1000000')).eq(cash.add(net.mul(d(mark))))).toBe(true);
            let realized = Decimal.ZERO;
            for (const closed of portfolio.closedPositions(account))
              realized = realized.add(closed.realizedPnl.amount);
            const open = portfolio.position(account, eurUsd.id);
            const total = realized
              .add(open?.realizedPnl.amount ?? Decimal.ZERO)
              .add(open?.unrealizedPnl.amount ?? Decimal.ZERO);
            expect(total.eq(cash.add(net.mul(d(mark))).add(sumFees(fills)))).toBe(true);
          },
        ),
        { numRuns: 1000 },
      );
    });
  }
});

function sumFees(fills: readonly { fee: number }[]): Decimal {
  return fills.reduce((total, raw) => total.add(Decimal.of(BigInt(raw.fee), 2)), Decimal.ZERO);
}

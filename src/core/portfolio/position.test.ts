import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { btcUsdt, d, fill, fxPair } from '../../../test/integration/risk/fixtures';
import { AccountId } from '../identifiers';
import type { Instrument } from '../instruments';
import { Currency } from '../money/currency';
import { Decimal } from '../money/decimal';
import { Money } from '../money/money';
import { StaticConversionRates } from './conversion';
import { Position } from './position';
import type { ConversionRateSource, CostBasis, PositionFill } from './types';

const eurUsd = fxPair('EUR_USD');
const usd = Currency.parse('USD');

function newPosition(
  instrument: Instrument,
  costBasis: CostBasis,
  rates: ConversionRateSource = new StaticConversionRates(),
  account = usd,
): Position {
  return new Position({
    id: 'p1',
    accountId: AccountId.parse('acc-1'),
    instrumentId: instrument.id,
    quoteCurrency: instrument.quoteCurrency,
    accountCurrency: account,
    costBasis,
    leg: 'net',
    rates,
    openedAt: 0,
  });
}

const signedOf = (f: PositionFill) => (f.side === 'buy' ? f.quantity : f.quantity.neg());

function apply(position: Position, f: PositionFill) {
  return position.applyFill(f, signedOf(f));
}

describe('Position with FIFO trades (OANDA)', () => {
  it('closes the oldest trade first and realizes per closed trade', () => {
    const position = newPosition(eurUsd, 'fifo-trades');
    apply(position, fill(eurUsd, 'buy', '100', '1.10000', { tradeId: 'A' }));
    apply(position, fill(eurUsd, 'buy', '50', '1.10100', { tradeId: 'B' }));
    const result = apply(position, fill(eurUsd, 'sell', '120', '1.10500', { tradeId: 'C' }));
    expect(
      result.closed.map((trade) => [
        trade.openingTradeId,
        trade.quantity.toString(),
        trade.realizedQuote.amount.toString(),
      ]),
    ).toEqual([
      ['A', '100', '0.50000'],
      ['B', '20', '0.08000'],
    ]);
    expect(position.realizedQuote.eq(d('0.58'))).toBe(true);
    expect(position.signedQuantity.toString()).toBe('30');
    expect(position.averagePrice().toString()).toBe('1.101');
    expect(position.openTrades().map((trade) => [trade.tradeId, trade.openQuantity.toString()])).toEqual([
      ['B', '30'],
    ]);
    expect(position.unrealizedQuote(d('1.10000')).eq(d('-0.03'))).toBe(true);
  });

  it('books a short and its cover with the sign of the loss', () => {
    const position = newPosition(eurUsd, 'fifo-trades');
    apply(position, fill(eurUsd, 'sell', '1000', '1.20000'));
    const result = apply(position, fill(eurUsd, 'buy', '1000', '1.20100'));
    expect(result.realizedQuote.eq(d('-1'))).toBe(true);
    expect(position.isFlat()).toBe(true);
    expect(position.direction).toBe('short');
  });

  it('returns the part of an opposite fill larger than the position as the remainder (a flip)', () => {
    const position = newPosition(eurUsd, 'fifo-trades');
    apply(position, fill(eurUsd, 'buy', '100', '1.10000'));
    const result = apply(position, fill(eurUsd, 'sell', '150', '1.10010'));
    expect(result.remainder.toString()).toBe('-50');
    expect(position.isFlat()).toBe(true);
    expect(result.realizedQuote.eq(d('0.01'))).toBe(true);
  });
});

describe('Position with average cost (crypto spot)', () => {
  it('realizes against the average entry and keeps the average on a partial reduction', () => {
    const btc = btcUsdt();
    const position = newPosition(btc, 'average-cost', new StaticConversionRates(), Currency.parse('USDT'));
    apply(position, fill(btc, 'buy', '1', '100.00'));
    apply(position, fill(btc, 'buy', '1', '200.00'));
    expect(position.averagePrice().toString()).toBe('150');
    const result = apply(position, fill(btc, 'sell', '0.5', '180.00'));
    expect(result.realizedQuote.eq(d('15'))).toBe(true);
    expect(position.averagePrice().toString()).toBe('150');
    expect(position.unrealizedQuote(d('160')).eq(d('15'))).toBe(true);
  });
});

describe('P&L in the account currency', () => {
  const eurGbp = fxPair('EUR_GBP');

  it('converts realized P&L at the rate of the close and unrealized at the current rate', () => {
    const rates = new StaticConversionRates([['GBP', 'USD', d('1.25')]]);
    const position = newPosition(eurGbp, 'fifo-trades', rates);
    apply(position, fill(eurGbp, 'buy', '10000', '0.85000'));
    apply(position, fill(eurGbp, 'sell', '5000', '0.86000'));
    rates.set('GBP', 'USD', d('1.30'));
    // 5000 x 0.01 = 50 GBP, booked at 1.25 -> 62.5 USD; the later rate does not move it.
    expect(position.realizedAccount()?.eq(d('62.5'))).toBe(true);
    position.markTo(d('0.86000'));
    expect(position.unrealizedAccount()?.eq(d('65'))).toBe(true);
  });

  it("takes the venue's booked P&L over its own conversion", () => {
    const position = newPosition(
      eurGbp,
      'fifo-trades',
      new StaticConversionRates([['GBP', 'USD', d('1.25')]]),
    );
    apply(position, fill(eurGbp, 'buy', '10000', '0.85000'));
    apply(position, fill(eurGbp, 'sell', '10000', '0.86000', { venuePnl: Money.parse('62.4871', 'USD') }));
    expect(position.realizedAccount()?.toString()).toBe('62.4871');
  });

  it('has no account figure while the rate is unknown, and one as soon as it is', () => {
    const rates = new StaticConversionRates();
    const position = newPosition(eurGbp, 'fifo-trades', rates);
    apply(position, fill(eurGbp, 'buy', '100', '0.85000'));
    apply(position, fill(eurGbp, 'sell', '100', '0.85100'));
    expect(position.realizedAccount()).toBeUndefined();
    rates.set('GBP', 'USD', d('1.2'));
    expect(position.realizedAccount()?.eq(d('0.12'))).toBe(true);
  });
});

const fillArbitrary = fc.record({
  buy: fc.boolean(),
  units: fc.integer({ min: 1, max: 5000 }),
  priceTicks: fc.integer({ min: 90000, max: 130000 }),
});

describe('position accounting properties', () => {
  for (const costBasis of ['fifo-trades', 'average-cost'] as const) {
    it(`${costBasis}: quantity is the sum of signed fills and realized + unrealized equals the marked cash flows, exactly`, () => {
      fc.assert(
        fc.property(
          fc.array(fillArbitrary, { minLength: 1, maxLength: 40 }),
          fc.integer({ min: 90000, max: 130000 }),
          (fills, markTicks) => {
            let position = newPosition(eurUsd, costBasis);
            let realizedOfClosed = Decimal.ZERO;
            let sumSigned = Decimal.ZERO;
            let cash = Decimal.ZERO;
            for (const raw of fills) {
              const price = Decimal.of(BigInt(raw.priceTicks), 5);
              const f = fill(eurUsd, raw.buy ? 'buy' : 'sell', String(raw.units), price.toString());
              const signed = signedOf(f);
              sumSigned = sumSigned.add(signed);
              cash = cash.sub(signed.mul(price));
              const result = position.applyFill(f, signed);
              if (!result.remainder.isZero()) {
                // A netting flip: the closed position is history, the rest opens a new one.
                realizedOfClosed = realizedOfClosed.add(position.realizedQuote);
                position = newPosition(eurUsd, costBasis);
                position.applyFill(f, result.remainder);
              }
            }
            const mark = Decimal.of(BigInt(markTicks), 5);
            expect(position.signedQuantity.eq(sumSigned)).toBe(true);
            const total = realizedOfClosed.add(position.realizedQuote).add(position.unrealizedQuote(mark));
            expect(total.eq(cash.add(sumSigned.mul(mark)))).toBe(true);
            if (costBasis === 'fifo-trades') {
              let lots = Decimal.ZERO;
              for (const trade of position.openTrades()) lots = lots.add(trade.openQuantity);
              expect(lots.eq(position.signedQuantity)).toBe(true);
            }
          },
        ),
        { numRuns: 2000 },
      );
    });
  }
});

import { describe, expect, it } from 'vitest';
import { d, fill, fxPair, instrumentMap, quote } from '../../../test/integration/risk/fixtures';
import { AccountId, Currency, ManualClock } from '../../core';
import { InProcessBus } from '../bus/in-process-bus';
import { PortfolioService } from './portfolio-service';
import { QuoteConversionRates } from './quote-rates';

const c = Currency.parse;

describe('QuoteConversionRates', () => {
  const rates = new QuoteConversionRates();
  rates.onQuote(fxPair('EUR_USD'), quote(fxPair('EUR_USD'), '1.08000', '1.08002'));
  rates.onQuote(fxPair('USD_JPY'), quote(fxPair('USD_JPY'), '150.000', '150.010'));

  it('uses the exact mid of a direct pair', () => {
    expect(rates.rate(c('EUR'), c('USD'))?.toString()).toBe('1.08001');
  });

  it('inverts a pair quoted the other way at 16 decimals', () => {
    expect(rates.rate(c('JPY'), c('USD'))?.toString()).toBe('0.0066664444518516');
  });

  it('crosses through USD', () => {
    expect(rates.rate(c('EUR'), c('JPY'))?.eq(d('1.08001').mul(d('150.005')))).toBe(true);
  });

  it('knows no rate it cannot derive, and lets a fixed rate win', () => {
    expect(rates.rate(c('USDT'), c('USD'))).toBeUndefined();
    rates.setRate('USDT', 'USD', d('1'));
    expect(rates.rate(c('USDT'), c('USD'))?.toString()).toBe('1');
    expect(rates.rate(c('GBP'), c('GBP'))?.toString()).toBe('1');
  });
});

describe('venue home-conversion factors (OANDA quoteHomeConversionFactors)', () => {
  const eurGbp = fxPair('EUR_GBP');
  const withFactors = (bid: string, ask: string, positive: string, negative: string) => ({
    ...quote(eurGbp, bid, ask),
    homeConversions: [{ currency: 'USD', positiveUnits: d(positive), negativeUnits: d(negative) }],
  });
  function portfolio() {
    const service = new PortfolioService({ bus: new InProcessBus(), clock: new ManualClock(), instrument: instrumentMap(eurGbp) });
    service.registerAccount({ accountId: AccountId.parse('acc-1'), venue: 'OANDA', type: 'margin', baseCurrency: 'USD', positionMode: 'netting', costBasis: 'fifo-trades' });
    return service;
  }

  it('converts each open trade\'s gain by positiveUnits and loss by negativeUnits, with no GBP_USD quote at all', () => {
    const service = portfolio();
    service.applyFill(fill(eurGbp, 'buy', '10000', '0.85000', { tradeId: 't1' }));
    service.applyFill(fill(eurGbp, 'buy', '10000', '0.86000', { tradeId: 't2' }));
    service.onQuote(withFactors('0.85500', '0.85514', '1.26000', '1.26020'));
    // t1 gains 50 GBP x 1.26 = 63; t2 loses 50 GBP x 1.2602 = -63.01.
    const position = service.position(AccountId.parse('acc-1'), eurGbp.id);
    expect(position?.unrealizedPnl.currency).toBe('USD');
    expect(position?.unrealizedPnl.amount.eq(d('-0.01'))).toBe(true);
    expect(service.account(AccountId.parse('acc-1'))?.unrealizedPnl.amount.eq(d('-0.01'))).toBe(true);
    // The factors' mid is the GBP -> USD rate when no quote links the two (notional, margin).
    expect(service.rates.rate(Currency.parse('GBP'), Currency.parse('USD'))?.toString()).toBe('1.2601');
  });

  it('applies one factor to the whole position when both are equal, and the derived rate without factors', () => {
    const service = portfolio();
    service.applyFill(fill(eurGbp, 'sell', '10000', '0.85000', { tradeId: 't1' }));
    service.onQuote(withFactors('0.84886', '0.84900', '1.25', '1.25'));
    expect(service.position(AccountId.parse('acc-1'), eurGbp.id)?.unrealizedPnl.amount.eq(d('12.5'))).toBe(true);
    service.onQuote(quote(eurGbp, '0.84886', '0.84900'));
    // A later quote without factors keeps the venue's last ones (they change only with the next price).
    expect(service.position(AccountId.parse('acc-1'), eurGbp.id)?.unrealizedPnl.amount.eq(d('12.5'))).toBe(true);
  });
});

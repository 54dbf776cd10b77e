import { describe, expect, it } from 'vitest';
import { d, fxPair, quote } from '../../../test/integration/risk/fixtures';
import { Currency } from '../../core';
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

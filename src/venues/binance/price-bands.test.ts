import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AccountId, ClientOrderId, Decimal, InstrumentId, Price, Quantity, type OrderRequest } from '../../core';
import type { FilterInfo, SymbolInfo } from './parse/exchange-info';
import { checkPriceBands, priceBandsFromSymbol } from './price-bands';

/** filters.md's own PERCENT_PRICE and PERCENT_PRICE_BY_SIDE examples (fixtures/filters.json). */
const filters = JSON.parse(readFileSync(join(import.meta.dirname, 'fixtures', 'filters.json'), 'utf8')) as FilterInfo[];
const symbol = { symbol: 'BNBBTC', status: 'TRADING', baseAsset: 'BNB', quoteAsset: 'BTC', baseAssetPrecision: 8, orderTypes: ['LIMIT'], filters } as SymbolInfo;

function limit(side: 'buy' | 'sell', price: string): OrderRequest {
  return {
    clientOrderId: ClientOrderId.parse('band-1'),
    accountId: AccountId.parse('acc'),
    instrumentId: InstrumentId.of('BNBBTC', 'BINANCE'),
    side,
    type: 'limit',
    quantity: Quantity.parse('1'),
    price: Price.parse(price),
    timeInForce: 'GTC',
    postOnly: false,
    reduceOnly: false,
  };
}

describe('percent-price bands (filters.md)', () => {
  const bands = priceBandsFromSymbol(symbol);
  const average = Decimal.parse('100');

  it('reads both documented filters with their multipliers and windows', () => {
    expect(bands.map((b) => [b.filter, b.buy.up.toString(), b.buy.down.toString(), b.sell.up.toString(), b.sell.down.toString(), b.avgPriceMins])).toEqual([
      ['PERCENT_PRICE', '1.3000', '0.7000', '1.3000', '0.7000', 5],
      ['PERCENT_PRICE_BY_SIDE', '1.2', '0.2', '5', '0.8', 1],
    ]);
  });

  it('passes prices on the band edges and refuses just outside, naming the filter, the field and the rule', () => {
    // BUY: PERCENT_PRICE allows 70..130, BY_SIDE 20..120: together 70..120.
    expect(checkPriceBands(bands, limit('buy', '70'), average)).toBeUndefined();
    expect(checkPriceBands(bands, limit('buy', '120'), average)).toBeUndefined();
    expect(checkPriceBands(bands, limit('buy', '120.01'), average)).toEqual({
      code: 'VENUE_FILTER_FAILURE',
      reason: 'Filter failure: PERCENT_PRICE_BY_SIDE (field price: BUY 120.01 is above the average price 100 × 1.2 = 120.0)',
    });
    expect(checkPriceBands(bands, limit('buy', '69.99'), average)?.reason).toMatch(/^Filter failure: PERCENT_PRICE \(field price: BUY 69\.99 is below/);
    // SELL: PERCENT_PRICE 70..130, BY_SIDE 80..500: together 80..130.
    expect(checkPriceBands(bands, limit('sell', '80'), average)).toBeUndefined();
    expect(checkPriceBands(bands, limit('sell', '79.99'), average)?.reason).toMatch(/^Filter failure: PERCENT_PRICE_BY_SIDE \(field price: SELL/);
    expect(checkPriceBands(bands, limit('sell', '130.01'), average)?.reason).toMatch(/^Filter failure: PERCENT_PRICE \(field price: SELL/);
  });

  it('does not apply to orders without a price (MARKET)', () => {
    const { price: _price, ...market } = limit('buy', '1000');
    expect(checkPriceBands(bands, { ...market, type: 'market', timeInForce: 'IOC' }, average)).toBeUndefined();
  });
});

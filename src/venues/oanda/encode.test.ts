import { describe, expect, it } from 'vitest';

import { ClientOrderId, InstrumentId, type VenueClientOrderId } from '../../core/identifiers';
import { Decimal } from '../../core/money/decimal';
import { Price } from '../../core/money/price';
import { Quantity } from '../../core/money/quantity';
import type { OrderRequest } from '../../core/orders/types';
import { isTmtError } from '../../core/errors';
import { encodeOrderRequest } from './encode';
import { parseInstrument } from './parse/instruments';

const instrument = parseInstrument({
  name: 'EUR_USD', type: 'CURRENCY', pipLocation: -4, displayPrecision: 5, tradeUnitsPrecision: 0, minimumTradeSize: '1',
  maximumTrailingStopDistance: '1.00000', minimumTrailingStopDistance: '0.00050', maximumPositionSize: '0', maximumOrderUnits: '100000000', marginRate: '0.02',
});
const base: OrderRequest = {
  clientOrderId: ClientOrderId.parse('c-1'), accountId: 'a' as never, instrumentId: InstrumentId.parse('EUR_USD.OANDA'),
  side: 'sell', type: 'limit', quantity: Quantity.parse('2500'), price: Price.parse('1.1'), timeInForce: 'GTC', postOnly: false, reduceOnly: false, tag: 'strategy-7',
};
const context = { instrument, venueClientOrderId: 'c-1' as VenueClientOrderId };

describe('encoding orders for v20', () => {
  it('signs units by side, writes prices at the instrument precision and carries the client id and tag', () => {
    expect(encodeOrderRequest(base, context)).toEqual({
      type: 'LIMIT', instrument: 'EUR_USD', units: '-2500', price: '1.10000', timeInForce: 'GTC', positionFill: 'DEFAULT',
      clientExtensions: { id: 'c-1', tag: 'strategy-7' },
    });
  });

  it('attaches take-profit, stop-loss and trailing stop on fill, and a price bound on a market order', () => {
    const body = encodeOrderRequest(
      { ...base, side: 'buy', type: 'market', timeInForce: 'FOK', price: Price.parse('1.2'), attached: { takeProfit: { price: Price.parse('1.3') }, stopLoss: { triggerPrice: Price.parse('1.05') }, trailingStop: { offset: { kind: 'price', value: Decimal.parse('0.0010') } } } },
      context,
    );
    expect(body).toMatchObject({ type: 'MARKET', units: '2500', priceBound: '1.20000', takeProfitOnFill: { price: '1.30000' }, stopLossOnFill: { price: '1.05000' }, trailingStopLossOnFill: { distance: '0.00100' } });
  });

  it.each([
    ['a price finer than the tick', { price: Price.parse('1.100001') }, 'VENUE_FILTER_FAILURE'],
    ['fractional units on a whole-unit instrument', { quantity: Quantity.parse('1.5') }, 'VENUE_FILTER_FAILURE'],
    ['a market order that rests (GTC)', { type: 'market' as const, timeInForce: 'GTC' as const }, 'VENUE_UNSUPPORTED'],
    ['a market-if-touched order with IOC', { type: 'market-if-touched' as const, triggerPrice: Price.parse('1.1'), timeInForce: 'IOC' as const }, 'VENUE_UNSUPPORTED'],
    ['a stop-limit order', { type: 'stop-limit' as const, triggerPrice: Price.parse('1.1') }, 'VENUE_UNSUPPORTED'],
    ['a post-only order', { postOnly: true }, 'VENUE_UNSUPPORTED'],
    ['a GTD order without expiry', { timeInForce: 'GTD' as const }, 'VENUE_REJECTED'],
  ])('refuses %s before sending', (_name, change, code) => {
    try {
      encodeOrderRequest({ ...base, ...change }, context);
      throw new Error('expected a refusal');
    } catch (error) {
      expect(isTmtError(error) ? error.code : String(error)).toBe(code);
    }
  });
});

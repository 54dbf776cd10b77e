import { describe, expect, it } from 'vitest';
import { Price } from '../../../src/core';
import { sizeForRisk } from '../../../src/engine/risk';
import { d, fill, fxPair, order } from './fixtures';
import { ACCOUNT, btc, codeOf, eurUsd, gbpUsd, riskHarness } from './harness';

/** Each rule: exactly at the limit passes, one tick or unit over is denied. EUR_USD and GBP_USD trade at 1.00000. */
describe('risk rules at their boundaries', () => {
  it('instrument minimum quantity', () => {
    const pair = fxPair('EUR_USD', { minQuantity: d('10') });
    const { risk } = riskHarness({ instruments: [pair, gbpUsd] });
    expect(codeOf(risk.checkSubmit(order(pair, 'buy', '10')))).toBe('ALLOWED');
    expect(codeOf(risk.checkSubmit(order(pair, 'buy', '9')))).toBe('RISK_QUANTITY_BELOW_MINIMUM');
  });

  it('instrument maximum order units', () => {
    const pair = fxPair('EUR_USD', { maxOrderUnits: d('1000') });
    const { risk } = riskHarness({ instruments: [pair, gbpUsd] });
    expect(codeOf(risk.checkSubmit(order(pair, 'buy', '1000')))).toBe('ALLOWED');
    const denied = risk.checkSubmit(order(pair, 'buy', '1001'));
    expect(codeOf(denied)).toBe('RISK_QUANTITY_ABOVE_MAXIMUM');
    expect(denied.allowed ? {} : denied.details).toMatchObject({ limit: '1000', found: '1001' });
  });

  it('price tick', () => {
    const { risk } = riskHarness();
    expect(
      codeOf(risk.checkSubmit(order(eurUsd, 'buy', '10', { type: 'limit', price: Price.parse('1.00001') }))),
    ).toBe('ALLOWED');
    expect(
      codeOf(risk.checkSubmit(order(eurUsd, 'buy', '10', { type: 'limit', price: Price.parse('1.000011') }))),
    ).toBe('RISK_PRICE_OFF_TICK');
  });

  it('instrument minimum notional (5 USDT)', () => {
    const { risk } = riskHarness({ setup: { type: 'cash' } });
    expect(
      codeOf(
        risk.checkSubmit(order(btc, 'buy', '0.0001', { type: 'limit', price: Price.parse('50000.00') })),
      ),
    ).toBe('ALLOWED');
    expect(
      codeOf(
        risk.checkSubmit(order(btc, 'buy', '0.0001', { type: 'limit', price: Price.parse('49999.99') })),
      ),
    ).toBe('RISK_NOTIONAL_BELOW_MINIMUM');
  });

  it('max order notional', () => {
    const { risk } = riskHarness({ account: { maxOrderNotional: '1000' } });
    expect(codeOf(risk.checkSubmit(order(eurUsd, 'buy', '1000')))).toBe('ALLOWED');
    const denied = risk.checkSubmit(order(eurUsd, 'buy', '1001'));
    expect(codeOf(denied)).toBe('RISK_MAX_ORDER_NOTIONAL');
    expect(denied.allowed ? {} : denied.details).toMatchObject({ limit: '1000', found: '1001.00000' });
  });

  it('free margin: 10,000 USD at a 2% margin rate carries 500,000 units', () => {
    const { risk } = riskHarness();
    expect(codeOf(risk.checkSubmit(order(eurUsd, 'buy', '500000')))).toBe('ALLOWED');
    const denied = risk.checkSubmit(order(eurUsd, 'buy', '500001'));
    expect(codeOf(denied)).toBe('RISK_INSUFFICIENT_FUNDS');
    expect(denied.allowed ? {} : denied.details).toMatchObject({ rule: 'margin-available' });
    expect(denied.allowed ? '' : denied.details.limit).toMatch(/^10000(\.0+)?$/);
  });

  it('free cash in a cash account: 1,000 USDT buys 0.02 BTC at 50,000', () => {
    const { risk } = riskHarness({ setup: { type: 'cash' }, balance: '1000' });
    expect(
      codeOf(risk.checkSubmit(order(btc, 'buy', '0.02', { type: 'limit', price: Price.parse('50000.00') }))),
    ).toBe('ALLOWED');
    expect(
      codeOf(
        risk.checkSubmit(order(btc, 'buy', '0.02001', { type: 'limit', price: Price.parse('50000.00') })),
      ),
    ).toBe('RISK_INSUFFICIENT_FUNDS');
    expect(
      codeOf(
        risk.checkSubmit(order(btc, 'sell', '0.0001', { type: 'limit', price: Price.parse('50000.00') })),
      ),
    ).toBe('RISK_INSUFFICIENT_FUNDS');
  });

  it('max position per instrument counts the position and same-side open orders', () => {
    const { risk, portfolio, open } = riskHarness({ account: { maxPositionNotionalPerInstrument: '5000' } });
    portfolio.applyFill(fill(eurUsd, 'buy', '2000', '1.00000'));
    open(order(eurUsd, 'buy', '1000', { type: 'limit', price: Price.parse('1.00000') }));
    expect(codeOf(risk.checkSubmit(order(eurUsd, 'buy', '2000')))).toBe('ALLOWED');
    expect(codeOf(risk.checkSubmit(order(eurUsd, 'buy', '2001')))).toBe('RISK_MAX_POSITION_INSTRUMENT');
  });

  it("the venue's maximum position size in units (OANDA maxPositionSize)", () => {
    const pair = fxPair('EUR_USD', { maxPositionSize: d('3000') });
    const { risk, portfolio } = riskHarness({ instruments: [pair, gbpUsd] });
    portfolio.applyFill(fill(pair, 'buy', '1000', '1.00000'));
    expect(codeOf(risk.checkSubmit(order(pair, 'buy', '2000')))).toBe('ALLOWED');
    expect(codeOf(risk.checkSubmit(order(pair, 'buy', '2001')))).toBe('RISK_MAX_POSITION_INSTRUMENT');
  });

  it('max gross position per account', () => {
    const { risk, portfolio } = riskHarness({ account: { maxPositionNotionalPerAccount: '5000' } });
    portfolio.applyFill(fill(eurUsd, 'buy', '2000', '1.00000'));
    expect(codeOf(risk.checkSubmit(order(gbpUsd, 'sell', '3000')))).toBe('ALLOWED');
    expect(codeOf(risk.checkSubmit(order(gbpUsd, 'sell', '3001')))).toBe('RISK_MAX_POSITION_ACCOUNT');
  });

  it('max gross position system-wide', () => {
    const { risk, portfolio } = riskHarness({ global: { maxPositionNotionalSystem: '5000' } });
    portfolio.applyFill(fill(eurUsd, 'sell', '2000', '1.00000'));
    expect(codeOf(risk.checkSubmit(order(gbpUsd, 'buy', '3000')))).toBe('ALLOWED');
    expect(codeOf(risk.checkSubmit(order(gbpUsd, 'buy', '3001')))).toBe('RISK_MAX_POSITION_SYSTEM');
  });

  it('max open orders', () => {
    const { risk, open } = riskHarness({ account: { maxOpenOrders: 2 } });
    open(order(eurUsd, 'buy', '1', { type: 'limit', price: Price.parse('0.90000') }));
    expect(codeOf(risk.checkSubmit(order(eurUsd, 'buy', '1')))).toBe('ALLOWED');
    open(order(eurUsd, 'buy', '1', { type: 'limit', price: Price.parse('0.90000') }));
    expect(codeOf(risk.checkSubmit(order(eurUsd, 'buy', '1')))).toBe('RISK_MAX_OPEN_ORDERS');
  });

  it('max concurrent positions: adding to an open position is fine, a new one is not', () => {
    const { risk, portfolio } = riskHarness({ account: { maxConcurrentPositions: 1 } });
    expect(codeOf(risk.checkSubmit(order(eurUsd, 'buy', '100')))).toBe('ALLOWED');
    portfolio.applyFill(fill(eurUsd, 'buy', '100', '1.00000'));
    expect(codeOf(risk.checkSubmit(order(eurUsd, 'buy', '100')))).toBe('ALLOWED');
    expect(codeOf(risk.checkSubmit(order(gbpUsd, 'buy', '100')))).toBe('RISK_MAX_POSITIONS');
  });

  it('risk per trade: 1% of 10,000 to a stop 0.01 away allows 10,000 units, and the sizing helper says so', () => {
    const { risk } = riskHarness({ account: { riskPerTrade: '0.01' } });
    const stop = { stopLoss: { triggerPrice: Price.parse('0.99000') } };
    expect(codeOf(risk.checkSubmit(order(eurUsd, 'buy', '10000', { attached: stop })))).toBe('ALLOWED');
    expect(codeOf(risk.checkSubmit(order(eurUsd, 'buy', '10001', { attached: stop })))).toBe(
      'RISK_RISK_PER_TRADE',
    );
    expect(codeOf(risk.checkSubmit(order(eurUsd, 'buy', '100')))).toBe('RISK_STOP_LOSS_REQUIRED');
    const size = sizeForRisk({
      equity: d('10000'),
      riskFraction: d('0.01'),
      entryPrice: Price.parse('1.00000'),
      stopPrice: Price.parse('0.99000'),
      instrument: eurUsd,
      quoteToAccountRate: d('1'),
    });
    expect(size.toString()).toBe('10000');
    expect(
      risk.sizeForStop(ACCOUNT, eurUsd.id, Price.parse('1.00000'), Price.parse('0.99000'))?.toString(),
    ).toBe('10000');
  });

  it('max leverage: 2x of 10,000 equity', () => {
    const { risk } = riskHarness({ account: { maxLeverage: '2' } });
    expect(codeOf(risk.checkSubmit(order(eurUsd, 'buy', '20000')))).toBe('ALLOWED');
    expect(codeOf(risk.checkSubmit(order(eurUsd, 'buy', '20001')))).toBe('RISK_MAX_LEVERAGE');
  });

  it('trading hours: the session opens at 09:30 New York (14:30 UTC in January)', () => {
    const { risk, clock } = riskHarness({
      account: { tradingHours: 'America/New_York;Mon 09:30-Mon 16:00' },
    });
    clock.set(Date.UTC(2026, 0, 5, 14, 29, 59));
    expect(codeOf(risk.checkSubmit(order(eurUsd, 'buy', '1')))).toBe('RISK_OUTSIDE_TRADING_HOURS');
    clock.set(Date.UTC(2026, 0, 5, 14, 30, 0));
    expect(codeOf(risk.checkSubmit(order(eurUsd, 'buy', '1')))).toBe('ALLOWED');
  });

  it('trading hours per instrument', () => {
    const { risk } = riskHarness({ account: { [`tradingHours.${gbpUsd.id}`]: 'UTC;Tue 00:00-Wed 00:00' } });
    expect(codeOf(risk.checkSubmit(order(eurUsd, 'buy', '1')))).toBe('ALLOWED');
    expect(codeOf(risk.checkSubmit(order(gbpUsd, 'buy', '1')))).toBe('RISK_OUTSIDE_TRADING_HOURS');
  });

  it('daily loss limit: a loss of exactly 100 keeps trading, 100.00001 trips HALTED', () => {
    const { risk, portfolio } = riskHarness({ account: { dailyLossLimit: '100' } });
    portfolio.applyFill(fill(eurUsd, 'buy', '10000', '1.00000'));
    portfolio.onQuote({
      type: 'QuoteTick',
      instrumentId: eurUsd.id,
      bid: Price.parse('0.99000'),
      ask: Price.parse('0.99000'),
      occurredAt: 1,
      recordedAt: 1,
    });
    expect(risk.tradingState(ACCOUNT)).toBe('ACTIVE');
    portfolio.onQuote({
      type: 'QuoteTick',
      instrumentId: eurUsd.id,
      bid: Price.parse('0.98999'),
      ask: Price.parse('0.98999'),
      occurredAt: 2,
      recordedAt: 2,
    });
    expect(risk.tradingState(ACCOUNT)).toBe('HALTED');
    expect(codeOf(risk.checkSubmit(order(eurUsd, 'buy', '1')))).toBe('RISK_DAILY_LOSS_LIMIT');
  });

  it('max drawdown: 10% of the peak keeps trading, a unit more trips REDUCING', () => {
    const { risk, portfolio } = riskHarness({
      account: { maxDrawdown: '0.1', maxDrawdownAction: 'REDUCING' },
    });
    portfolio.applyFill(fill(eurUsd, 'buy', '100000', '1.00000'));
    portfolio.onQuote({
      type: 'QuoteTick',
      instrumentId: eurUsd.id,
      bid: Price.parse('0.99000'),
      ask: Price.parse('0.99000'),
      occurredAt: 1,
      recordedAt: 1,
    });
    expect(risk.tradingState(ACCOUNT)).toBe('ACTIVE');
    portfolio.onQuote({
      type: 'QuoteTick',
      instrumentId: eurUsd.id,
      bid: Price.parse('0.98999'),
      ask: Price.parse('0.98999'),
      occurredAt: 2,
      recordedAt: 2,
    });
    expect(risk.tradingState(ACCOUNT)).toBe('REDUCING');
    expect(codeOf(risk.checkSubmit(order(eurUsd, 'buy', '1')))).toBe('RISK_MAX_DRAWDOWN');
    expect(codeOf(risk.checkSubmit(order(eurUsd, 'sell', '1')))).toBe('ALLOWED');
  });
});

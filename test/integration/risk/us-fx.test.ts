import { describe, expect, it } from 'vitest';
import { planFifoReduction, Quantity } from '../../../src/core';
import { d, fill, fxPair, order } from './fixtures';
import { ACCOUNT, codeOf, gbpUsd, riskHarness, usdMxn } from './harness';

// Non-US margin rates (1% = 100:1) so that the US caps, not the venue's margin, are what binds.
const eurUsd = fxPair('EUR_USD', { marginRate: d('0.01') });
const mxn = fxPair('USD_MXN', { marginRate: d('0.01') });
const US = { complianceProfile: 'us-fx' } as const;

describe('US FX compliance profile', () => {
  it('caps a major pair at 50:1: 1,000 USD equity carries 50,000 EUR_USD, not 50,001', () => {
    const { risk } = riskHarness({ balance: '1000', account: US, instruments: [eurUsd, gbpUsd, usdMxn] });
    expect(codeOf(risk.checkSubmit(order(eurUsd, 'buy', '50000')))).toBe('ALLOWED');
    const denied = risk.checkSubmit(order(eurUsd, 'buy', '50001'));
    expect(codeOf(denied)).toBe('RISK_MAX_LEVERAGE');
    expect(denied.allowed ? {} : denied.details).toMatchObject({
      rule: 'us-fx-major-50-to-1',
      cap: '50',
      pairClass: 'major',
    });
  });

  it('caps a pair with a non-major at 20:1: USD_MXN at 20.00000', () => {
    const { risk } = riskHarness({ balance: '1000', account: US, instruments: [eurUsd, gbpUsd, mxn] });
    expect(codeOf(risk.checkSubmit(order(mxn, 'buy', '20000')))).toBe('ALLOWED');
    const denied = risk.checkSubmit(order(mxn, 'buy', '20001'));
    expect(codeOf(denied)).toBe('RISK_MAX_LEVERAGE');
    expect(denied.allowed ? {} : denied.details).toMatchObject({ cap: '20', pairClass: 'other' });
  });

  it('counts open positions at their own caps', () => {
    const { risk, portfolio } = riskHarness({
      balance: '1000',
      account: US,
      instruments: [eurUsd, gbpUsd, mxn],
    });
    portfolio.applyFill(fill(mxn, 'buy', '10000', '20.00000'));
    // 10,000 USD_MXN uses 500 of margin at 20:1; 500 more carries 25,000 EUR_USD at 50:1.
    expect(codeOf(risk.checkSubmit(order(eurUsd, 'buy', '25000')))).toBe('ALLOWED');
    expect(codeOf(risk.checkSubmit(order(eurUsd, 'buy', '25001')))).toBe('RISK_MAX_LEVERAGE');
  });

  it('takes the majors list from the limits: without EUR, EUR_USD is capped at 20:1', () => {
    const { risk } = riskHarness({
      balance: '1000',
      account: { ...US, majorCurrencies: 'USD,GBP,JPY' },
      instruments: [eurUsd, gbpUsd, mxn],
    });
    expect(codeOf(risk.checkSubmit(order(eurUsd, 'buy', '20000')))).toBe('ALLOWED');
    expect(codeOf(risk.checkSubmit(order(eurUsd, 'buy', '20001')))).toBe('RISK_MAX_LEVERAGE');
  });

  it('forbids hedging: an opposite order that is not a reduction is denied in a hedging account', () => {
    const { risk, portfolio } = riskHarness({
      account: US,
      setup: { positionMode: 'hedging' },
      instruments: [eurUsd, gbpUsd, mxn],
    });
    portfolio.applyFill(fill(eurUsd, 'buy', '1000', '1.00000'));
    expect(codeOf(risk.checkSubmit(order(eurUsd, 'sell', '500')))).toBe('RISK_HEDGING_NOT_ALLOWED');
    expect(codeOf(risk.checkSubmit(order(eurUsd, 'sell', '500', { reduceOnly: true })))).toBe('ALLOWED');
  });

  it('allows the same hedge without the profile', () => {
    const { risk, portfolio } = riskHarness({
      setup: { positionMode: 'hedging' },
      instruments: [eurUsd, gbpUsd, mxn],
    });
    portfolio.applyFill(fill(eurUsd, 'buy', '1000', '1.00000'));
    expect(codeOf(risk.checkSubmit(order(eurUsd, 'sell', '500')))).toBe('ALLOWED');
  });

  it('FIFO: only the oldest trade may be closed directly, and the plan closes oldest first', () => {
    const { risk, portfolio } = riskHarness({ account: US, instruments: [eurUsd, gbpUsd, mxn] });
    portfolio.applyFill(fill(eurUsd, 'buy', '1000', '1.00000', { tradeId: '6101', at: 1 }));
    portfolio.applyFill(fill(eurUsd, 'buy', '2000', '1.00010', { tradeId: '6102', at: 2 }));
    const denied = risk.checkTradeClose(ACCOUNT, eurUsd.id, '6102');
    expect(codeOf(denied)).toBe('RISK_FIFO_VIOLATION');
    expect(denied.allowed ? {} : denied.details).toMatchObject({ oldestTradeId: '6101', found: '6102' });
    expect(codeOf(risk.checkTradeClose(ACCOUNT, eurUsd.id, '6101'))).toBe('ALLOWED');
    const plan = planFifoReduction(portfolio.openTrades(ACCOUNT, eurUsd.id), Quantity.parse('1500'));
    expect(plan.steps.map((step) => [step.tradeId, step.quantity.toString()])).toEqual([
      ['6101', '1000'],
      ['6102', '500'],
    ]);
    // And the book itself reduces oldest first, as OANDA does.
    portfolio.applyFill(fill(eurUsd, 'sell', '1500', '1.00020'));
    expect(
      portfolio.openTrades(ACCOUNT, eurUsd.id).map((trade) => [trade.tradeId, trade.openQuantity.toString()]),
    ).toEqual([['6102', '1500']]);
  });

  it('does not apply FIFO to an account without the profile', () => {
    const { risk, portfolio } = riskHarness({ instruments: [eurUsd, gbpUsd, mxn] });
    portfolio.applyFill(fill(eurUsd, 'buy', '1000', '1.00000', { tradeId: '1' }));
    portfolio.applyFill(fill(eurUsd, 'buy', '1000', '1.00000', { tradeId: '2' }));
    expect(codeOf(risk.checkTradeClose(ACCOUNT, eurUsd.id, '2'))).toBe('ALLOWED');
  });
});

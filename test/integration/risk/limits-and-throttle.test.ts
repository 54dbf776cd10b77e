import { describe, expect, it } from 'vitest';
import type { TmtError } from '../../../src/core';
import { Price, Quantity, isTmtError } from '../../../src/core';
import { order } from './fixtures';
import { ACCOUNT, codeOf, eurUsd, riskHarness } from './harness';

function thrown(fn: () => unknown): TmtError {
  try {
    fn();
  } catch (error) {
    if (isTmtError(error)) return error;
    throw error;
  }
  throw new Error('expected a TmtError');
}

describe('risk limits', () => {
  it('shows defaults: 100 submits and 100 modifies per second, 50:1 and 20:1 US caps, the FX trading day', () => {
    const { risk } = riskHarness();
    expect(risk.limitsView().global).toMatchObject({
      submitRatePerSecond: 100,
      modifyRatePerSecond: 100,
      majorPairMaxLeverage: 50,
      otherPairMaxLeverage: 20,
      tradingDayTimeZone: 'America/New_York',
      tradingDayEnd: '17:00',
    });
  });

  it('validates an update as a whole: one bad field and nothing is applied', () => {
    const { risk } = riskHarness();
    const error = thrown(() =>
      risk.updateLimits(ACCOUNT, { maxOrderNotional: '1000', maxOpenOrders: -3 }, 'admin'),
    );
    expect(error.code).toBe('CONFIG_INVALID');
    expect(error.field).toBe('maxOpenOrders');
    expect(risk.limitsView().accounts[ACCOUNT]).toBeUndefined();
    expect(codeOf(risk.checkSubmit(order(eurUsd, 'buy', '5000')))).toBe('ALLOWED');
  });

  it('names unknown keys, bad decimals, global-only keys and bad time zones', () => {
    const { risk } = riskHarness();
    expect(thrown(() => risk.updateLimits('global', { maxOrderNotionl: '5' }, 'admin')).message).toMatch(
      /maxOrderNotionl/,
    );
    expect(thrown(() => risk.updateLimits('global', { maxOrderNotionl: '5' }, 'admin')).field).toBe(
      'maxOrderNotionl',
    );
    expect(thrown(() => risk.updateLimits('global', { maxOrderNotional: '1e' }, 'admin')).field).toBe(
      'maxOrderNotional',
    );
    for (const notACount of ['1e2', '0x10', ' 7', '2.5', '0', -3])
      expect(thrown(() => risk.updateLimits('global', { maxOpenOrders: notACount }, 'admin')).field).toBe(
        'maxOpenOrders',
      );
    expect(thrown(() => risk.updateLimits('global', { riskPerTrade: '1.5' }, 'admin')).field).toBe(
      'riskPerTrade',
    );
    expect(thrown(() => risk.updateLimits(ACCOUNT, { maxPositionNotionalSystem: '5' }, 'admin')).field).toBe(
      'maxPositionNotionalSystem',
    );
    expect(
      thrown(() => risk.updateLimits('global', { tradingDayTimeZone: 'Nowhere/Land' }, 'admin')).field,
    ).toBe('tradingDayTimeZone');
    expect(
      thrown(() => risk.updateLimits('global', { tradingHours: 'UTC;Mon 25:00-Tue 00:00' }, 'admin')).field,
    ).toBe('tradingHours');
  });

  it('applies an update at once and removes an account override with null', () => {
    const { risk } = riskHarness({ global: { maxOrderNotional: '10000' } });
    risk.updateLimits(ACCOUNT, { maxOrderNotional: '100' }, 'admin');
    expect(codeOf(risk.checkSubmit(order(eurUsd, 'buy', '101')))).toBe('RISK_MAX_ORDER_NOTIONAL');
    expect(risk.limitsView().accounts[ACCOUNT]).toEqual({ maxOrderNotional: '100' });
    risk.updateLimits(ACCOUNT, { maxOrderNotional: null }, 'admin');
    expect(codeOf(risk.checkSubmit(order(eurUsd, 'buy', '101')))).toBe('ALLOWED');
    expect(codeOf(risk.checkSubmit(order(eurUsd, 'buy', '10001')))).toBe('RISK_MAX_ORDER_NOTIONAL');
  });
});

describe('throttles', () => {
  it('passes 100 submits in a second, denies the 101st, and refills on the clock', () => {
    const { risk, clock } = riskHarness();
    for (let i = 0; i < 100; i++) expect(risk.checkSubmit(order(eurUsd, 'buy', '1')).allowed).toBe(true);
    const denied = risk.checkSubmit(order(eurUsd, 'buy', '1'));
    expect(codeOf(denied)).toBe('RISK_THROTTLED');
    expect(denied.allowed ? {} : denied.details).toMatchObject({ rule: 'submit-rate', limit: '100' });
    clock.advance(10);
    expect(risk.checkSubmit(order(eurUsd, 'buy', '1')).allowed).toBe(true);
    expect(codeOf(risk.checkSubmit(order(eurUsd, 'buy', '1')))).toBe('RISK_THROTTLED');
  });

  it('throttles modifies on their own bucket and never throttles cancels', () => {
    const { risk, open } = riskHarness({ account: { modifyRatePerSecond: 2 } });
    for (let i = 0; i < 100; i++) risk.checkSubmit(order(eurUsd, 'buy', '1'));
    const resting = open(order(eurUsd, 'buy', '10', { type: 'limit', price: Price.parse('0.90000') }));
    expect(risk.checkModify(resting, { price: Price.parse('0.90001') }).allowed).toBe(true);
    expect(risk.checkModify(resting, { price: Price.parse('0.90002') }).allowed).toBe(true);
    expect(codeOf(risk.checkModify(resting, { price: Price.parse('0.90003') }))).toBe('RISK_THROTTLED');
    for (let i = 0; i < 1000; i++) expect(risk.checkCancel().allowed).toBe(true);
  });

  it('checks a modify as the order it becomes', () => {
    const { risk, open } = riskHarness({ account: { maxOrderNotional: '1000' } });
    const resting = open(order(eurUsd, 'buy', '500', { type: 'limit', price: Price.parse('1.00000') }));
    expect(codeOf(risk.checkModify(resting, { price: Price.parse('1.000001') }))).toBe('RISK_PRICE_OFF_TICK');
    expect(codeOf(risk.checkModify(resting, { quantity: Quantity.parse('1000') }))).toBe('ALLOWED');
    expect(codeOf(risk.checkModify(resting, { quantity: Quantity.parse('1001') }))).toBe(
      'RISK_MAX_ORDER_NOTIONAL',
    );
    expect(codeOf(risk.checkModify(resting, { quantity: Quantity.parse('0') }))).toBe(
      'RISK_INVALID_QUANTITY',
    );
  });
});

import { describe, expect, it } from 'vitest';
import { InstrumentId, Price, Quantity } from '../../../src/core';
import { d, order } from './fixtures';
import { btc, codeOf, eurUsd, riskHarness } from './harness';

describe('bad input is denied with a code naming the field and the rule, and nothing changes', () => {
  const cases: [string, Parameters<typeof order>, string, string][] = [
    ['non-positive quantity', [eurUsd, 'buy', '0'], 'RISK_INVALID_QUANTITY', 'quantity'],
    ['quantity off the lot', [btc, 'buy', '0.000015'], 'RISK_QUANTITY_OFF_LOT', 'quantity'],
    [
      'price off tick',
      [eurUsd, 'buy', '100', { type: 'limit', price: Price.parse('1.000005') }],
      'RISK_PRICE_OFF_TICK',
      'price',
    ],
    ['limit without price', [eurUsd, 'buy', '100', { type: 'limit' }], 'RISK_PRICE_REQUIRED', 'price'],
    [
      'stop without trigger',
      [eurUsd, 'buy', '100', { type: 'stop-market' }],
      'RISK_TRIGGER_REQUIRED',
      'triggerPrice',
    ],
    [
      'trigger off tick',
      [eurUsd, 'buy', '100', { type: 'stop-market', triggerPrice: Price.parse('1.100001') }],
      'RISK_PRICE_OFF_TICK',
      'triggerPrice',
    ],
    [
      'GTD without expiry',
      [eurUsd, 'buy', '100', { timeInForce: 'GTD' }],
      'RISK_EXPIRY_REQUIRED',
      'expireAt',
    ],
    [
      'GTD expiring now',
      [eurUsd, 'buy', '100', { timeInForce: 'GTD', expireAt: Date.UTC(2026, 0, 5, 12) }],
      'RISK_EXPIRY_IN_PAST',
      'expireAt',
    ],
    [
      'trailing stop without distance',
      [eurUsd, 'sell', '100', { type: 'trailing-stop' }],
      'RISK_TRAILING_OFFSET_REQUIRED',
      'trailingOffset',
    ],
    [
      'trailing distance under the minimum',
      [
        eurUsd,
        'sell',
        '100',
        { type: 'trailing-stop', trailingOffset: { kind: 'price', value: d('0.00049') } },
      ],
      'RISK_TRAILING_OFFSET_OUT_OF_BOUNDS',
      'trailingOffset',
    ],
    [
      'trailing distance over the maximum',
      [
        eurUsd,
        'sell',
        '100',
        { type: 'trailing-stop', trailingOffset: { kind: 'price', value: d('1.00001') } },
      ],
      'RISK_TRAILING_OFFSET_OUT_OF_BOUNDS',
      'trailingOffset',
    ],
    [
      'trailing basis points on an FX pair',
      [
        eurUsd,
        'sell',
        '100',
        { type: 'trailing-stop', trailingOffset: { kind: 'basis-points', value: d('50') } },
      ],
      'RISK_TRAILING_OFFSET_OUT_OF_BOUNDS',
      'trailingOffset',
    ],
    [
      'crypto trailing delta over 2000 bps',
      [
        btc,
        'sell',
        '0.001',
        { type: 'trailing-stop', trailingOffset: { kind: 'basis-points', value: d('2001') } },
      ],
      'RISK_TRAILING_OFFSET_OUT_OF_BOUNDS',
      'trailingOffset',
    ],
    [
      'reduce-only with no position',
      [eurUsd, 'sell', '100', { reduceOnly: true }],
      'RISK_REDUCE_ONLY_WOULD_INCREASE',
      'reduceOnly',
    ],
    [
      'display quantity above quantity',
      [
        eurUsd,
        'buy',
        '100',
        { type: 'limit', price: Price.parse('1.00000'), displayQuantity: Quantity.parse('101') },
      ],
      'RISK_INVALID_DISPLAY_QUANTITY',
      'displayQuantity',
    ],
    [
      'attached stop-loss off tick',
      [eurUsd, 'buy', '100', { attached: { stopLoss: { triggerPrice: Price.parse('0.990001') } } }],
      'RISK_PRICE_OFF_TICK',
      'attached.stopLoss.triggerPrice',
    ],
  ];

  for (const [scenario, args, code, field] of cases) {
    it(`${scenario}: ${code} on ${field}`, () => {
      const { risk, events } = riskHarness();
      const before = events.length;
      const decision = risk.checkSubmit(order(...args));
      expect(codeOf(decision)).toBe(code);
      if (decision.allowed) return;
      expect(decision.field).toBe(field);
      expect(decision.details.field).toBe(field);
      expect(decision.details.rule).toBeTruthy();
      expect(events.length).toBe(before);
    });
  }

  it('unknown instrument: RISK_UNKNOWN_INSTRUMENT on instrumentId', () => {
    const { risk } = riskHarness();
    const decision = risk.checkSubmit({
      ...order(eurUsd, 'buy', '1'),
      instrumentId: InstrumentId.parse('XYZ_ABC.OANDA'),
    });
    expect(codeOf(decision)).toBe('RISK_UNKNOWN_INSTRUMENT');
    expect(decision.allowed ? undefined : decision.field).toBe('instrumentId');
  });

  it('a valid order at the edges passes: trailing distance exactly at min and max, GTD a millisecond ahead', () => {
    const { risk } = riskHarness();
    expect(
      risk.checkSubmit(
        order(eurUsd, 'sell', '100', {
          type: 'trailing-stop',
          trailingOffset: { kind: 'price', value: d('0.00050') },
        }),
      ).allowed,
    ).toBe(true);
    expect(
      risk.checkSubmit(
        order(eurUsd, 'sell', '100', {
          type: 'trailing-stop',
          trailingOffset: { kind: 'price', value: d('1.00000') },
        }),
      ).allowed,
    ).toBe(true);
    expect(
      risk.checkSubmit(
        order(eurUsd, 'buy', '100', { timeInForce: 'GTD', expireAt: Date.UTC(2026, 0, 5, 12) + 1 }),
      ).allowed,
    ).toBe(true);
  });
});

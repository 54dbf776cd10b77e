import { describe, expect, it } from 'vitest';
import { Decimal } from '../money/decimal';
import { Price } from '../money/price';
import { Quantity } from '../money/quantity';
import { TradeId } from '../identifiers';
import { fifoViolation, planFifoReduction } from './fifo-plan';
import type { OpenTrade } from './types';

const trade = (id: string, units: string, openedAt: number): OpenTrade => ({
  tradeId: TradeId.of(id),
  openQuantity: Decimal.parse(units),
  initialQuantity: Decimal.parse(units),
  entryPrice: Price.parse('1.1'),
  openedAt,
});

describe('FIFO reduction plan', () => {
  const trades = [trade('101', '1000', 1), trade('102', '500', 2), trade('103', '2000', 3)];

  it('closes the oldest trades first, a newer one only after every older one is fully closed', () => {
    const plan = planFifoReduction(trades, Quantity.parse('1700'));
    expect(plan.steps.map((step) => [step.tradeId, step.quantity.toString(), step.closesTrade])).toEqual([
      ['101', '1000', true],
      ['102', '500', true],
      ['103', '200', false],
    ]);
    expect(plan.unfilled.toString()).toBe('0');
  });

  it('reports what no trade could take', () => {
    expect(planFifoReduction(trades, Quantity.parse('4000')).unfilled.toString()).toBe('500');
  });

  it('works on short trades by size', () => {
    const plan = planFifoReduction([trade('7', '-300', 1)], Quantity.parse('100'));
    expect(plan.steps[0]?.quantity.toString()).toBe('100');
  });

  it('names the oldest trade when a newer one is closed first', () => {
    expect(fifoViolation(trades, '102')).toBe('101');
    expect(fifoViolation(trades, '101')).toBeUndefined();
  });
});

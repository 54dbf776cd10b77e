import { describe, expect, it } from 'vitest';

import { DashboardState } from './state';
import { readOrder } from './wire';

const base = { clientOrderId: 'c-1', accountId: 'paper-1', instrumentId: 'EUR_USD.PAPER' };
const request = {
  ...base,
  side: 'buy',
  type: 'limit',
  quantity: '1000',
  price: '1.08000',
  timeInForce: 'GTC',
};

function stateWithOrder(): DashboardState {
  const state = new DashboardState();
  state.apply({ type: 'OrderInitialized', ...base, request, occurredAt: 1, recordedAt: 1 });
  state.apply({ type: 'OrderSubmitted', ...base, occurredAt: 2, recordedAt: 2 });
  state.apply({ type: 'OrderAccepted', ...base, occurredAt: 7, recordedAt: 7 });
  return state;
}

describe('dashboard state: folding live events', () => {
  it('tracks an order from initialized to accepted and plots its submit-to-ack latency', () => {
    const state = stateWithOrder();
    expect(state.orders.get('c-1')?.status).toBe('accepted');
    expect(state.openOrders().map((o) => o.clientOrderId)).toEqual(['c-1']);
    expect(state.latency.list()[0]?.points).toEqual([[7, 5]]);
  });

  it('adds partial fills exactly and marks the order filled only when the quantity is reached', () => {
    const state = stateWithOrder();
    const fill = (tradeId: string, lastQuantity: string) =>
      state.apply({
        type: 'OrderFilled',
        ...base,
        tradeId,
        side: 'buy',
        lastQuantity,
        lastPrice: '1.08',
        commission: { amount: '0.01', currency: 'USD' },
        occurredAt: 9,
        recordedAt: 9,
      });
    fill('t-1', '333.3');
    expect(state.orders.get('c-1')).toMatchObject({ status: 'partially-filled', filledQuantity: '333.3' });
    fill('t-2', '666.7');
    expect(state.orders.get('c-1')).toMatchObject({ status: 'filled', filledQuantity: '1000.0' });
    expect(state.openOrders()).toEqual([]);
    expect(state.fills.map((f) => f.tradeId).sort()).toEqual(['t-1', 't-2']);
    expect(state.fillRatio.list()[0]?.points.at(-1)?.[1]).toBe(100);
  });

  it('keeps the fill that names our client order id when the same trade also arrives as a venue report', () => {
    const state = new DashboardState();
    state.setFills([
      {
        tradeId: 't-9',
        accountId: 'a',
        instrumentId: 'X.PAPER',
        side: 'sell',
        quantity: '1',
        price: '2',
        at: 5,
      },
    ]);
    state.apply({
      type: 'OrderFilled',
      clientOrderId: 'c-9',
      accountId: 'a',
      instrumentId: 'X.PAPER',
      tradeId: 't-9',
      side: 'sell',
      lastQuantity: '1',
      lastPrice: '2',
      recordedAt: 5,
    });
    state.setFills([
      {
        tradeId: 't-9',
        accountId: 'a',
        instrumentId: 'X.PAPER',
        side: 'sell',
        quantity: '1',
        price: '2',
        at: 5,
      },
    ]);
    expect(state.fills).toHaveLength(1);
    expect(state.fills[0]?.clientOrderId).toBe('c-9');
  });

  it('follows the global trading state and leaves account states to their accounts', () => {
    const state = new DashboardState();
    state.setAccounts(
      [
        {
          accountId: 'paper-1',
          venue: 'PAPER',
          enabled: true,
          tradingState: 'ACTIVE',
          baseCurrency: 'USD',
          balances: [],
        },
      ],
      0,
    );
    state.apply({
      type: 'TradingStateChanged',
      accountId: 'paper-1',
      previous: 'ACTIVE',
      current: 'REDUCING',
      reason: 'r',
      actor: 'x',
      occurredAt: 1,
    });
    expect(state.tradingState).toBe('ACTIVE');
    expect(state.accounts.get('paper-1')?.tradingState).toBe('REDUCING');
    state.apply({
      type: 'TradingStateChanged',
      previous: 'ACTIVE',
      current: 'HALTED',
      reason: 'kill switch',
      actor: 'x',
      occurredAt: 2,
    });
    expect(state.tradingState).toBe('HALTED');
  });

  it('drops a position that went flat and an open order the API no longer lists', () => {
    const state = stateWithOrder();
    const position = { ...base, positionId: 'p', side: 'long', signedQuantity: '1000', averagePrice: '1.08' };
    state.apply({ type: 'PositionChanged', ...position });
    expect(state.positions.size).toBe(1);
    state.apply({ type: 'PositionChanged', ...position, side: 'flat', signedQuantity: '0' });
    expect(state.positions.size).toBe(0);
    expect(state.setOpenOrders([])).toEqual(['c-1']);
    expect(state.orders.has('c-1')).toBe(false);
  });
});

describe('wire readers', () => {
  it('reads an order the same whether nested as the engine view or flattened by the API', () => {
    const flat = readOrder({ ...request, status: 'accepted', filledQuantity: '0' });
    const nested = readOrder({
      order: { request, quantity: '1000', filledQuantity: '0', price: '1.08000' },
      status: 'accepted',
    });
    expect(nested).toEqual(flat);
  });
});

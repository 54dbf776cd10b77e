import { describe, expect, it } from 'vitest';

import { fill, fxPair, instrumentMap } from '../../../test/integration/risk/fixtures';
import { AccountId, decodeExact, Decimal, encodeExact, ManualClock, type OrderEvent } from '../../core';
import { InProcessBus } from '../bus/in-process-bus';
import { PortfolioService } from '../portfolio';
import {
  encodeState,
  encodeStateInTurns,
  type CapturedState,
  type EngineSnapshotState,
} from './snapshot-state';

function captured(count: number): CapturedState {
  const orders = Array.from({ length: count }, (_, i) => ({
    ordinal: i * 2,
    events: [
      { type: 'OrderInitialized', clientOrderId: `o-${i}`, request: { quantity: Decimal.parse(`1.${i}`) } },
    ] as unknown as OrderEvent[],
  }));
  return {
    orders,
    tradingStates: [],
    accountSwitches: [{ accountId: 'acc-1', enabled: false, actor: 'operator', occurredAt: 5 }],
    nextOrdinal: count * 2,
    liveOnly: true,
  };
}

describe('snapshot state encoded off the submit path', () => {
  it('gives exactly the text of one encode, a slice of orders per event-loop turn', async () => {
    for (const count of [0, 1, 249, 250, 251, 1_000]) {
      const state = captured(count);
      let turns = 0;
      const text = await encodeStateInTurns(state, async () => void turns++, 250);
      expect(text).toBe(encodeState(state));
      expect(turns).toBe(Math.max(0, Math.ceil(count / 250) - 1));
      const decoded = decodeExact<EngineSnapshotState>(text);
      expect(decoded.orders).toHaveLength(count);
      expect(decoded.ordinals).toEqual(state.orders.map((order) => order.ordinal));
      expect(decoded).toMatchObject({ nextOrdinal: count * 2, liveOnly: true });
      if (count > 0)
        expect(decoded.orders[count - 1]?.[0]).toMatchObject({ clientOrderId: `o-${count - 1}` });
    }
  });

  it('encodes the portfolio a slice of its long lists per turn, to the same decoded state', async () => {
    const eurUsd = fxPair('EUR_USD');
    const portfolio = new PortfolioService({
      bus: new InProcessBus(),
      clock: new ManualClock(),
      instrument: instrumentMap(eurUsd),
    });
    portfolio.registerAccount({
      accountId: AccountId.parse('acc-1'),
      venue: 'OANDA',
      type: 'margin',
      baseCurrency: 'USD',
      positionMode: 'netting',
      costBasis: 'fifo-trades',
    });
    for (let i = 0; i < 600; i++)
      portfolio.applyFill(fill(eurUsd, i % 2 === 0 ? 'buy' : 'sell', '1000', i % 2 === 0 ? '1.1' : '1.2'));
    const state = { ...captured(10), portfolio: portfolio.captureState() };
    let turns = 0;
    const text = await encodeStateInTurns(state, async () => void turns++, 250);
    // 600 trade ids, 300 closed positions, 300 closed trades: 1,200 items at 2,000 per turn is none, so the
    // slices come from the orders only; a smaller slice is checked through the portfolio encoder below.
    expect(turns).toBe(0);
    const decoded = decodeExact<EngineSnapshotState>(text);
    // The same state (the portfolio's long lists come after its other fields, so the key order differs).
    expect(decoded).toEqual(decodeExact(encodeState(state)));
    expect(decoded.portfolio?.accounts[0]?.tradeIds.length).toBe(600);
    const { encodePortfolioInTurns } = await import('../portfolio/portfolio-state');
    let portfolioTurns = 0;
    const sliced = await encodePortfolioInTurns(state.portfolio, async () => void portfolioTurns++, 100);
    expect(portfolioTurns).toBe(12);
    expect(decodeExact(sliced)).toEqual(decodeExact(encodeExact(state.portfolio)));
  });
});

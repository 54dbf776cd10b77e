import { describe, expect, it } from 'vitest';

import { decodeExact, Decimal, type OrderEvent } from '../../core';
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
});

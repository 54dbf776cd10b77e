import { describe, expect, it } from 'vitest';
import { ClientOrderId, InstrumentId, Price, Quantity, type OrderRequest } from '../../../src/core';
import { eventually } from './harness';
import { startEngineRig, type IbkrEngineRig } from './engine-harness';

const AAPL = InstrumentId.parse('AAPL.IBKR');
const ACTOR = 'ibkr-completed';

const resting = (rig: IbkrEngineRig, id: string): OrderRequest => ({
  clientOrderId: ClientOrderId.parse(id), accountId: rig.pair.accountId, instrumentId: AAPL, side: 'buy', type: 'limit',
  quantity: Quantity.parse('5'), price: Price.parse('150.00'), timeInForce: 'GTC', postOnly: false, reduceOnly: false,
});

/** Cancels the order at TWS itself (as from TWS's own screen), which the adapter does not hear while cut off. */
function cancelAtVenue(rig: IbkrEngineRig, ref: string): void {
  const order = rig.pair.sim.exchange.allOrders().find((o) => o.orderRef === ref);
  if (order === undefined) throw new Error(`no venue order ${ref}`);
  rig.pair.sim.exchange.cancelOrder(order.clientId, order.orderId);
}

async function placed(rig: IbkrEngineRig, id: string): Promise<string> {
  const outcome = await rig.engine.submit(resting(rig, id), ACTOR);
  expect(outcome.status).toBe('accepted');
  await eventually(`${id} accepted`, () => (rig.engine.order(ClientOrderId.parse(id))?.status === 'accepted' ? true : undefined));
  return rig.engine.order(ClientOrderId.parse(id))?.order.venueClientOrderId as string;
}

describe('IBKR reqCompletedOrders: orders that ended while the adapter was cut off', () => {
  it('after 1100, a cancel at TWS, then 1101 (data lost): the completed orders show it cancelled, and TMT agrees with TWS', async () => {
    const rig = await startEngineRig();
    try {
      const ref = await placed(rig, 'cut-off-1');
      rig.pair.sim.server.loseConnectivity();
      cancelAtVenue(rig, ref);
      expect(rig.pair.sim.truth().openOrders).toHaveLength(0);
      expect(rig.engine.order(ClientOrderId.parse('cut-off-1'))?.status).toBe('accepted'); // nothing heard yet
      rig.pair.sim.server.restoreConnectivity(true);
      await eventually('the cancel reconciled', () => (rig.engine.order(ClientOrderId.parse('cut-off-1'))?.status === 'canceled' ? true : undefined));
      const venue = await rig.matches();
      expect(venue.openOrders).toHaveLength(0);
    } finally {
      await rig.close();
    }
  }, 60_000);

  it('after a dropped connection and a cancel at TWS before the reconnect: cancelled in TMT too', async () => {
    const rig = await startEngineRig();
    try {
      const ref = await placed(rig, 'dropped-1');
      const kept = await placed(rig, 'dropped-2');
      rig.pair.sim.server.dropConnections();
      cancelAtVenue(rig, ref);
      await eventually('the cancel reconciled', () => (rig.engine.order(ClientOrderId.parse('dropped-1'))?.status === 'canceled' ? true : undefined));
      expect(rig.engine.order(ClientOrderId.parse('dropped-2'))?.status).toBe('accepted');
      const venue = await rig.matches();
      expect(venue.openOrders.map((o) => o.venueClientOrderId)).toEqual([kept]);
    } finally {
      await rig.close();
    }
  }, 60_000);
});

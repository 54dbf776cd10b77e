/**
 * Unknown outcomes through the engine against the OANDA wire simulator's fault injection: an order the venue
 * took but never answered is settled by lookup, never resent, never settled as absent; TMT ends equal to
 * the simulator's own view.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { ClientOrderId, Decimal, InstrumentId, Price, Quantity } from '../../../src/core';
import { waitEngineMatchesVenue } from '../../contract/engine-matches-venue';
import { oandaTruth, startPair, type OandaPair } from '../oanda/harness';
import { eventually, startVenueEngine, type VenueEngine } from '../engine/support/venue-engine';

const EURUSD = InstrumentId.parse('EUR_USD.OANDA');

let pair: OandaPair | undefined;
let e: VenueEngine | undefined;
afterEach(async () => {
  await e?.close();
  await pair?.close();
  e = undefined;
  pair = undefined;
});

describe('unknown outcomes through the engine, against the OANDA simulator', () => {
  it('an order the venue took but never answered (stalled): unknown, settled by lookup as accepted, sent once', async () => {
    pair = await startPair();
    e = await startVenueEngine(pair.client, { timings: { requestTimeoutMs: 300, lookupDelayMs: 50 } });
    const accountId = pair.accountId;
    const { bid } = pair.sim.market.quote('EUR_USD');
    pair.sim.faults.stallNextOrders = 1;
    const id = ClientOrderId.parse('stall-1');
    await e.engine.submit(
      {
        clientOrderId: id, accountId, instrumentId: EURUSD, side: 'buy', type: 'limit', quantity: Quantity.parse('1000'),
        price: Price.of(bid.sub(Decimal.parse('0.01000'))), timeInForce: 'GTC', postOnly: false, reduceOnly: false,
      },
      'test',
    );
    await eventually('stall-1 settled', () => e?.engine.order(id)?.status === 'accepted');
    const order = e.engine.order(id)?.order;
    expect(order?.events.some((event) => event.type === 'OrderOutcomeUnknown')).toBe(true);
    const truth = await waitEngineMatchesVenue(e.engine, async () => oandaTruth((pair as OandaPair).sim, accountId), { accountId, positions: true, balanceScale: 4 });
    // Sent once: one working order at the venue under the client id TMT holds.
    expect(truth.openOrders.map((o) => o.venueClientOrderId)).toEqual([order?.venueClientOrderId]);
  }, 60_000);
});

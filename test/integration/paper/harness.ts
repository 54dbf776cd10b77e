import { AccountId, Decimal, InstrumentId, ManualClock, Quantity } from '../../../src/core';
import type { PaperVenue } from '../../../src/simulators/paper';
import { createPaperVenue, defaultPaperAccounts } from '../../../src/simulators/paper';
import type { VenueContractFixture } from '../../contract/venue-contract';
import type { VenueTruth } from '../../contract/venue-truth';

/** The paper venue's own view of an account, read from its matching engine (not through the venue port). */
export function paperTruth(venue: PaperVenue, accountId: AccountId): VenueTruth {
  const matching = venue.matching;
  return {
    openOrders: matching.openOrders(accountId).map((o) => ({
      venueClientOrderId: o.request.clientOrderId,
      venueOrderId: o.orderId,
      instrumentId: o.request.instrumentId,
      side: o.request.side,
      quantity: o.quantity,
      filledQuantity: o.filledQuantity,
      ...(o.price === undefined || o.request.type === 'market' ? {} : { price: o.price }),
      ...(o.triggerPrice === undefined ? {} : { triggerPrice: o.triggerPrice }),
      ...(o.request.displayQuantity === undefined ? {} : { displayQuantity: o.request.displayQuantity }),
    })),
    positions: matching.positions(accountId).map((p) => ({ instrumentId: p.instrumentId, quantity: p.signedQuantity })),
    balances: matching.account(accountId).balances.map((b) => ({ currency: b.currency, total: b.total })),
  };
}

/** A fixture for the contract suites: a paper venue on a manual clock, one account of the default set. */
export function paperFixture(accountId: string, instrumentId: string, quantity: string, trailing: VenueContractFixture['trailingOffset'], hedging = false) {
  return async (): Promise<VenueContractFixture> => {
    const clock = new ManualClock();
    const accounts = defaultPaperAccounts()
      .filter((a) => a.accountId === accountId)
      .map((a) => (hedging ? { ...a, positionMode: 'hedging' as const } : a));
    const venue = createPaperVenue({ clock, seed: 7, accounts });
    await venue.connect();
    const account = AccountId.parse(accountId);
    return {
      client: venue,
      accountId: account,
      instrumentId: InstrumentId.parse(instrumentId),
      quantity: Quantity.parse(quantity),
      ...(trailing === undefined ? {} : { trailingOffset: trailing }),
      market: {
        quote: async (id) => venue.quote(id),
        movePrice: async (id, mid) => venue.movePrice(id, mid),
        advanceTime: async (ms) => {
          clock.advance(ms);
          // Venue answers and reports run on the event loop: give them a turn between polls.
          await new Promise((resolve) => setImmediate(resolve));
        },
        printTrade: async (id, price, size) => {
          const now = clock.now();
          venue.matching.applyMarketData({ type: 'TradeTick', instrumentId: id, price, quantity: size, aggressor: 'sell', occurredAt: now, recordedAt: now });
        },
      },
      now: () => clock.now(),
      clock,
      venueTruth: async () => paperTruth(venue, account),
      close: () => venue.close(),
    };
  };
}

export const PAPER_FIXTURES = {
  fx: paperFixture('paper-fx', 'EUR_USD.PAPER', '10000', { kind: 'price', value: Decimal.parse('0.00100') }),
  spot: paperFixture('paper-spot', 'BTCUSDT.PAPER', '0.01', { kind: 'basis-points', value: Decimal.parse('100') }),
  hedging: paperFixture('paper-fx', 'GBP_USD.PAPER', '25000', { kind: 'price', value: Decimal.parse('0.00200') }, true),
};

import { AccountId, Decimal, InstrumentId, ManualClock, Quantity } from '../../../src/core';
import { createPaperVenue, defaultPaperAccounts } from '../../../src/simulators/paper';
import { runVenueContract, type VenueContractFixture } from '../../contract/venue-contract';

function fixture(accountId: string, instrumentId: string, quantity: string, trailing: VenueContractFixture['trailingOffset'], hedging = false) {
  return async (): Promise<VenueContractFixture> => {
    const clock = new ManualClock();
    const accounts = defaultPaperAccounts()
      .filter((a) => a.accountId === accountId)
      .map((a) => (hedging ? { ...a, positionMode: 'hedging' as const } : a));
    const venue = createPaperVenue({ clock, seed: 7, accounts });
    await venue.connect();
    return {
      client: venue,
      accountId: AccountId.parse(accountId),
      instrumentId: InstrumentId.parse(instrumentId),
      quantity: Quantity.parse(quantity),
      ...(trailing === undefined ? {} : { trailingOffset: trailing }),
      market: {
        quote: async (id) => venue.quote(id),
        movePrice: async (id, mid) => venue.movePrice(id, mid),
        advanceTime: async (ms) => clock.advance(ms),
      },
      now: () => clock.now(),
      close: () => venue.close(),
    };
  };
}

runVenueContract('paper, FX margin account', fixture('paper-fx', 'EUR_USD.PAPER', '10000', { kind: 'price', value: Decimal.parse('0.00100') }));
runVenueContract('paper, crypto spot cash account', fixture('paper-spot', 'BTCUSDT.PAPER', '0.01', { kind: 'basis-points', value: Decimal.parse('100') }));
runVenueContract('paper, FX margin account in hedging mode', fixture('paper-fx', 'GBP_USD.PAPER', '25000', { kind: 'price', value: Decimal.parse('0.00200') }, true));

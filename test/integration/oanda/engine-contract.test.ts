import { runEngineVenueContract } from '../../contract/engine-venue-contract';
import { contractFixture, startPair } from './harness';

runEngineVenueContract('OANDA against its simulator (hedging account)', async () => contractFixture(await startPair()));
// On the US FIFO account the bracket's take-profit closes the long at the venue, whose realized P&L TMT's balance
// does not show (the hedging account opens a short instead, so it realizes nothing): a known gap of issue 15.
const FIFO_GAP = "the take-profit's realized P&L on a FIFO close is missing from TMT's balance (issue 15, open)";
runEngineVenueContract('OANDA against its simulator (US FIFO account)', async () => ({
  ...contractFixture(await startPair({ account: 1 })),
  knownListGaps: { 'exit-fill': FIFO_GAP },
}));

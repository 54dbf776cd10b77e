import { runVenueContract } from '../../contract/venue-contract';
import { contractFixture, startPair } from './harness';

runVenueContract('TradeLocker adapter against the TradeLocker simulator (international, hedging)', async () => contractFixture(await startPair()));
runVenueContract('TradeLocker adapter against the TradeLocker simulator (US: FIFO, no hedging)', async () => contractFixture(await startPair({ account: 1 })));

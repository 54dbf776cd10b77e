import { runVenueContract } from '../../contract/venue-contract';
import { contractFixture, startPair } from './harness';

runVenueContract('DXtrade adapter over REST and the push API against the DXtrade simulator (US account: FIFO, no hedging)', async () => contractFixture(await startPair()));
runVenueContract('DXtrade adapter over REST and the push API against the DXtrade simulator (international account: hedging)', async () => contractFixture(await startPair({ account: 1 })));

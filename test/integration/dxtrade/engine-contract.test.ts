import { runEngineVenueContract } from '../../contract/engine-venue-contract';
import { contractFixture, startPair } from './harness';

runEngineVenueContract('DXtrade over REST and the push API against its simulator (US account: FIFO, no hedging)', async () => contractFixture(await startPair()));
runEngineVenueContract('DXtrade over REST and the push API against its simulator (international account: hedging)', async () => contractFixture(await startPair({ account: 1 })));

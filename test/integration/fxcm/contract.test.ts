import { runVenueContract } from '../../contract/venue-contract';
import { contractFixture, startPair } from './harness';

runVenueContract('FXCM adapter over FIX 4.4 against the FXCM simulator (US account: FIFO, no hedging)', async () => contractFixture(await startPair()));
runVenueContract('FXCM adapter over FIX 4.4 against the FXCM simulator (international account: hedging)', async () => contractFixture(await startPair({ account: 1, config: { profile: 'international' } })));

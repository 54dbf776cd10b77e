import { runEngineVenueContract } from '../../contract/engine-venue-contract';
import { contractFixture, startPair } from './harness';

runEngineVenueContract('FXCM over FIX 4.4 against its simulator (US account: FIFO, no hedging)', async () => contractFixture(await startPair()));

import { runEngineVenueContract } from '../../contract/engine-venue-contract';
import { contractFixture, startPair } from './harness';

runEngineVenueContract('OANDA against its simulator (hedging account)', async () => contractFixture(await startPair()));
runEngineVenueContract('OANDA against its simulator (US FIFO account)', async () => contractFixture(await startPair({ account: 1 })));

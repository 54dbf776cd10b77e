import { runVenueContract } from '../../contract/venue-contract';
import { contractFixture, startPair } from './harness';

runVenueContract('OANDA adapter against the OANDA simulator (hedging account)', async () => contractFixture(await startPair()));
runVenueContract('OANDA adapter against the OANDA simulator (US FIFO account)', async () => contractFixture(await startPair({ account: 1 })));

import { runEngineVenueContract } from '../../contract/engine-venue-contract';
import { contractFixture, startPair } from './harness';

runEngineVenueContract('TradeLocker against its simulator (international, hedging)', async () => contractFixture(await startPair()));
runEngineVenueContract('TradeLocker against its simulator (US: FIFO, no hedging)', async () => contractFixture(await startPair({ account: 1 })));

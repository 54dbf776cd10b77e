import { runVenueContract } from '../../contract/venue-contract';
import { contractFixture, startHarness } from './harness';

runVenueContract('binance.us (adapter + simulator, listenKey user stream)', async () => contractFixture(await startHarness({ profile: 'us' }), 'BINANCEUS'));

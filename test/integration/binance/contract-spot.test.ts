import { runVenueContract } from '../../contract/venue-contract';
import { contractFixture, startHarness } from './harness';

runVenueContract('binance spot (adapter + simulator, HMAC)', async () => contractFixture(await startHarness({ profile: 'spot' }), 'BINANCE'));

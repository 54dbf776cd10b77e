import { runVenueContract } from '../../contract/venue-contract';
import { contractFixture, startHarness } from './harness';

runVenueContract('okx spot (adapter + simulator, REST orders)', async () => contractFixture(await startHarness()));

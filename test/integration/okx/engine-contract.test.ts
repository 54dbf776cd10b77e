import { runEngineVenueContract } from '../../contract/engine-venue-contract';
import { contractFixture, startHarness } from './harness';

runEngineVenueContract('okx spot (adapter + simulator)', async () => contractFixture(await startHarness()));

import { runEngineVenueContract } from '../../contract/engine-venue-contract';
import { contractFixture, startHarness } from './harness';

runEngineVenueContract('coinbase advanced trade (adapter + simulator, ES256)', async () => contractFixture(await startHarness()));

import { runVenueContract } from '../../contract/venue-contract';
import { contractFixture, startHarness } from './harness';

runVenueContract('coinbase advanced trade (adapter + simulator, ES256)', async () => contractFixture(await startHarness()));

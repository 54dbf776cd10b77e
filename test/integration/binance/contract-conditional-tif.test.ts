import { runConditionalTimeInForceContract } from '../../contract/venue-contract-conditional-tif';
import { contractFixture, startHarness } from './harness';

runConditionalTimeInForceContract('binance spot (adapter + simulator)', async () => contractFixture(await startHarness({ profile: 'spot' }), 'BINANCE'));

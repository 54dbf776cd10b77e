import { runConditionalTimeInForceContract } from '../../contract/venue-contract-conditional-tif';
import { contractFixture, startPair } from './harness';

runConditionalTimeInForceContract('OANDA adapter against the OANDA simulator', async () => contractFixture(await startPair()));

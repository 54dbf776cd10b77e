import { InstrumentId } from '../../../src/core';
import { runEngineVenueContract } from '../../contract/engine-venue-contract';
import { contractFixture, startPair } from './harness';

runEngineVenueContract('IBKR adapter against the TWS simulator (US stock)', async () => contractFixture(await startPair()));
runEngineVenueContract('IBKR adapter against the TWS simulator (EUR.USD)', async () => contractFixture(await startPair(), InstrumentId.parse('EUR/USD.IBKR'), '20000'));

import { InstrumentId } from '../../../src/core';
import { runVenueContract } from '../../contract/venue-contract';
import { contractFixture, startPair } from './harness';

runVenueContract('IBKR adapter against the TWS simulator (US stock on SMART)', async () => contractFixture(await startPair()));
runVenueContract('IBKR adapter against the TWS simulator (EUR.USD on IDEALPRO)', async () => contractFixture(await startPair(), InstrumentId.parse('EUR/USD.IBKR'), '20000'));

import { runEngineVenueContract } from '../../contract/engine-venue-contract';
import { PAPER_FIXTURES } from './harness';

runEngineVenueContract('paper, FX margin account', PAPER_FIXTURES.fx);
runEngineVenueContract('paper, crypto spot cash account', PAPER_FIXTURES.spot);
runEngineVenueContract('paper, FX margin account in hedging mode', PAPER_FIXTURES.hedging);

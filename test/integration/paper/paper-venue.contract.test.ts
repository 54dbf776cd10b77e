import { runVenueContract } from '../../contract/venue-contract';
import { PAPER_FIXTURES } from './harness';

runVenueContract('paper, FX margin account', PAPER_FIXTURES.fx);
runVenueContract('paper, crypto spot cash account', PAPER_FIXTURES.spot);
runVenueContract('paper, FX margin account in hedging mode', PAPER_FIXTURES.hedging);

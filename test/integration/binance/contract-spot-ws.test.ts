import { runVenueContract } from '../../contract/venue-contract';
import { contractFixture, startHarness } from './harness';

runVenueContract('binance spot (Ed25519 key, session.logon user stream, orders over the WebSocket API)', async () =>
  contractFixture(await startHarness({ profile: 'spot', keyType: 'ed25519', orderTransport: 'ws-api' }), 'BINANCE'),
);

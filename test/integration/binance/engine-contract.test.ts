import { runEngineVenueContract } from '../../contract/engine-venue-contract';
import { contractFixture, startHarness } from './harness';

runEngineVenueContract('binance spot (REST orders, HMAC)', async () => contractFixture(await startHarness({ profile: 'spot' }), 'BINANCE'));
runEngineVenueContract('binance spot (orders over the WebSocket API, Ed25519)', async () =>
  contractFixture(await startHarness({ profile: 'spot', keyType: 'ed25519', orderTransport: 'ws-api' }), 'BINANCE'),
);
runEngineVenueContract('binance.us (cancel-replace only)', async () => contractFixture(await startHarness({ profile: 'us' }), 'BINANCEUS'));

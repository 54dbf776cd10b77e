import { afterAll, beforeAll } from 'vitest';

import { NatsBroker } from '../../src/bus/nats/nats-broker';
import { BrokerBus } from '../../src/engine/bus/broker-bus';
import { startNats, uniquePrefix, type PrivateBroker } from '../integration/bus/servers';
import { runBrokerContract, runBusContract } from './bus-contract';

let server: PrivateBroker;
beforeAll(async () => {
  server = await startNats();
}, 30_000);
afterAll(async () => {
  await server.stop();
});

runBrokerContract('nats jetstream', () => NatsBroker.connect({ url: server.url, prefix: uniquePrefix() }));

runBusContract('nats jetstream', async (onHandlerError) => {
  const broker = await NatsBroker.connect({ url: server.url, prefix: uniquePrefix() });
  const bus = await BrokerBus.open(broker.events, () => Date.now(), onHandlerError);
  return {
    bus,
    settle: () => bus.settle(),
    close: async () => {
      await bus.close();
      await broker.close();
    },
  };
});

import { afterAll, beforeAll } from 'vitest';

import { RedisBroker } from '../../src/bus/redis/redis-broker';
import { BrokerBus } from '../../src/engine/bus/broker-bus';
import { startRedis, uniquePrefix, type PrivateBroker } from '../integration/bus/servers';
import { runBrokerContract, runBusContract } from './bus-contract';

let server: PrivateBroker;
beforeAll(async () => {
  server = await startRedis();
}, 30_000);
afterAll(async () => {
  await server.stop();
});

runBrokerContract('redis streams', () => RedisBroker.connect({ url: server.url, prefix: uniquePrefix() }));

runBusContract('redis streams', async (onHandlerError) => {
  const broker = await RedisBroker.connect({ url: server.url, prefix: uniquePrefix() });
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

import { InProcessBus } from '../../src/engine/bus/in-process-bus';
import { runBusContract } from './bus-contract';

runBusContract('in-process', (onHandlerError) => ({
  bus: new InProcessBus(onHandlerError),
  settle: async () => undefined,
}));

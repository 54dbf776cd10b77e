import type { Broker } from '../core';
import { TmtError } from '../core';
import type { Logger } from '../shared/logger';
import type { BrokerOptions } from './names';

export {
  DEFAULT_PREFIX,
  DEFAULT_RETENTION_HOURS,
  natsStream,
  natsSubject,
  redisKey,
  type BrokerOptions,
} from './names';
export { fromFieldList, fromJsonBytes, toFields, toJsonBytes } from './envelope';

/** Opens the broker `bus.kind` names; each driver loads only when chosen. */
export async function connectBroker(
  kind: 'redis' | 'nats',
  options: BrokerOptions & { logger?: Logger },
): Promise<Broker> {
  switch (kind) {
    case 'redis': {
      const { RedisBroker } = await import('./redis/redis-broker');
      return RedisBroker.connect(options);
    }
    case 'nats': {
      const { NatsBroker } = await import('./nats/nats-broker');
      return NatsBroker.connect(options);
    }
    default:
      throw new TmtError(
        'CONFIG_INVALID',
        `bus.kind must be in-process, redis or nats, found ${String(kind)}`,
        { field: 'bus.kind' },
      );
  }
}

import { Redis } from 'ioredis';

import { TmtError, type Broker } from '../../core';
import { silentLogger, type Logger } from '../../shared/logger';
import { checkPrefix, DEFAULT_PREFIX, DEFAULT_RETENTION_HOURS, redisKey, type BrokerOptions } from '../names';
import { RedisChannel } from './redis-channel';

/** Redis Streams as TMT's broker: `{prefix}:events` and `{prefix}:signals`, consumer groups, XAUTOCLAIM. */
export class RedisBroker implements Broker {
  readonly kind = 'redis' as const;
  readonly events: RedisChannel;
  readonly signals: RedisChannel;

  private constructor(
    readonly redis: Redis,
    prefix: string,
    retentionMs: number,
    now: () => number,
    logger: Logger,
  ) {
    this.events = new RedisChannel(redis, redisKey(prefix, 'events'), retentionMs, now, logger);
    this.signals = new RedisChannel(redis, redisKey(prefix, 'signals'), retentionMs, now, logger);
  }

  static async connect(options: BrokerOptions & { logger?: Logger }): Promise<RedisBroker> {
    const prefix = checkPrefix(options.prefix ?? DEFAULT_PREFIX);
    const redis = new Redis(options.url, {
      // Commands wait through an outage instead of failing: the publisher's batch lands once Redis is back,
      // in order (one connection), and the journal cursor moves only after that.
      maxRetriesPerRequest: null,
      lazyConnect: true,
      retryStrategy: (attempt) => Math.min(1000, 20 * attempt),
    });
    try {
      await redis.connect();
    } catch (error) {
      redis.disconnect();
      // The URL may carry a password: it is never echoed.
      throw new TmtError('STORE_BROKER_UNAVAILABLE', 'cannot connect to Redis at bus.url', {
        field: 'bus.url',
        cause: error,
      });
    }
    const logger = options.logger ?? silentLogger();
    redis.on('error', (error: unknown) => logger.debug({ err: error }, 'redis connection error'));
    const retentionMs = (options.retentionHours ?? DEFAULT_RETENTION_HOURS) * 3_600_000;
    return new RedisBroker(redis, prefix, retentionMs, options.now ?? (() => Date.now()), logger);
  }

  connected(): boolean {
    return this.redis.status === 'ready';
  }

  async close(): Promise<void> {
    this.redis.disconnect();
  }
}

import { jetstream, jetstreamManager, StorageType, type JetStreamManager } from '@nats-io/jetstream';
import { connect, nanos, type NatsConnection } from '@nats-io/transport-node';

import { TmtError, type Broker } from '../../core';
import { silentLogger, type Logger } from '../../shared/logger';
import {
  checkPrefix,
  DEFAULT_PREFIX,
  DEFAULT_RETENTION_HOURS,
  natsStream,
  natsSubjectFilter,
  type BrokerOptions,
  type ChannelName,
} from '../names';
import { NatsChannel } from './nats-channel';

/** Duplicates (same Nats-Msg-Id) inside this window are dropped by JetStream. */
const DUPLICATE_WINDOW_MS = 10 * 60_000;

/** NATS JetStream as TMT's broker: streams TMT_EVENTS and TMT_SIGNALS, durable pull consumers, ack wait. */
export class NatsBroker implements Broker {
  readonly kind = 'nats' as const;

  private constructor(
    readonly connection: NatsConnection,
    readonly events: NatsChannel,
    readonly signals: NatsChannel,
  ) {}

  static async connect(options: BrokerOptions & { logger?: Logger }): Promise<NatsBroker> {
    const prefix = checkPrefix(options.prefix ?? DEFAULT_PREFIX);
    const logger = options.logger ?? silentLogger();
    const servers = options.url.replace(/^nats:\/\//, '');
    let connection: NatsConnection;
    try {
      // Reconnects for ever: an outage pauses publishing (the journal cursor waits), it never ends the engine.
      connection = await connect({ servers, maxReconnectAttempts: -1, reconnectTimeWait: 250 });
    } catch (error) {
      throw new TmtError('STORE_BROKER_UNAVAILABLE', 'cannot connect to NATS at bus.url', {
        field: 'bus.url',
        cause: error,
      });
    }
    const jsm = await jetstreamManager(connection);
    const js = jetstream(connection);
    const maxAge = nanos((options.retentionHours ?? DEFAULT_RETENTION_HOURS) * 3_600_000);
    const channel = async (name: ChannelName) => {
      const stream = natsStream(prefix, name);
      await ensureStream(jsm, stream, natsSubjectFilter(prefix, name), maxAge);
      return new NatsChannel(js, jsm, prefix, name, stream, logger);
    };
    return new NatsBroker(connection, await channel('events'), await channel('signals'));
  }

  connected(): boolean {
    return !this.connection.isClosed() && this.connection.info !== undefined;
  }

  async close(): Promise<void> {
    if (!this.connection.isClosed()) await this.connection.drain();
  }
}

async function ensureStream(
  jsm: JetStreamManager,
  name: string,
  subject: string,
  maxAge: number,
): Promise<void> {
  const config = {
    name,
    subjects: [subject],
    max_age: maxAge,
    storage: StorageType.File,
    duplicate_window: nanos(DUPLICATE_WINDOW_MS),
  };
  try {
    await jsm.streams.info(name);
    await jsm.streams.update(name, { max_age: maxAge, duplicate_window: config.duplicate_window });
  } catch (error) {
    if (!String(error).includes('not found')) throw error;
    await jsm.streams.add(config);
  }
}

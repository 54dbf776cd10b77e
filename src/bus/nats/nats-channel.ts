import {
  AckPolicy,
  DeliverPolicy,
  type ConsumerMessages,
  type JetStreamClient,
  type JetStreamManager,
  type JsMsg,
} from '@nats-io/jetstream';
import { nanos } from '@nats-io/transport-node';

import type { BrokerChannel, BusEnvelope, Consumption, DeliveryHandler, GroupOptions } from '../../core';
import type { Logger } from '../../shared/logger';
import { fromJsonBytes, toJsonBytes } from '../envelope';
import { natsSubject, type ChannelName } from '../names';

/**
 * One JetStream stream (TMT_EVENTS or TMT_SIGNALS). Publishes are pipelined: every PubAck is awaited, but
 * they are all in flight at once, and one connection keeps them in order. The message id (Nats-Msg-Id)
 * is origin:seq, so JetStream itself drops a republished event inside its duplicate window.
 */
export class NatsChannel implements BrokerChannel {
  constructor(
    private readonly js: JetStreamClient,
    private readonly jsm: JetStreamManager,
    private readonly prefix: string,
    private readonly channel: ChannelName,
    readonly stream: string,
    private readonly logger: Logger,
  ) {}

  async publish(envelopes: readonly BusEnvelope[]): Promise<void> {
    if (envelopes.length === 0) return;
    const acks = envelopes.map((envelope) => {
      const msgID =
        envelope.seq !== undefined
          ? `${envelope.origin}:${envelope.seq}`
          : envelope.id !== undefined
            ? `${envelope.origin}:${envelope.id}`
            : undefined;
      return this.js.publish(natsSubject(this.prefix, this.channel, envelope.type), toJsonBytes(envelope), {
        ...(msgID === undefined ? {} : { msgID }),
        timeout: 10_000,
      });
    });
    await Promise.all(acks);
  }

  async consumeGroup(options: GroupOptions, handler: DeliveryHandler): Promise<Consumption> {
    const ackWaitMs = options.ackWaitMs ?? 30_000;
    const filter = options.types?.map((type) => natsSubject(this.prefix, this.channel, type));
    const config = {
      durable_name: options.group,
      ack_policy: AckPolicy.Explicit,
      ack_wait: nanos(ackWaitMs),
      deliver_policy: DeliverPolicy.All,
      // One type filters on the server (filter_subject works on nats-server 2.9; filter_subjects needs 2.10);
      // several are filtered here, after delivery, acknowledging the rest.
      ...(filter?.length === 1 && this.channel === 'events' ? { filter_subject: filter[0] as string } : {}),
    };
    // A durable pull consumer is the group: every instance pulls from it, and each message goes to one.
    try {
      await this.jsm.consumers.info(this.stream, options.group);
      await this.jsm.consumers.update(this.stream, options.group, { ack_wait: config.ack_wait });
    } catch {
      await this.jsm.consumers.add(this.stream, config);
    }
    const types = options.types === undefined ? undefined : new Set(options.types);
    const consumer = await this.js.consumers.get(this.stream, options.group);
    const messages = await consumer.consume({ max_messages: 500 });
    return this.run(messages, async (message) => {
      const envelope = this.decode(message);
      if (envelope === undefined || (types !== undefined && !types.has(envelope.type))) {
        message.ack();
        return;
      }
      try {
        await handler({ brokerId: String(message.seq), envelope, redelivered: message.redelivered });
        message.ack();
      } catch (error) {
        // Not acknowledged: JetStream redelivers it after ack_wait, to whichever instance pulls next.
        this.logger.warn(
          { err: error, stream: this.stream, seq: message.seq },
          'bus handler failed; message left for redelivery',
        );
      }
    });
  }

  async tail(handler: DeliveryHandler): Promise<Consumption> {
    const info = await this.jsm.streams.info(this.stream);
    // From the sequence after the last one now stored: nothing published after tail() resolves is missed.
    const consumer = await this.js.consumers.get(this.stream, {
      deliver_policy: DeliverPolicy.StartSequence,
      opt_start_seq: info.state.last_seq + 1,
    });
    const messages = await consumer.consume({ max_messages: 1000 });
    return this.run(messages, async (message) => {
      const envelope = this.decode(message);
      if (envelope !== undefined)
        await handler({ brokerId: String(message.seq), envelope, redelivered: false });
    });
  }

  private run(messages: ConsumerMessages, each: (message: JsMsg) => Promise<void>): Consumption {
    const done = (async () => {
      for await (const message of messages) await each(message);
    })().catch((error: unknown) => this.logger.warn({ err: error, stream: this.stream }, 'bus reader ended'));
    return {
      async stop() {
        await messages.close();
        await done;
      },
    };
  }

  private decode(message: JsMsg): BusEnvelope | undefined {
    try {
      return fromJsonBytes(message.data);
    } catch (error) {
      this.logger.error(
        { err: error, stream: this.stream, seq: message.seq },
        'malformed bus message skipped',
      );
      return undefined;
    }
  }
}

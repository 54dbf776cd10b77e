import type { Redis } from 'ioredis';

import type {
  BrokerChannel,
  BrokerDelivery,
  BusEnvelope,
  Consumption,
  DeliveryHandler,
  GroupOptions,
} from '../../core';
import type { Logger } from '../../shared/logger';
import { fromFieldList, toFields } from '../envelope';
import { readLoop } from './read-loop';

/** A raw stream entry as Redis returns it: [id, [field, value, ...]]. */
type RawEntry = [string, string[]];

const BATCH = 500;

/**
 * One Redis stream. Publishing pipelines XADD on the shared command connection: Redis runs one connection's
 * commands in order, so the stream holds them in publish order. Every reader gets a connection of its own,
 * because XREAD/XREADGROUP BLOCK occupy it.
 */
export class RedisChannel implements BrokerChannel {
  constructor(
    private readonly redis: Redis,
    readonly key: string,
    private readonly retentionMs: number,
    private readonly now: () => number,
    private readonly logger: Logger,
  ) {}

  async publish(envelopes: readonly BusEnvelope[]): Promise<void> {
    if (envelopes.length === 0) return;
    // MINID ~ trims entries older than the retention (approximately, in whole macro nodes), once per batch:
    // trimming on every XADD of a batch would find nothing more to trim and cost a check each time.
    const minId = String(Math.max(0, this.now() - this.retentionMs));
    const pipeline = this.redis.pipeline();
    let first = true;
    for (const envelope of envelopes) {
      if (first) pipeline.xadd(this.key, 'MINID', '~', minId, '*', ...toFields(envelope));
      else pipeline.xadd(this.key, '*', ...toFields(envelope));
      first = false;
    }
    const results = (await pipeline.exec()) ?? [];
    for (const [error] of results) if (error !== null) throw error;
  }

  async consumeGroup(options: GroupOptions, handler: DeliveryHandler): Promise<Consumption> {
    const reader = this.reader();
    const ackWaitMs = options.ackWaitMs ?? 30_000;
    const types = options.types === undefined ? undefined : new Set(options.types);
    await this.ensureGroup(options.group);
    let claimCursor = '0-0';
    let lastClaimAt = Number.NEGATIVE_INFINITY;
    const deliver = async (entries: readonly RawEntry[], redelivered: boolean) => {
      const acks: string[] = [];
      for (const [brokerId, fields] of entries) {
        const envelope = this.decode(brokerId, fields);
        // Malformed or filtered out: acknowledged so it never blocks the group; a bad one is logged above.
        if (envelope === undefined || (types !== undefined && !types.has(envelope.type))) {
          acks.push(brokerId);
          continue;
        }
        try {
          await handler({ brokerId, envelope, redelivered });
          acks.push(brokerId);
        } catch (error) {
          // Left pending: XAUTOCLAIM hands it out again once it has been idle for the ack wait.
          this.logger.warn(
            { err: error, key: this.key, brokerId },
            'bus handler failed; message left for redelivery',
          );
        }
      }
      if (acks.length > 0) await reader.xack(this.key, options.group, ...acks);
    };
    return readLoop(
      reader,
      this.logger,
      this.key,
      async () => {
        // Pacing only (monotonic), not domain time.
        const now = performance.now();
        if (now - lastClaimAt >= ackWaitMs / 2) {
          lastClaimAt = now;
          // Messages another instance took and never acknowledged (it crashed): claimed once idle for ackWaitMs.
          const claimed = (await reader.xautoclaim(
            this.key,
            options.group,
            options.consumer,
            ackWaitMs,
            claimCursor,
            'COUNT',
            BATCH,
          )) as [string, RawEntry[]];
          claimCursor = claimed[0];
          await deliver(
            claimed[1].filter((entry) => entry[1] !== null),
            true,
          );
        }
        const block = Math.max(10, Math.min(1000, Math.floor(ackWaitMs / 2)));
        const read = (await reader.xreadgroup(
          'GROUP',
          options.group,
          options.consumer,
          'COUNT',
          BATCH,
          'BLOCK',
          block,
          'STREAMS',
          this.key,
          '>',
        )) as [string, RawEntry[]][] | null;
        if (read !== null) for (const [, entries] of read) await deliver(entries, false);
      },
      async (error) => {
        // A broker restarted without its data lost the group: recreate it, then carry on.
        if (String(error).includes('NOGROUP')) await this.ensureGroup(options.group);
      },
    );
  }

  async tail(handler: DeliveryHandler): Promise<Consumption> {
    const reader = this.reader();
    const latest: RawEntry[] = await this.redis.xrevrange(this.key, '+', '-', 'COUNT', 1);
    let after = latest[0]?.[0] ?? '0-0';
    return readLoop(reader, this.logger, this.key, async () => {
      const read = await reader.xread('COUNT', BATCH, 'BLOCK', 1000, 'STREAMS', this.key, after);
      if (read === null) return;
      for (const [, entries] of read) {
        for (const [brokerId, fields] of entries) {
          after = brokerId;
          const envelope = this.decode(brokerId, fields);
          if (envelope !== undefined)
            await handler({ brokerId, envelope, redelivered: false } satisfies BrokerDelivery);
        }
      }
    });
  }

  /** Entries currently in the stream (tests and the retention check). */
  async length(): Promise<number> {
    return this.redis.xlen(this.key);
  }

  private reader(): Redis {
    const reader = this.redis.duplicate();
    // Connection errors are retried by the read loop; without a listener ioredis would print them.
    reader.on('error', (error: unknown) =>
      this.logger.debug({ err: error, key: this.key }, 'redis reader connection error'),
    );
    return reader;
  }

  private async ensureGroup(group: string): Promise<void> {
    try {
      // From the start of the stream: a new group of agents sees what was published before it existed.
      await this.redis.xgroup('CREATE', this.key, group, '0', 'MKSTREAM');
    } catch (error) {
      if (!String(error).includes('BUSYGROUP')) throw error;
    }
  }

  private decode(brokerId: string, fields: readonly string[]): BusEnvelope | undefined {
    try {
      return fromFieldList(fields);
    } catch (error) {
      this.logger.error({ err: error, key: this.key, brokerId }, 'malformed bus message skipped');
      return undefined;
    }
  }
}

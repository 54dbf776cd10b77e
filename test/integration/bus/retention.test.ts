import { jetstreamManager } from '@nats-io/jetstream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { NatsBroker } from '../../../src/bus/nats/nats-broker';
import { RedisBroker } from '../../../src/bus/redis/redis-broker';
import type { BusEnvelope } from '../../../src/core';
import { startNats, startRedis, uniquePrefix, type PrivateBroker } from './servers';

const envelope = (seq: number): BusEnvelope => ({
  v: 1,
  origin: 'e',
  seq,
  type: 'OrderFilled',
  stream: 'acc-1',
  at: seq,
  body: '{}',
});

describe('retention follows EVENT_RETENTION_HOURS', () => {
  let redis: PrivateBroker;
  let nats: PrivateBroker;
  beforeAll(async () => {
    redis = await startRedis();
    nats = await startNats();
  }, 30_000);
  afterAll(async () => {
    await redis.stop();
    await nats.stop();
  });

  it('Redis: entries older than the retention are trimmed (XADD MINID) as new ones are published', async () => {
    let now = Date.now();
    const broker = await RedisBroker.connect({
      url: redis.url,
      prefix: uniquePrefix(),
      retentionHours: 1,
      now: () => now,
    });
    try {
      // Many entries (MINID ~ trims whole macro nodes of 100 entries), then two hours later one more.
      for (let i = 0; i < 10; i++)
        await broker.events.publish(Array.from({ length: 100 }, (_, j) => envelope(i * 100 + j + 1)));
      expect(await broker.events.length()).toBe(1000);
      now += 2 * 3_600_000;
      await broker.events.publish([envelope(1001)]);
      expect(await broker.events.length()).toBeLessThan(1000);
    } finally {
      await broker.close();
    }
  });

  it('JetStream: both streams have max_age = the retention and a duplicate window', async () => {
    const prefix = uniquePrefix();
    const broker = await NatsBroker.connect({ url: nats.url, prefix, retentionHours: 48 });
    try {
      const jsm = await jetstreamManager(broker.connection);
      for (const name of [`${prefix.toUpperCase()}_EVENTS`, `${prefix.toUpperCase()}_SIGNALS`]) {
        const info = await jsm.streams.info(name);
        expect(info.config.max_age).toBe(48 * 3_600_000 * 1_000_000);
        expect(info.config.duplicate_window).toBeGreaterThan(0);
      }
      expect((await jsm.streams.info(`${prefix.toUpperCase()}_EVENTS`)).config.subjects).toEqual([
        `${prefix}.events.>`,
      ]);
    } finally {
      await broker.close();
    }
  });
});

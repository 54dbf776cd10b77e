import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';

import { NatsBroker } from '../../../src/bus/nats/nats-broker';
import { RedisBroker } from '../../../src/bus/redis/redis-broker';
import type { Broker, BusEnvelope, Consumption } from '../../../src/core';
import { Deduplicator } from '../../../src/engine/bus/dedup';
import { InProcessBus } from '../../../src/engine/bus/in-process-bus';
import { JournalPublisher } from '../../../src/engine/bus/journal-publisher';
import { SystemClock } from '../../../src/shared/system-clock';
import { openSqliteStore, type SqliteStore } from '../../../src/store';
import { eventually, startNats, startRedis, uniquePrefix, type PrivateBroker } from './servers';

interface Rig {
  server: PrivateBroker;
  broker: Broker;
  store: SqliteStore;
  publisher: JournalPublisher;
  directory: string;
}

const cases: {
  name: string;
  start: () => Promise<PrivateBroker>;
  connect: (url: string, prefix: string) => Promise<Broker>;
}[] = [
  { name: 'redis', start: startRedis, connect: (url, prefix) => RedisBroker.connect({ url, prefix }) },
  { name: 'nats', start: startNats, connect: (url, prefix) => NatsBroker.connect({ url, prefix }) },
];

function fill(n: number) {
  return {
    type: 'OrderFilled',
    stream: 'acc-1',
    payload: JSON.stringify({ type: 'OrderFilled', n }),
    recordedAt: 1_700_000_000_000 + n,
  };
}

describe.each(cases)('journal publisher over $name: broker restarted mid-stream', ({ start, connect }) => {
  const rigs: Rig[] = [];
  const consumptions: Consumption[] = [];
  afterEach(async () => {
    for (const consumption of consumptions.splice(0)) await consumption.stop();
    for (const rig of rigs.splice(0)) {
      await rig.publisher.stop();
      await rig.broker.close();
      await rig.store.close();
      await rig.server.stop();
      rmSync(rig.directory, { recursive: true, force: true });
    }
  });

  it('loses no event: consumers see every journal sequence once, in order, after a crash and restart', async () => {
    const server = await start();
    const directory = mkdtempSync(join(tmpdir(), 'tmt-bus-'));
    const clock = new SystemClock();
    const store = await openSqliteStore({ path: join(directory, 'journal.db'), clock, checkpoint: 'none' });
    const prefix = uniquePrefix();
    const broker = await connect(server.url, prefix);
    const publisher = new JournalPublisher({
      journal: store.journal,
      keyValue: store.keyValue,
      channel: broker.events,
      bus: new InProcessBus(),
      clock,
      origin: 'engine-1',
      pollMs: 20,
    });
    rigs.push({ server, broker, store, publisher, directory });
    const dedup = new Deduplicator();
    const seen: number[] = [];
    let deliveries = 0;
    const onDelivery = ({ envelope }: { envelope: BusEnvelope }) => {
      deliveries++;
      if (dedup.firstTime(envelope)) seen.push(envelope.seq ?? 0);
    };
    consumptions.push(
      await broker.events.consumeGroup({ group: 'agents', consumer: 'a1', ackWaitMs: 1000 }, onDelivery),
    );
    await publisher.start();

    for (let i = 1; i <= 200; i++) await store.journal.append([fill(i)]);
    await eventually(() => seen.length >= 100, 'half of the stream delivered');
    await server.kill();
    // Appends go on while the broker is down: the journal is the source of truth.
    for (let i = 201; i <= 400; i++) await store.journal.append([fill(i)]);
    await server.start();
    await eventually(() => seen.length === 400, 'every event after the restart', 60_000);

    expect(seen).toEqual(Array.from({ length: 400 }, (_, i) => i + 1));
    expect(deliveries).toBeGreaterThanOrEqual(400);
    await publisher.waitFor(400);
    expect(Number(await store.keyValue.get('bus.publisher.cursor.engine-1'))).toBe(400);
  }, 120_000);

  it('resumes from the persisted cursor after an engine restart: nothing republished from the start, nothing skipped', async () => {
    const server = await start();
    const directory = mkdtempSync(join(tmpdir(), 'tmt-bus-'));
    const clock = new SystemClock();
    const prefix = uniquePrefix();
    let store = await openSqliteStore({ path: join(directory, 'journal.db'), clock, checkpoint: 'none' });
    let broker = await connect(server.url, prefix);
    const make = () =>
      new JournalPublisher({
        journal: store.journal,
        keyValue: store.keyValue,
        channel: broker.events,
        bus: new InProcessBus(),
        clock,
        origin: 'engine-1',
        pollMs: 20,
      });
    let publisher = make();
    await publisher.start();
    for (let i = 1; i <= 50; i++) await store.journal.append([fill(i)]);
    await publisher.waitFor(50);
    await publisher.stop();
    await broker.close();
    await store.close();
    // The engine is down while it journals nothing; then it starts again and journals more.
    store = await openSqliteStore({ path: join(directory, 'journal.db'), clock, checkpoint: 'none' });
    broker = await connect(server.url, prefix);
    publisher = make();
    rigs.push({ server, broker, store, publisher, directory });
    const all: number[] = [];
    consumptions.push(
      await broker.events.consumeGroup(
        { group: 'late', consumer: 'x' },
        ({ envelope }) => void all.push(envelope.seq ?? 0),
      ),
    );
    await publisher.start();
    for (let i = 51; i <= 80; i++) await store.journal.append([fill(i)]);
    await eventually(() => all.length >= 80, 'all 80 in the stream');
    // Exactly once on the broker here: no broker failure, so no batch was sent twice.
    expect(all).toEqual(Array.from({ length: 80 }, (_, i) => i + 1));
  }, 120_000);
});

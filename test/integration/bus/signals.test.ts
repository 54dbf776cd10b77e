import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

import { NatsBroker } from '../../../src/bus/nats/nats-broker';
import { RedisBroker } from '../../../src/bus/redis/redis-broker';
import type { Broker, EngineEvent } from '../../../src/core';
import { BusIntake } from '../../../src/orchestrator/bus/bus-intake';
import { TmtAgent } from '../../../src/orchestrator/sdk';
import { signalOrderPrefix } from '../../../src/orchestrator/sdk/bus-link';
import { createOrchestratorHarness, run, type OrchestratorHarness } from '../orchestrator/support/harness';
import { eventually, startNats, startRedis, uniquePrefix, type PrivateBroker } from './servers';

const kinds = [
  {
    name: 'redis',
    start: startRedis,
    connect: (url: string, prefix: string) => RedisBroker.connect({ url, prefix }),
  },
  {
    name: 'nats',
    start: startNats,
    connect: (url: string, prefix: string) => NatsBroker.connect({ url, prefix }),
  },
];

const initialized = (events: readonly EngineEvent[]) =>
  events.filter(
    (event): event is Extract<EngineEvent, { type: 'OrderInitialized' }> => event.type === 'OrderInitialized',
  );

function signal(id: string) {
  return {
    clientSignalId: id,
    instrumentId: 'EUR_USD.PAPER',
    intent: 'long' as const,
    confidence: '0.8',
    entry: { type: 'market' as const },
    stopLoss: { distance: '0.00500' },
  };
}

describe.each(kinds)('signals over $name, into the orchestrator', ({ start, connect }) => {
  let server: PrivateBroker;
  let harness: OrchestratorHarness;
  const brokers: Broker[] = [];
  const closers: (() => Promise<void> | void)[] = [];
  beforeAll(async () => {
    server = await start();
  }, 30_000);
  afterAll(async () => {
    await server.stop();
  });
  afterEach(async () => {
    for (const close of closers.splice(0).reverse()) await close();
    for (const broker of brokers.splice(0)) await broker.close();
    await harness.close();
  });

  async function rig() {
    harness = await createOrchestratorHarness();
    await run(harness.clock, 1_000); // quotes first: the sizing stage needs a price
    const prefix = uniquePrefix();
    const engineSide = await connect(server.url, prefix);
    const agentSide = await connect(server.url, prefix);
    brokers.push(engineSide, agentSide);
    const intake = new BusIntake({
      broker: engineSide,
      orchestrator: harness.orchestrator,
      group: 'engine-1',
      consumer: 'engine-1',
      ackWaitMs: 1000,
    });
    await intake.start();
    closers.push(() => intake.stop());
    // The agent's code is the HTTP agent's code; only the connection option differs.
    const agent = await TmtAgent.start({
      agentId: 'trend-1',
      bus: { broker: agentSide },
      heartbeatMs: 60_000,
    });
    closers.push(() => agent.close());
    await eventually(
      () => harness.orchestrator.agent('trend-1') !== undefined,
      'the agent registered over the bus',
    );
    return { intake, agent, agentSide, prefix };
  }

  it('a signal sent three times (and its message duplicated on the broker) makes one order', async () => {
    const { intake, agent, agentSide } = await rig();
    await agent.signal(signal('dup-1'));
    await agent.signal(signal('dup-1'));
    const copy = {
      v: 1 as const,
      origin: 'trend-1',
      id: 'dup-1',
      type: 'Signal',
      stream: 'system',
      at: 1,
      body: JSON.stringify({ ...signal('dup-1'), agentId: 'trend-1' }),
    };
    // JetStream drops a same-id message inside its window by itself; this one has another id and still must not trade twice.
    await agentSide.signals.publish([{ ...copy, id: 'dup-1-copy' }]);
    await eventually(
      () => intake.stats.signals + intake.stats.duplicates >= 2 && harness.orchestrator.pending() === 0,
      'the signals taken in',
    );
    await run(harness.clock, 500);
    await eventually(() => intake.stats.signals === 1, 'one signal taken');
    const orders = harness.orchestrator.signal('dup-1')?.orders ?? [];
    expect(orders).toHaveLength(1);
    // The entry order was initialized once (its attached stop is an order of its own, also once).
    const ids = initialized(harness.events).map((event) => String(event.clientOrderId));
    expect(ids.filter((id) => id === orders[0])).toHaveLength(1);
    expect(ids.every((id) => id.startsWith(signalOrderPrefix('trend-1', 'dup-1')))).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
    expect(intake.stats.duplicates).toBeGreaterThanOrEqual(1);
  }, 60_000);

  it('signals sent across a broker crash and restart are all taken, each once', async () => {
    const { intake, agent } = await rig();
    const sent: Promise<unknown>[] = [];
    for (let i = 1; i <= 5; i++) sent.push(agent.signal(signal(`r-${i}`)));
    await Promise.all(sent);
    await eventually(() => intake.stats.signals === 5, 'five before the crash');
    await server.kill();
    const during = [6, 7, 8].map((i) => agent.signal(signal(`r-${i}`)));
    await server.start();
    await Promise.all(during);
    for (let i = 9; i <= 10; i++) await agent.signal(signal(`r-${i}`));
    await eventually(() => intake.stats.signals === 10, 'all ten taken', 60_000);
    await run(harness.clock, 500);
    // Each taken once: one record each (the pipeline may then trade or drop it on its own merits).
    for (let i = 1; i <= 10; i++)
      expect(harness.orchestrator.signal(`r-${i}`)?.trace[0]?.stage, `r-${i}`).toBe('intake');
    const ids = initialized(harness.events).map((event) => event.clientOrderId);
    expect(ids.length).toBeGreaterThan(0);
    expect(new Set(ids).size).toBe(ids.length);
  }, 120_000);

  it('heartbeats over the bus keep the agent healthy', async () => {
    const { intake, agentSide } = await rig();
    await agentSide.signals.publish([
      {
        v: 1,
        origin: 'trend-1',
        id: 'hb-x',
        type: 'AgentHeartbeat',
        stream: 'system',
        at: 1,
        body: '{"responseTimeMs":3}',
      },
    ]);
    await eventually(() => intake.stats.heartbeats >= 1, 'a heartbeat');
    expect(harness.orchestrator.agent('trend-1')?.health).toBe('healthy');
    expect(harness.orchestrator.agent('trend-1')?.responseTimeMs).toBe(3);
  }, 60_000);
});

import { afterEach, describe, expect, it } from 'vitest';
import {
  AccountId,
  type Broker,
  type BusEnvelope,
  type Consumption,
  type EngineEvent,
  type MessageBus,
} from '../../src/core';

/**
 * The shared contract of the MessageBus port. Every implementation (in-process, Redis Streams, NATS...) runs
 * it: `runBusContract('name', (onHandlerError) => new SomeBus(onHandlerError))`. A bus that delivers
 * asynchronously returns `settle` to wait for delivery.
 */
export interface BusUnderTest {
  readonly bus: MessageBus;
  /** Resolves once everything published so far has been delivered. */
  settle(): Promise<void>;
  /** Releases connections (buses over a broker). */
  close?(): Promise<void>;
}

export type BusFactory = (
  onHandlerError: (error: unknown, event: EngineEvent) => void,
) => BusUnderTest | Promise<BusUnderTest>;

let sequence = 0;
function alert(message: string): EngineEvent {
  sequence++;
  return {
    type: 'AlertRaised',
    alertId: `a-${sequence}`,
    kind: 'drift',
    severity: 'info',
    message,
    details: {},
    occurredAt: 1_700_000_000_000 + sequence,
  };
}

function stateChange(reason: string): EngineEvent {
  return {
    type: 'TradingStateChanged',
    accountId: AccountId.parse('acc-1'),
    previous: 'ACTIVE',
    current: 'HALTED',
    reason,
    actor: 'test',
    occurredAt: 1_700_000_000_000,
  };
}

export function runBusContract(name: string, factory: BusFactory): void {
  describe(`MessageBus contract: ${name}`, () => {
    const opened: BusUnderTest[] = [];
    const create = async (onHandlerError: (error: unknown, event: EngineEvent) => void) => {
      const made = await factory(onHandlerError);
      opened.push(made);
      return made;
    };
    afterEach(async () => {
      for (const made of opened.splice(0)) await made.close?.();
    });

    it('delivers an event to every subscriber of its type, in subscription order', async () => {
      const { bus, settle } = await create(() => undefined);
      const seen: string[] = [];
      bus.subscribe('AlertRaised', (e) => seen.push(`first:${e.message}`));
      bus.subscribe('AlertRaised', (e) => seen.push(`second:${e.message}`));
      bus.publish(alert('x'));
      await settle();
      expect(seen).toEqual(['first:x', 'second:x']);
    });

    it('does not deliver an event to subscribers of another type', async () => {
      const { bus, settle } = await create(() => undefined);
      const seen: string[] = [];
      bus.subscribe('TradingStateChanged', (e) => seen.push(e.reason));
      bus.publish(alert('not for you'));
      await settle();
      expect(seen).toEqual([]);
    });

    it('delivers every event to a wildcard subscriber, in publish order', async () => {
      const { bus, settle } = await create(() => undefined);
      const seen: string[] = [];
      bus.subscribe('*', (e) => seen.push(e.type));
      bus.publish(alert('a'));
      bus.publish(stateChange('b'));
      bus.publish(alert('c'));
      await settle();
      expect(seen).toEqual(['AlertRaised', 'TradingStateChanged', 'AlertRaised']);
    });

    it('stops delivering after unsubscribe, and a second unsubscribe is harmless', async () => {
      const { bus, settle } = await create(() => undefined);
      const seen: string[] = [];
      const unsubscribe = bus.subscribe('AlertRaised', (e) => seen.push(e.message));
      bus.publish(alert('before'));
      await settle();
      unsubscribe();
      unsubscribe();
      bus.publish(alert('after'));
      await settle();
      expect(seen).toEqual(['before']);
    });

    it('isolates and reports a handler that throws; the others still receive the event', async () => {
      const reported: unknown[] = [];
      const { bus, settle } = await create((error) => reported.push(error));
      const seen: string[] = [];
      bus.subscribe('AlertRaised', () => {
        throw new Error('boom');
      });
      bus.subscribe('AlertRaised', (e) => seen.push(e.message));
      bus.subscribe('*', (e) => seen.push(`*${e.type}`));
      bus.publish(alert('survives'));
      bus.publish(alert('again'));
      await settle();
      expect(seen).toEqual(['survives', '*AlertRaised', 'again', '*AlertRaised']);
      expect(reported).toHaveLength(2);
      expect((reported[0] as Error).message).toBe('boom');
    });

    it('lets a handler unsubscribe itself during delivery without skipping the next handler', async () => {
      const { bus, settle } = await create(() => undefined);
      const seen: string[] = [];
      const unsubscribe = bus.subscribe('AlertRaised', () => {
        seen.push('once');
        unsubscribe();
      });
      bus.subscribe('AlertRaised', () => seen.push('always'));
      bus.publish(alert('1'));
      bus.publish(alert('2'));
      await settle();
      expect(seen).toEqual(['once', 'always', 'always']);
    });

    it('delivers events published from inside a handler', async () => {
      const { bus, settle } = await create(() => undefined);
      const seen: string[] = [];
      bus.subscribe('AlertRaised', (e) => {
        seen.push(e.message);
        if (e.message === 'outer') bus.publish(stateChange('inner'));
      });
      bus.subscribe('TradingStateChanged', (e) => seen.push(e.reason));
      bus.publish(alert('outer'));
      await settle();
      expect(seen).toContain('outer');
      expect(seen).toContain('inner');
    });

    it('keeps per-subscriber order over many events', async () => {
      const { bus, settle } = await create(() => undefined);
      const seen: string[] = [];
      bus.subscribe('AlertRaised', (e) => seen.push(e.message));
      const sent: string[] = [];
      for (let i = 0; i < 1000; i++) {
        sent.push(String(i));
        bus.publish(alert(String(i)));
      }
      await settle();
      expect(seen).toEqual(sent);
    });
  });
}

/** A broker under test: a fresh, uniquely named pair of streams per call. */
export type BrokerFactory = () => Promise<Broker>;

function envelope(seq: number, type = 'OrderFilled', origin = 'engine-a'): BusEnvelope {
  return {
    v: 1,
    origin,
    seq,
    type,
    stream: 'acc-1',
    at: 1_700_000_000_000 + seq,
    body: JSON.stringify({ n: seq }),
  };
}

async function until(check: () => boolean, what: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/**
 * The broker port's contract (Redis Streams, NATS JetStream): persistence, ordering, consumer groups and
 * redelivery. Waits are for conditions, with generous timeouts; nothing depends on timing.
 */
export function runBrokerContract(name: string, open: BrokerFactory): void {
  describe(`Broker contract: ${name}`, () => {
    const brokers: Broker[] = [];
    const stops: Consumption[] = [];
    const fresh = async () => {
      const broker = await open();
      brokers.push(broker);
      return broker;
    };
    afterEach(async () => {
      for (const stop of stops.splice(0)) await stop.stop();
      for (const broker of brokers.splice(0)) await broker.close();
    });

    it('keeps messages published before any consumer existed; a new group reads them all, in order', async () => {
      const broker = await fresh();
      await broker.events.publish([1, 2, 3, 4, 5].map((seq) => envelope(seq)));
      const seen: number[] = [];
      stops.push(
        await broker.events.consumeGroup(
          { group: 'late', consumer: 'c1' },
          ({ envelope: e }) => void seen.push(e.seq ?? 0),
        ),
      );
      await until(() => seen.length === 5, 'five messages');
      expect(seen).toEqual([1, 2, 3, 4, 5]);
    });

    it('carries every envelope field through unchanged', async () => {
      const broker = await fresh();
      const sent: BusEnvelope = { ...envelope(7), part: 1, body: '{"price":{"$d":"101.25"}}' };
      const got: BusEnvelope[] = [];
      stops.push(
        await broker.events.consumeGroup(
          { group: 'g', consumer: 'c' },
          ({ envelope: e }) => void got.push(e),
        ),
      );
      await broker.events.publish([
        sent,
        { v: 1, origin: 'agent-1', id: 'sig-1', type: 'Signal', stream: 'system', at: 5, body: '{}' },
      ]);
      await until(() => got.length === 2, 'two messages');
      expect(got[0]).toEqual(sent);
      expect(got[1]).toEqual({
        v: 1,
        origin: 'agent-1',
        id: 'sig-1',
        type: 'Signal',
        stream: 'system',
        at: 5,
        body: '{}',
      });
    });

    it('keeps publish order over 2,000 messages, for a group consumer and a tail', async () => {
      const broker = await fresh();
      const group: number[] = [];
      const tailed: number[] = [];
      stops.push(
        await broker.events.consumeGroup(
          { group: 'order', consumer: 'c1' },
          ({ envelope: e }) => void group.push(e.seq ?? 0),
        ),
      );
      stops.push(await broker.events.tail(({ envelope: e }) => void tailed.push(e.seq ?? 0)));
      const all = Array.from({ length: 2000 }, (_, i) => i + 1);
      for (let i = 0; i < all.length; i += 250)
        await broker.events.publish(all.slice(i, i + 250).map((seq) => envelope(seq)));
      await until(() => group.length === 2000 && tailed.length === 2000, '2,000 messages on both');
      expect(group).toEqual(all);
      expect(tailed).toEqual(all);
    });

    it('shares a group between instances: each message goes to exactly one of them', async () => {
      const broker = await fresh();
      const a: number[] = [];
      const b: number[] = [];
      stops.push(
        await broker.signals.consumeGroup(
          { group: 'agents', consumer: 'a' },
          ({ envelope: e }) => void a.push(e.seq ?? 0),
        ),
      );
      stops.push(
        await broker.signals.consumeGroup(
          { group: 'agents', consumer: 'b' },
          ({ envelope: e }) => void b.push(e.seq ?? 0),
        ),
      );
      const all = Array.from({ length: 600 }, (_, i) => i + 1);
      for (let i = 0; i < all.length; i += 20)
        await broker.signals.publish(all.slice(i, i + 20).map((seq) => envelope(seq, 'Signal')));
      await until(() => a.length + b.length === 600, 'all 600 shared out');
      expect([...a, ...b].sort((x, y) => x - y)).toEqual(all);
      expect(a.filter((seq) => b.includes(seq))).toEqual([]);
    });

    it('gives each group all of the messages', async () => {
      const broker = await fresh();
      const one: number[] = [];
      const two: number[] = [];
      stops.push(
        await broker.events.consumeGroup(
          { group: 'one', consumer: 'x' },
          ({ envelope: e }) => void one.push(e.seq ?? 0),
        ),
      );
      stops.push(
        await broker.events.consumeGroup(
          { group: 'two', consumer: 'x' },
          ({ envelope: e }) => void two.push(e.seq ?? 0),
        ),
      );
      await broker.events.publish([1, 2, 3].map((seq) => envelope(seq)));
      await until(() => one.length === 3 && two.length === 3, 'both groups');
      expect(one).toEqual([1, 2, 3]);
      expect(two).toEqual([1, 2, 3]);
    });

    it('redelivers what a crashed instance never acknowledged to another instance of the group', async () => {
      const broker = await fresh();
      let crashedGot = 0;
      const crashed = await broker.signals.consumeGroup(
        { group: 'work', consumer: 'crashed', ackWaitMs: 500 },
        () => {
          crashedGot++;
          throw new Error('crashed before acknowledging');
        },
      );
      await broker.signals.publish([1, 2, 3].map((seq) => envelope(seq, 'Signal')));
      await until(() => crashedGot >= 3, 'the first instance to take all three');
      await crashed.stop();
      const survivor: { seq: number; redelivered: boolean }[] = [];
      stops.push(
        await broker.signals.consumeGroup(
          { group: 'work', consumer: 'survivor', ackWaitMs: 500 },
          ({ envelope: e, redelivered }) => void survivor.push({ seq: e.seq ?? 0, redelivered }),
        ),
      );
      await until(() => survivor.length >= 3, 'redelivery to the survivor');
      expect(survivor.map((m) => m.seq).sort()).toEqual([1, 2, 3]);
      expect(survivor.every((m) => m.redelivered)).toBe(true);
    });

    it('a tail sees only what is published after it started', async () => {
      const broker = await fresh();
      await broker.events.publish([envelope(1)]);
      const seen: number[] = [];
      stops.push(await broker.events.tail(({ envelope: e }) => void seen.push(e.seq ?? 0)));
      await broker.events.publish([envelope(2), envelope(3)]);
      await until(() => seen.length === 2, 'two tailed');
      expect(seen).toEqual([2, 3]);
    });

    it('filters a group by type', async () => {
      const broker = await fresh();
      const seen: string[] = [];
      stops.push(
        await broker.events.consumeGroup(
          { group: 'fills', consumer: 'c', types: ['OrderFilled'] },
          ({ envelope: e }) => void seen.push(`${e.type}:${e.seq}`),
        ),
      );
      await broker.events.publish([
        envelope(1, 'OrderAccepted'),
        envelope(2, 'OrderFilled'),
        envelope(3, 'PositionChanged'),
        envelope(4, 'OrderFilled'),
      ]);
      await until(() => seen.length === 2, 'two fills');
      expect(seen).toEqual(['OrderFilled:2', 'OrderFilled:4']);
    });
  });
}

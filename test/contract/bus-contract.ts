import { describe, expect, it } from 'vitest';
import { AccountId, type EngineEvent, type MessageBus } from '../../src/core';

/**
 * The shared contract of the MessageBus port. Every implementation (in-process, Redis Streams, NATS...) runs
 * it: `runBusContract('name', (onHandlerError) => new SomeBus(onHandlerError))`. A bus that delivers
 * asynchronously returns `settle` to wait for delivery.
 */
export interface BusUnderTest {
  readonly bus: MessageBus;
  /** Resolves once everything published so far has been delivered. */
  settle(): Promise<void>;
}

export type BusFactory = (onHandlerError: (error: unknown, event: EngineEvent) => void) => BusUnderTest;

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

export function runBusContract(name: string, create: BusFactory): void {
  describe(`MessageBus contract: ${name}`, () => {
    it('delivers an event to every subscriber of its type, in subscription order', async () => {
      const { bus, settle } = create(() => undefined);
      const seen: string[] = [];
      bus.subscribe('AlertRaised', (e) => seen.push(`first:${e.message}`));
      bus.subscribe('AlertRaised', (e) => seen.push(`second:${e.message}`));
      bus.publish(alert('x'));
      await settle();
      expect(seen).toEqual(['first:x', 'second:x']);
    });

    it('does not deliver an event to subscribers of another type', async () => {
      const { bus, settle } = create(() => undefined);
      const seen: string[] = [];
      bus.subscribe('TradingStateChanged', (e) => seen.push(e.reason));
      bus.publish(alert('not for you'));
      await settle();
      expect(seen).toEqual([]);
    });

    it('delivers every event to a wildcard subscriber, in publish order', async () => {
      const { bus, settle } = create(() => undefined);
      const seen: string[] = [];
      bus.subscribe('*', (e) => seen.push(e.type));
      bus.publish(alert('a'));
      bus.publish(stateChange('b'));
      bus.publish(alert('c'));
      await settle();
      expect(seen).toEqual(['AlertRaised', 'TradingStateChanged', 'AlertRaised']);
    });

    it('stops delivering after unsubscribe, and a second unsubscribe is harmless', async () => {
      const { bus, settle } = create(() => undefined);
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
      const { bus, settle } = create((error) => reported.push(error));
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
      const { bus, settle } = create(() => undefined);
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
      const { bus, settle } = create(() => undefined);
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
      const { bus, settle } = create(() => undefined);
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

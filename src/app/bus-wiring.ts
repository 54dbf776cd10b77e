import { connectBroker } from '../bus';
import { RedisRateBudget } from '../bus/redis/redis-rate-budget';
import type { Broker, Clock, SharedRateBudget, Store } from '../core';
import { JournalPublisher } from '../engine/bus/journal-publisher';
import type { ExecutionEngine } from '../engine/execution-engine';
import { BusIntake } from '../orchestrator/bus/bus-intake';
import type { Orchestrator } from '../orchestrator/orchestrator';
import type { Logger } from '../shared/logger';
import type { LoadedConfig } from './config/load';

export interface BusParts {
  readonly broker: Broker;
  /** With `bus.sharedRateLimits`: the venue request budgets shared through Redis. */
  readonly rateBudget: SharedRateBudget | undefined;
  readonly publisher: JournalPublisher | undefined;
  readonly intake: BusIntake | undefined;
  /** Wires the publisher (journal → broker) and the intake (agents → orchestrator); call once. */
  attach(parts: { engine: ExecutionEngine; store: Store; orchestrator: Orchestrator | undefined }): void;
  start(): Promise<void>;
  close(): Promise<void>;
}

/**
 * The broker `bus:` names, connected before the venues (their limiters may share budgets through it).
 * undefined for `kind: in-process`: the engine's own bus then stays the only one.
 */
export async function connectBus(
  loaded: LoadedConfig,
  parts: { clock: Clock; logger: Logger },
): Promise<BusParts | undefined> {
  const config = loaded.config.bus;
  if (config.kind === 'in-process') return undefined;
  const url = loaded.secrets.get('bus.url');
  if (url === undefined) throw new Error('bus.url did not resolve (the loader reports why)');
  const logger = parts.logger.child({ component: 'bus' });
  const broker = await connectBroker(config.kind, {
    url,
    prefix: config.prefix,
    retentionHours: config.retentionHours,
    now: () => parts.clock.now(),
    logger,
  });
  const rateBudget =
    config.sharedRateLimits && 'redis' in broker
      ? new RedisRateBudget(
          (broker as { redis: ConstructorParameters<typeof RedisRateBudget>[0] }).redis,
          config.prefix,
        )
      : undefined;
  let publisher: JournalPublisher | undefined;
  let intake: BusIntake | undefined;
  return {
    broker,
    rateBudget,
    get publisher() {
      return publisher;
    },
    get intake() {
      return intake;
    },
    attach({ engine, store, orchestrator }) {
      publisher = new JournalPublisher({
        journal: store.journal,
        keyValue: store.keyValue,
        channel: broker.events,
        bus: engine.bus,
        clock: parts.clock,
        origin: config.engineId,
        logger,
        publishMarketData: config.publishMarketData,
      });
      if (orchestrator !== undefined && config.signals.enabled)
        intake = new BusIntake({
          broker,
          orchestrator,
          // One group per engine: every engine sees every signal and trades its own accounts with it.
          group: `engine.${config.engineId}`,
          consumer: config.engineId,
          ackWaitMs: config.signals.ackWaitMs,
          logger,
        });
    },
    async start() {
      await publisher?.start();
      await intake?.start();
    },
    async close() {
      await intake?.stop();
      await publisher?.stop();
      await broker.close();
    },
  };
}

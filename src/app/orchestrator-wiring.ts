import { join } from 'node:path';

import type { Clock } from '../core';
import type { TradingEngine } from '../engine/trading-engine';
import { ManagedAgents } from '../orchestrator/agents/managed-agents';
import { Orchestrator } from '../orchestrator/orchestrator';
import { SqliteSignalJournal } from '../orchestrator/signals/sqlite-signal-journal';
import { StrategyRunner } from '../orchestrator/strategies/strategy-runner';
import type { CircuitBreakerOptions } from '../orchestrator/breakers/circuit-breakers';
import type { CorrelationOptions } from '../orchestrator/stages/correlation-stage';
import type { QualityOptions } from '../orchestrator/stages/quality-stage';
import type { SizingOptions } from '../orchestrator/stages/sizing-stage';
import { WebhookIntake, type WebhookSpec } from '../orchestrator/webhooks/webhook-intake';
import type { Logger } from '../shared/logger';
import type { LoadedConfig } from './config/load';

export interface OrchestratorParts {
  readonly orchestrator: Orchestrator;
  /** The built-in strategies running in process (a backtest waits on them between replayed events). */
  readonly strategies: readonly StrategyRunner[];
  /** Starts managed agents once the API listens (they need its URL). */
  start(apiUrl: string): void;
  close(): Promise<void>;
}

/** The orchestrator from the `orchestrator:` section: pipeline, breakers, agents, strategies, webhooks. */
export function buildOrchestrator(
  loaded: LoadedConfig,
  parts: { engine: TradingEngine; clock: Clock; logger: Logger; dataDir: string },
): OrchestratorParts | undefined {
  const config = loaded.config.orchestrator;
  if (!config.enabled) return undefined;
  const { engine, clock } = parts;
  const logger = parts.logger.child({ component: 'orchestrator' });
  const orchestrator = new Orchestrator({
    engine,
    clock,
    logger,
    journal: new SqliteSignalJournal(join(parts.dataDir, 'signals.db')),
    ...(config.pipeline === undefined ? {} : { pipeline: config.pipeline }),
    quality: withoutUndefined(config.quality) as QualityOptions,
    correlation: withoutUndefined(config.correlation) as CorrelationOptions,
    sizing: withoutUndefined(config.sizing) as SizingOptions,
    breakers: withoutUndefined(config.breakers) as CircuitBreakerOptions,
    agents: config.agents,
  });
  const managed = new ManagedAgents(config.managed, orchestrator.registry, clock, engine.bus, logger);
  orchestrator.extensions.restartAgent = (agentId) => managed.restart(agentId);
  const webhooks = new WebhookIntake(
    config.webhooks.map((hook, index) => ({
      ...(withoutUndefined(hook) as Omit<WebhookSpec, 'secret'>),
      secret: loaded.secrets.get(`orchestrator.webhooks.${index}.secret`) ?? '',
    })),
    orchestrator,
    clock,
  );
  orchestrator.extensions.receiveAlert = (alert) => webhooks.receive(alert);
  const runners = config.strategies.map((spec) => {
    orchestrator.registry.register(spec.id, 'built-in');
    return new StrategyRunner(
      spec,
      engine.bus,
      (signal) => orchestrator.submitSignal(signal, 'strategy', `strategy:${spec.id}`),
      logger,
    );
  });
  return {
    orchestrator,
    strategies: runners,
    start(apiUrl) {
      config.managed.forEach((_agent, index) => {
        const token = loaded.secrets.get(`orchestrator.managed.${index}.token`);
        if (token !== undefined) managed.setToken(config.managed[index]?.id ?? '', token);
      });
      managed.startAll({ TMT_API_URL: apiUrl });
    },
    async close() {
      for (const runner of runners) runner.close();
      await managed.stopAll();
      orchestrator.close();
    },
  };
}

/** zod writes absent optional keys as `undefined`; the options types (exactOptionalPropertyTypes) want them absent. */
function withoutUndefined(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutUndefined);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([, item]) => item !== undefined)
      .map(([key, item]) => [key, withoutUndefined(item)]),
  );
}

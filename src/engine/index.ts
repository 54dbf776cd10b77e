/**
 * The execution engine: what the composition root (src/app) builds and the API, CLI and orchestrator drive.
 *
 *   const engine = new ExecutionEngine({ clock, journal: store.journal, deadLetters: store.deadLetters,
 *                                        venues: [paperVenue], ...standardRiskAndPortfolio({ global: {...} }) });
 *   await engine.start();   // replay the journal, reconcile every account, start periodic reconciliation
 *   ...
 *   await engine.stop();    // graceful: intake off, in-flight settled, journal flushed, venues disconnected
 */
import type { RawLimits } from './risk/limits';
import { PortfolioService } from './portfolio/portfolio-service';
import { RiskEngine } from './risk/risk-engine';
import type { ExecutionEngineOptions } from './execution-engine';

export { ExecutionEngine, type EngineHooks, type ExecutionEngineOptions } from './execution-engine';
export { InProcessBus } from './bus/in-process-bus';
export { DEFAULT_TIMINGS, type EngineTimings } from './context';
export {
  DEFAULT_CIRCUIT_BREAKER,
  type CircuitBreakerOptions,
  type CircuitState,
} from './resiliency/circuit-breaker';
export type * from './trading-engine';
export type { RiskGate, PortfolioLedger } from './ports-internal';

/** The standard risk engine and portfolio service, wired to the engine's instruments, orders and bus. */
export function standardRiskAndPortfolio(
  limits: { global?: RawLimits; accounts?: Readonly<Record<string, RawLimits>> } = {},
): Pick<ExecutionEngineOptions, 'portfolio' | 'risk'> {
  return {
    portfolio: (hooks) =>
      new PortfolioService({ bus: hooks.bus, clock: hooks.clock, instrument: hooks.instrument }),
    risk: (hooks, portfolio) => {
      const risk = new RiskEngine(
        {
          clock: hooks.clock,
          portfolio,
          instrument: hooks.instrument,
          openOrders: hooks.openOrders,
          bus: hooks.bus,
        },
        limits,
      );
      risk.attach(hooks.bus);
      return risk;
    },
  };
}

import type { CircuitBreakers } from '../breakers/circuit-breakers';
import {
  accept,
  change,
  drop,
  type PipelineStage,
  type StageResult,
  type TradePlan,
} from '../pipeline/stage';

/** Stage 5, learning safety: nothing passes an open circuit breaker at any level. */
export class BreakerStage implements PipelineStage {
  readonly name = 'circuit-breakers';

  constructor(private readonly breakers: CircuitBreakers) {}

  process(plan: TradePlan): StageResult {
    const { signal } = plan;
    const global = this.breakers.blockedGlobally();
    if (global !== undefined) return drop(`circuit breaker open: ${global}`);
    const agent = this.breakers.blockedAgent(signal.agentId);
    if (agent !== undefined) return drop(`agent ${signal.agentId} circuit breaker open: ${agent}`);
    // Closing a position reduces risk: a flat signal passes an instrument's market breaker.
    const market =
      signal.intent === 'flat' ? undefined : this.breakers.blockedInstrument(signal.instrumentId);
    if (market !== undefined) return drop(`market circuit breaker open on ${signal.instrumentId}: ${market}`);
    const blocked: string[] = [];
    const legs = plan.legs.filter((leg) => {
      const reason = signal.intent === 'flat' ? undefined : this.breakers.blockedAccount(leg.accountId);
      if (reason !== undefined) blocked.push(`${leg.accountId}: ${reason}`);
      return reason === undefined;
    });
    if (legs.length === 0) return drop(`every account's circuit breaker is open: ${blocked.join('; ')}`);
    if (blocked.length > 0)
      return change({ ...plan, legs }, `removed accounts with an open breaker: ${blocked.join('; ')}`);
    return accept();
  }
}

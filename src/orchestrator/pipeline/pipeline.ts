import type { SignalTraceEntry, SignalVerdict } from '../../core';
import type { PipelineStage, StageContext, StageResult, TradePlan } from './stage';

export type PipelineOutcome =
  | { readonly status: 'completed'; readonly plan: TradePlan }
  | { readonly status: 'dropped'; readonly stage: string; readonly reason: string; readonly code?: string };

/** Receives each stage's decision as it is made: the signal book (trace) and the bus (live feed). */
export type DecisionSink = (plan: TradePlan, entry: SignalTraceEntry) => void;

function isPromise(value: StageResult | Promise<StageResult>): value is Promise<StageResult> {
  return typeof (value as Promise<StageResult>).then === 'function';
}

/**
 * The ordered stages a signal passes. A stage that throws drops the signal (with the error as its reason)
 * rather than stopping the pipeline for every other signal. Synchronous stages are not awaited, so that a
 * pipeline of built-ins costs no extra event-loop turns.
 */
export class Pipeline {
  constructor(
    private readonly stages: readonly PipelineStage[],
    private readonly context: StageContext,
    private readonly sink: DecisionSink,
  ) {}

  names(): readonly string[] {
    return this.stages.map((stage) => stage.name);
  }

  async run(initial: TradePlan): Promise<PipelineOutcome> {
    let plan = initial;
    for (const stage of this.stages) {
      let result: StageResult;
      try {
        const pending = stage.process(plan, this.context);
        result = isPromise(pending) ? await pending : pending;
      } catch (error) {
        const reason = `stage failed: ${error instanceof Error ? error.message : String(error)}`;
        this.record(plan, stage.name, 'dropped', reason, undefined, undefined);
        return { status: 'dropped', stage: stage.name, reason };
      }
      if (plan.signal.expiresAt !== undefined && this.context.clock.now() >= plan.signal.expiresAt) {
        const reason = 'the signal expired inside the pipeline';
        this.record(plan, stage.name, 'dropped', reason, 'ORCH_SIGNAL_EXPIRED', undefined);
        return { status: 'dropped', stage: stage.name, reason, code: 'ORCH_SIGNAL_EXPIRED' };
      }
      switch (result.action) {
        case 'accept':
          this.record(plan, stage.name, 'accepted', result.reason ?? 'passed', undefined, undefined);
          break;
        case 'change':
          plan = result.plan;
          this.record(plan, stage.name, 'changed', result.reason, undefined, result.details);
          break;
        case 'drop':
          this.record(plan, stage.name, 'dropped', result.reason, result.code, result.details);
          return {
            status: 'dropped',
            stage: stage.name,
            reason: result.reason,
            ...(result.code === undefined ? {} : { code: result.code }),
          };
      }
    }
    return { status: 'completed', plan };
  }

  private record(
    plan: TradePlan,
    stage: string,
    verdict: SignalVerdict,
    reason: string,
    code: string | undefined,
    details: Readonly<Record<string, string>> | undefined,
  ): void {
    const { signal } = plan;
    this.sink(plan, {
      signalId: signal.signalId,
      agentId: signal.agentId,
      instrumentId: signal.instrumentId,
      stage,
      verdict,
      reason,
      ...(code === undefined ? {} : { code }),
      ...(details === undefined ? {} : { details }),
      occurredAt: this.context.clock.now(),
    });
  }
}

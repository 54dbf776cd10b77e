import { createHash } from 'node:crypto';

import { TmtError, type Signal } from '../../core';
import type { AlgoEngine, AlgoSpec } from '../../engine/algos';
import { accept, drop, type PipelineStage, type StageContext, type StageResult, type TradeLeg, type TradePlan } from '../pipeline/stage';

/** What an algorithm choice supplies; the stage fills in the parent id, account, instrument, side and quantity. */
export type AlgoChoice =
  | Omit<Extract<AlgoSpec, { kind: 'twap' }>, 'parentId' | 'accountId' | 'instrumentId' | 'side' | 'quantity'>
  | Omit<Extract<AlgoSpec, { kind: 'vwap' }>, 'parentId' | 'accountId' | 'instrumentId' | 'side' | 'quantity'>
  | Omit<Extract<AlgoSpec, { kind: 'iceberg' }>, 'parentId' | 'accountId' | 'instrumentId' | 'side' | 'quantity'>;

export interface AlgoExecutionOptions {
  readonly algos: AlgoEngine;
  /** The algorithm for a signal's leg, or undefined to execute it through `fallback` (the direct submit). */
  readonly choose: (signal: Signal, leg: TradeLeg, context: StageContext) => AlgoChoice | undefined;
  /** The stage for signals no algorithm takes (flat intents too), e.g. the orchestrator's own execution. */
  readonly fallback?: PipelineStage;
}

/** Deterministic per signal and leg, so that a resent signal maps onto the same parent (never a second one). */
export function signalParentId(signal: Signal, leg: number): string {
  const digest = createHash('sha256').update(`${signal.agentId}\u0000${signal.signalId}`).digest('hex').slice(0, 24);
  return `sg-${digest}-${leg}a`;
}

/**
 * The execution stage choosing an algorithm (issue 16): registered as a custom stage named `algo-execution`
 * and listed in the pipeline in place of `execution`. Each leg the choice takes becomes an algo parent whose
 * children go through the engine's normal submit; the rest goes to the fallback stage.
 */
export class AlgoExecutionStage implements PipelineStage {
  readonly name = 'algo-execution';

  constructor(private readonly options: AlgoExecutionOptions) {}

  async process(plan: TradePlan, context: StageContext): Promise<StageResult> {
    const { signal } = plan;
    const chosen = plan.legs.map((leg) => (signal.intent === 'flat' || leg.quantity === undefined ? undefined : this.options.choose(signal, leg, context)));
    if (chosen.every((choice) => choice === undefined)) {
      if (this.options.fallback === undefined) return drop('no algorithm chosen and no fallback execution stage');
      return this.options.fallback.process(plan, context);
    }
    const parents: string[] = [];
    for (let index = 0; index < plan.legs.length; index++) {
      const choice = chosen[index];
      const leg = plan.legs[index] as TradeLeg;
      if (choice === undefined || leg.quantity === undefined) continue;
      const parentId = signalParentId(signal, index);
      if (this.options.algos.view(parentId) === undefined) {
        const spec = { ...choice, parentId, accountId: leg.accountId, instrumentId: signal.instrumentId, side: signal.intent === 'long' ? 'buy' : 'sell', quantity: leg.quantity, tag: `algo:${parentId}` } as AlgoSpec;
        try {
          await this.options.algos.create(spec);
        } catch (error) {
          if (error instanceof TmtError) return drop(`the algorithm was refused: ${error.message}`, { parentId }, error.code);
          throw error;
        }
      }
      parents.push(parentId);
    }
    const rest = plan.legs.filter((_, index) => chosen[index] === undefined);
    if (rest.length > 0 && this.options.fallback !== undefined) await this.options.fallback.process({ signal, legs: rest }, context);
    return accept(`started ${parents.length} algo parent(s): ${parents.join(',')}`);
  }
}

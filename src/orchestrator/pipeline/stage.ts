import type { AccountId, Clock, Price, Quantity, Signal } from '../../core';
import type { TradingEngine } from '../../engine/trading-engine';

/** One account's share of a signal: what the stages narrow down and the execution stage submits. */
export interface TradeLeg {
  readonly accountId: AccountId;
  /** Set by the sizing stage. */
  readonly quantity?: Quantity;
  /** The entry price the sizing used: the limit price, or the touch of the current quote for a market entry. */
  readonly entryPrice?: Price;
  readonly stopPrice?: Price;
  readonly takeProfitPrice?: Price;
  /** Exposure headroom left by the correlation caps, in units of the instrument's base asset. */
  readonly maxQuantity?: Quantity;
  /** Per-account participation scale from the correlation rules (1 = full size). */
  readonly scale?: string;
}

/** A signal on its way through the pipeline. Stages return a changed copy; they never mutate. */
export interface TradePlan {
  readonly signal: Signal;
  readonly legs: readonly TradeLeg[];
}

export interface StageContext {
  readonly engine: TradingEngine;
  readonly clock: Clock;
}

export type StageResult =
  | { readonly action: 'accept'; readonly reason?: string }
  | {
      readonly action: 'change';
      readonly plan: TradePlan;
      readonly reason: string;
      readonly details?: Readonly<Record<string, string>>;
    }
  | {
      readonly action: 'drop';
      readonly reason: string;
      readonly code?: string;
      readonly details?: Readonly<Record<string, string>>;
    };

/**
 * A pipeline stage: a plan and the context in; accept, change or drop (always with a reason) out. Users add
 * or replace stages with their own objects of this shape; a stage may be async (the execution stage is).
 */
export interface PipelineStage {
  readonly name: string;
  process(plan: TradePlan, context: StageContext): StageResult | Promise<StageResult>;
}

export const accept = (reason?: string): StageResult =>
  reason === undefined ? { action: 'accept' } : { action: 'accept', reason };
export const drop = (
  reason: string,
  details?: Readonly<Record<string, string>>,
  code?: string,
): StageResult => ({
  action: 'drop',
  reason,
  ...(details === undefined ? {} : { details }),
  ...(code === undefined ? {} : { code }),
});
export const change = (
  plan: TradePlan,
  reason: string,
  details?: Readonly<Record<string, string>>,
): StageResult => ({
  action: 'change',
  plan,
  reason,
  ...(details === undefined ? {} : { details }),
});

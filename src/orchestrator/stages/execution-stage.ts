import { createHash } from 'node:crypto';

import { ClientOrderId, type AttachedOrders, type OrderRequest, type Signal } from '../../core';
import type { SubmitOutcome } from '../../engine/trading-engine';
import {
  accept,
  drop,
  type PipelineStage,
  type StageContext,
  type StageResult,
  type TradeLeg,
  type TradePlan,
} from '../pipeline/stage';
import { SIGNAL_TAG_PREFIX } from './sizing-stage';

export interface ExecutionHooks {
  /** Checked before every submit: an emergency stop lands between two legs of one signal too. */
  readonly halted: () => boolean;
  /** Links an order to its signal before the engine sees it, so that even its first fill is attributed. */
  readonly linkOrder: (signal: Signal, clientOrderId: ClientOrderId) => void;
}

/** Deterministic per signal and leg, so that a resent signal maps onto the same (idempotent) engine orders. */
export function signalOrderId(signal: Signal, leg: number, purpose: 'entry' | 'close'): ClientOrderId {
  const digest = createHash('sha256')
    .update(`${signal.agentId}\u0000${signal.signalId}`)
    .digest('hex')
    .slice(0, 24);
  return ClientOrderId.parse(`sg-${digest}-${leg}${purpose === 'close' ? 'c' : ''}`);
}

/** Stage 6: through the engine's normal submit, so risk, the OMS and the journal all apply. */
export class ExecutionStage implements PipelineStage {
  readonly name = 'execution';

  constructor(private readonly hooks: ExecutionHooks) {}

  async process(plan: TradePlan, context: StageContext): Promise<StageResult> {
    const { signal } = plan;
    const actor = `agent:${signal.agentId}`;
    const placed: string[] = [];
    const denied: string[] = [];
    let firstCode: string | undefined;
    for (let index = 0; index < plan.legs.length; index++) {
      if (this.hooks.halted())
        return drop('emergency stop: no further orders', undefined, 'ORCH_INTAKE_STOPPED');
      const leg = plan.legs[index] as TradeLeg;
      const position = context.engine
        .positions(leg.accountId)
        .find((p) => p.instrumentId === signal.instrumentId && !p.signedQuantity.isZero());
      const holdsOpposite =
        position !== undefined &&
        (signal.intent === 'flat' ||
          (signal.intent === 'long' ? position.side === 'short' : position.side === 'long'));
      if (holdsOpposite) {
        const outcomes = await context.engine.closePosition(
          leg.accountId,
          signal.instrumentId,
          undefined,
          actor,
        );
        this.collect(outcomes, signal, placed, denied);
      }
      if (signal.intent === 'flat' || leg.quantity === undefined) continue;
      if (this.hooks.halted())
        return drop('emergency stop: no further orders', undefined, 'ORCH_INTAKE_STOPPED');
      const request = this.entryRequest(signal, leg, index);
      this.hooks.linkOrder(signal, request.clientOrderId);
      const outcome = await context.engine.submit(request, actor);
      if (outcome.status === 'denied') firstCode ??= outcome.denial.code;
      this.collect([outcome], signal, placed, denied);
    }
    const details = { orders: placed.join(','), denied: denied.join('; ') };
    if (placed.length === 0 && denied.length > 0)
      return drop(`the engine denied every order: ${denied.join('; ')}`, details, firstCode);
    if (placed.length === 0) return accept('nothing to do: no position to close');
    return {
      action: 'accept',
      reason: `submitted ${placed.length} order(s)${denied.length === 0 ? '' : `; denied: ${denied.join('; ')}`}`,
    };
  }

  private collect(
    outcomes: readonly SubmitOutcome[],
    signal: Signal,
    placed: string[],
    denied: string[],
  ): void {
    for (const outcome of outcomes) {
      const id = outcome.order.order.clientOrderId;
      this.hooks.linkOrder(signal, id);
      if (outcome.status === 'accepted') placed.push(id);
      else denied.push(`${id}: ${outcome.denial.code} ${outcome.denial.reason}`);
    }
  }

  private entryRequest(signal: Signal, leg: TradeLeg, index: number): OrderRequest {
    const side = signal.intent === 'long' ? 'buy' : 'sell';
    const attached: AttachedOrders = {
      ...(leg.stopPrice === undefined ? {} : { stopLoss: { triggerPrice: leg.stopPrice } }),
      ...(leg.takeProfitPrice === undefined ? {} : { takeProfit: { price: leg.takeProfitPrice } }),
    };
    const hasAttached = leg.stopPrice !== undefined || leg.takeProfitPrice !== undefined;
    const common = {
      clientOrderId: signalOrderId(signal, index, 'entry'),
      accountId: leg.accountId,
      instrumentId: signal.instrumentId,
      side,
      quantity: leg.quantity,
      postOnly: false,
      reduceOnly: false,
      tag: `${SIGNAL_TAG_PREFIX}${signal.agentId}`,
      ...(hasAttached ? { attached } : {}),
    } as const;
    if (signal.entry.type === 'market')
      return { ...common, quantity: leg.quantity ?? never(), type: 'market', timeInForce: 'IOC' };
    const expiry =
      signal.expiresAt === undefined
        ? { timeInForce: 'GTC' as const }
        : { timeInForce: 'GTD' as const, expireAt: signal.expiresAt };
    return {
      ...common,
      quantity: leg.quantity ?? never(),
      type: 'limit',
      price: signal.entry.price,
      ...expiry,
    };
  }
}

function never(): never {
  throw new Error('a sized leg has a quantity');
}

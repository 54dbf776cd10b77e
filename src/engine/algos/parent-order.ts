import { Decimal, Price, Quantity, type ClientOrderId, type InstrumentId, type Timestamp } from '../../core';
import type { OrderView } from '../trading-engine';
import { twapSchedule } from './twap';
import { vwapSchedule } from './vwap';
import type { AlgoEvent, AlgoSpec, IssuedSlice, ParentAmendment, ParentStatus, ScheduledSlice } from './types';

export interface ChildView {
  readonly clientOrderId: ClientOrderId;
  readonly index: number;
  readonly status: string;
  readonly quantity: Quantity;
  readonly filledQuantity: Quantity;
  readonly averagePrice?: Price;
  readonly price?: Price;
  /** Where the child went (a routed parent's children span venues). */
  readonly instrumentId: InstrumentId;
}

export interface ParentView {
  readonly parentId: string;
  readonly kind: AlgoSpec['kind'];
  readonly status: ParentStatus;
  readonly spec: AlgoSpec;
  readonly quantity: Quantity;
  readonly filledQuantity: Quantity;
  /** quantity - filled: what is left to do. */
  readonly leftQuantity: Quantity;
  readonly averagePrice?: Price;
  readonly arrivalPrice?: Price;
  /** Positive is worse than arrival for the parent's side (paid more on a buy, got less on a sell). */
  readonly slippageBasisPoints?: Decimal;
  readonly schedule: readonly ScheduledSlice[];
  readonly children: readonly ChildView[];
  readonly createdAt: Timestamp;
}

/** Quantity and notional of one child from its fills (the engine's own fold of the child's events). */
export function childFills(view: OrderView | undefined): { filled: Decimal; notional: Decimal } {
  let filled = Decimal.ZERO;
  let notional = Decimal.ZERO;
  for (const event of view?.order.events ?? []) {
    if (event.type !== 'OrderFilled') continue;
    filled = filled.add(event.lastQuantity);
    notional = notional.add(event.lastQuantity.mul(event.lastPrice));
  }
  return { filled, notional };
}

/**
 * An algorithm order: the fold of its journaled facts (creation, slices issued, pause/resume, modify, cancel,
 * finish). What its children filled is read from the engine's orders, never copied, so a fill is never lost
 * nor counted twice across a restart.
 */
export class ParentOrder {
  spec: AlgoSpec;
  status: ParentStatus = 'running';
  readonly slices: IssuedSlice[] = [];
  readonly arrivalPrice: Price | undefined;
  readonly createdAt: Timestamp;

  constructor(created: Extract<AlgoEvent, { type: 'AlgoParentCreated' }>) {
    this.spec = created.spec;
    this.arrivalPrice = created.arrivalPrice;
    this.createdAt = created.at;
  }

  get id(): string {
    return this.spec.parentId;
  }

  isActive(): boolean {
    return this.status === 'running' || this.status === 'paused';
  }

  apply(event: AlgoEvent): void {
    switch (event.type) {
      case 'AlgoParentCreated':
        return;
      case 'AlgoSliceIssued':
        if (!this.slices.some((slice) => slice.index === event.slice.index)) this.slices.push(event.slice);
        return;
      case 'AlgoParentPaused':
        if (this.status === 'running') this.status = 'paused';
        return;
      case 'AlgoParentResumed':
        if (this.status === 'paused') this.status = 'running';
        return;
      case 'AlgoParentModified':
        this.spec = amended(this.spec, event.amendment);
        return;
      case 'AlgoParentCanceled':
        if (this.isActive()) this.status = 'canceled';
        return;
      case 'AlgoParentFinished':
        if (this.isActive()) this.status = event.status;
        return;
    }
  }

  private quoteRate(instrumentId: InstrumentId): Decimal {
    if (this.spec.kind !== 'route') return Decimal.ONE;
    return this.spec.legs.find((leg) => leg.instrumentId === instrumentId)?.quoteRate ?? Decimal.ONE;
  }

  /** The market volume the parent had seen when its latest slice was issued (kept across a restart). */
  recordedVolume(): Decimal {
    let seen = Decimal.ZERO;
    for (const slice of this.slices) if (slice.marketVolume !== undefined) seen = seen.max(slice.marketVolume);
    return seen;
  }

  /** The next slice index: one past the highest issued (TWAP indexes skip slices merged after a pause). */
  nextIndex(): number {
    let next = 0;
    for (const slice of this.slices) next = Math.max(next, slice.index + 1);
    return next;
  }

  view(order: (id: ClientOrderId) => OrderView | undefined): ParentView {
    let filled = Decimal.ZERO;
    let notional = Decimal.ZERO;
    const children: ChildView[] = [];
    for (const slice of this.slices) {
      const child = order(slice.clientOrderId);
      const fills = childFills(child);
      const instrumentId = slice.instrumentId ?? this.spec.instrumentId;
      filled = filled.add(fills.filled);
      // A routed child's notional is converted into the reference quote, so the parent's average is one currency.
      notional = notional.add(fills.notional.mul(this.quoteRate(instrumentId)));
      children.push({
        clientOrderId: slice.clientOrderId,
        index: slice.index,
        status: child?.status ?? 'not-sent',
        quantity: slice.quantity,
        filledQuantity: Quantity.of(fills.filled),
        ...(fills.filled.isPositive() ? { averagePrice: Price.of(fills.notional.div(fills.filled, 12, 'half-even').normalize()) } : {}),
        ...(slice.price !== undefined ? { price: slice.price } : {}),
        instrumentId,
      });
    }
    const average = filled.isPositive() ? Price.of(notional.div(filled, 12, 'half-even').normalize()) : undefined;
    const slippage =
      average !== undefined && this.arrivalPrice !== undefined && this.arrivalPrice.isPositive()
        ? average
            .sub(this.arrivalPrice)
            .mul(Decimal.fromInteger(this.spec.side === 'buy' ? 10_000 : -10_000))
            .div(this.arrivalPrice, 4, 'half-even')
        : undefined;
    return {
      parentId: this.id,
      kind: this.spec.kind,
      status: this.status,
      spec: this.spec,
      quantity: this.spec.quantity,
      filledQuantity: Quantity.of(filled),
      leftQuantity: Quantity.of(this.spec.quantity.sub(filled).max(Decimal.ZERO)),
      ...(average !== undefined ? { averagePrice: average } : {}),
      ...(this.arrivalPrice !== undefined ? { arrivalPrice: this.arrivalPrice } : {}),
      ...(slippage !== undefined ? { slippageBasisPoints: slippage } : {}),
      schedule: this.spec.kind === 'twap' ? twapSchedule(this.spec) : this.spec.kind === 'vwap' ? vwapSchedule(this.spec) : [],
      children,
      createdAt: this.createdAt,
    };
  }
}

function amended(spec: AlgoSpec, amendment: ParentAmendment): AlgoSpec {
  const quantity = amendment.quantity ?? spec.quantity;
  const limitPrice = amendment.limitPrice ?? spec.limitPrice;
  if (spec.kind === 'iceberg') return { ...spec, quantity, limitPrice: amendment.limitPrice ?? spec.limitPrice };
  const endAt = amendment.endAt ?? spec.endAt;
  return { ...spec, quantity, ...(limitPrice !== undefined ? { limitPrice } : {}), ...(endAt !== undefined ? { endAt } : {}) };
}

import { Decimal } from '../../core';
import type { LiveOrder } from './orders';
import type { InstrumentScale } from './scale';

/**
 * Trigger rules on top of book (a buy trigger watches the ask, a sell trigger the bid, as venues do):
 * stop buys trigger when the ask rises to the trigger, stop sells when the bid falls to it; if-touched
 * orders the other way round; trailing stops follow the best price by their offset.
 */
export function isTriggerHit(order: LiveOrder, bid: number | undefined, ask: number | undefined): boolean {
  const buy = order.request.side === 'buy';
  const watched = buy ? ask : bid;
  if (watched === undefined) return false;
  const trigger = order.triggerTicks;
  if (trigger === undefined) return false;
  switch (order.request.type) {
    case 'stop-market':
    case 'stop-limit':
    case 'trailing-stop':
    case 'trailing-limit':
      return buy ? watched >= trigger : watched <= trigger;
    case 'market-if-touched':
    case 'limit-if-touched':
      return buy ? watched <= trigger : watched >= trigger;
    case 'market':
    case 'limit':
      return false;
  }
}

/** Offset of a trailing stop in ticks at a reference price (basis points round up: never tighter than asked). */
export function trailingOffsetTicks(order: LiveOrder, referenceTicks: number, scale: InstrumentScale): number {
  const offset = order.request.trailingOffset;
  if (offset === undefined) return 0;
  if (offset.kind === 'price') return scale.ticksRounded(offset.value, 'ceil');
  const distance = scale.price(referenceTicks).mul(offset.value).div(Decimal.fromInteger(10_000), 18, 'ceil');
  return Math.max(1, scale.ticksRounded(distance, 'ceil'));
}

/** Moves a trailing stop's extreme with the market and recomputes its trigger; returns true when it moved. */
export function updateTrailing(order: LiveOrder, bid: number | undefined, ask: number | undefined, scale: InstrumentScale): boolean {
  if (order.request.type !== 'trailing-stop' && order.request.type !== 'trailing-limit') return false;
  const buy = order.request.side === 'buy';
  const watched = buy ? ask : bid;
  if (watched === undefined) return false;
  const extreme = order.trailingExtreme;
  const better = extreme === undefined || (buy ? watched < extreme : watched > extreme);
  if (!better) return false;
  order.trailingExtreme = watched;
  const offset = trailingOffsetTicks(order, watched, scale);
  order.triggerTicks = buy ? watched + offset : watched - offset;
  return true;
}

/** A triggered trailing limit's limit price in ticks: its stop, then limitOffset beyond it (up for a buy, down for a sell). */
export function trailingLimitTicks(order: LiveOrder, scale: InstrumentScale): number | undefined {
  const stop = order.triggerTicks;
  if (stop === undefined) return undefined;
  const offset = order.request.limitOffset === undefined ? 0 : scale.ticksRounded(order.request.limitOffset, 'ceil');
  return order.request.side === 'buy' ? stop + offset : stop - offset;
}

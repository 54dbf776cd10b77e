import type { AccountId, InstrumentId, InstrumentKind, Timestamp } from '../../core';
import type { Ledger } from './ledger';
import type { Random } from './random';
import type { InstrumentMatcher } from './matcher';
import { isOpenStatus, type LiveOrder } from './orders';
import type { CancelOutcome, CommandTicket, LatencyModel, ModifyOutcome, SimAmendment, SimFill, SimOrder, SimOrderRef, SimOrderRequest } from './types';

/** A command on its way to the book (latency); plain data so that a snapshot keeps it. */
export type PendingCommand =
  | { readonly kind: 'submit'; readonly id: number; readonly arrivesAt: number; readonly request: SimOrderRequest }
  | { readonly kind: 'cancel'; readonly id: number; readonly arrivesAt: number; readonly ref: SimOrderRef }
  | { readonly kind: 'modify'; readonly id: number; readonly arrivesAt: number; readonly ref: SimOrderRef; readonly amendment: SimAmendment }
  | { readonly kind: 'cancel-all'; readonly id: number; readonly arrivesAt: number; readonly accountId: AccountId; readonly instrumentId?: InstrumentId };

/** Validates an amendment the way a venue does (tick, lot, not below what is filled) and applies it. */
export function applyAmendment(order: LiveOrder, matcher: InstrumentMatcher, amendment: SimAmendment, view: (order: LiveOrder) => SimOrder, fills: SimFill[]): ModifyOutcome {
  const reject = (reason: string): ModifyOutcome => ({ status: 'rejected', code: 'INVALID_MODIFY', reason });
  if (!isOpenStatus(order.status)) return { status: 'rejected', code: 'ORDER_NOT_OPEN', reason: `the order is ${order.status}` };
  if (order.request.type === 'market') return reject('a market order cannot be modified');
  const { scale } = matcher;
  let quantityLots: number | undefined;
  let priceTicks: number | undefined;
  let triggerTicks: number | undefined;
  if (amendment.quantity !== undefined) {
    quantityLots = scale.lotsOf(amendment.quantity);
    if (quantityLots === undefined) return { status: 'rejected', code: 'QUANTITY_OFF_LOT', reason: `quantity must be a multiple of ${scale.instrument.sizeIncrement.toString()}` };
    if (amendment.quantity.lt(scale.instrument.minQuantity)) return { status: 'rejected', code: 'QUANTITY_BELOW_MINIMUM', reason: `quantity must be at least ${scale.instrument.minQuantity.toString()}` };
    if (quantityLots <= order.filledLots) return reject(`quantity must exceed the filled ${scale.quantity(order.filledLots).toString()}`);
  }
  if (amendment.price !== undefined) {
    if (order.priceTicks === undefined) return reject(`a ${order.request.type} order has no price to change`);
    priceTicks = scale.ticksOf(amendment.price);
    if (priceTicks === undefined || priceTicks <= 0) return { status: 'rejected', code: 'PRICE_OFF_TICK', reason: `price must be a positive multiple of ${scale.instrument.priceIncrement.toString()}` };
  }
  if (amendment.triggerPrice !== undefined) {
    if (order.triggerTicks === undefined || order.triggered || order.request.type === 'trailing-stop') return reject('only an untriggered stop or if-touched order has a trigger to change');
    triggerTicks = scale.ticksOf(amendment.triggerPrice);
    if (triggerTicks === undefined || triggerTicks <= 0) return { status: 'rejected', code: 'PRICE_OFF_TICK', reason: `trigger price must be a positive multiple of ${scale.instrument.priceIncrement.toString()}` };
  }
  if (order.request.postOnly === true && priceTicks !== undefined) {
    const probe = { ...order, priceTicks };
    if (matcher.wouldTake(probe)) return { status: 'rejected', code: 'POST_ONLY_WOULD_TAKE', reason: 'the new price would take liquidity' };
  }
  matcher.amend(order, quantityLots, priceTicks, triggerTicks);
  return { status: 'modified', order: view(order), fills };
}

export function cancelOrder(order: LiveOrder | undefined, matcher: InstrumentMatcher | undefined, view: (order: LiveOrder) => SimOrder): CancelOutcome {
  if (order === undefined || matcher === undefined) return { status: 'rejected', code: 'ORDER_NOT_FOUND', reason: 'no such order' };
  if (!isOpenStatus(order.status)) return { status: 'rejected', code: 'ORDER_NOT_OPEN', reason: `the order is ${order.status}` };
  matcher.close(order, 'canceled', 'requested');
  return { status: 'canceled', order: view(order) };
}

export function cancelAllOrders(matchers: Iterable<InstrumentMatcher>, accountId: AccountId, instrumentId: InstrumentId | undefined, view: (order: LiveOrder) => SimOrder): SimOrder[] {
  const canceled: SimOrder[] = [];
  for (const matcher of matchers) {
    if (instrumentId !== undefined && matcher.simulated.instrument.id !== instrumentId) continue;
    for (const order of [...matcher.open]) {
      if (order.request.accountId !== accountId) continue;
      matcher.close(order, 'canceled', 'requested');
      canceled.push(view(order));
    }
  }
  return canceled;
}

/** The market orders that close a margin account out, when its equity is below its closeout level. */
export function closeoutOrders(accountId: AccountId, ledger: Ledger, matchers: ReadonlyMap<InstrumentId, InstrumentMatcher>, lastOrderId: number): { matcher: InstrumentMatcher; request: SimOrderRequest }[] | undefined {
  const config = ledger.config(accountId);
  if (config.type !== 'margin' || config.closeoutFraction === undefined || !ledger.hasPositions(accountId)) return undefined;
  const state = ledger.state(accountId, new Map());
  if (!state.marginUsed.isPositive() || state.equity.gte(state.marginUsed.mul(config.closeoutFraction))) return undefined;
  const out: { matcher: InstrumentMatcher; request: SimOrderRequest }[] = [];
  for (const position of ledger.positions(accountId)) {
    const matcher = matchers.get(position.instrumentId);
    if (matcher === undefined) continue;
    out.push({
      matcher,
      request: {
        accountId,
        instrumentId: position.instrumentId,
        clientOrderId: `closeout-${lastOrderId + 1 + out.length}`,
        side: position.signedQuantity.isPositive() ? 'sell' : 'buy',
        type: 'market',
        quantity: matcher.scale.quantity(matcher.scale.lotsRoundedDown(position.signedQuantity)),
        timeInForce: 'IOC',
        reduceOnly: true,
      },
    });
  }
  return out;
}

export function drawLatency(model: LatencyModel, random: Random): number {
  switch (model.kind) {
    case 'fixed':
      return model.ms;
    case 'uniform':
      return Math.round(model.minMs + random.next() * (model.maxMs - model.minMs));
    case 'log-normal': {
      // 2.326 is the standard normal's 99th percentile: sigma puts p99 where the model says.
      const sigma = Math.log(model.p99Ms / model.medianMs) / 2.326;
      return Math.max(0, Math.round(model.medianMs * Math.exp(sigma * random.nextNormal())));
    }
  }
}

const DAY_MS = 86_400_000;

const NEW_YORK_HOUR = new Intl.DateTimeFormat('en-US', { timeZone: 'America/New_York', hour: 'numeric', hourCycle: 'h23' });

/**
 * The first end of a trading day strictly after `time`: a fixed UTC minute when given, else 00:00 UTC for
 * crypto and 17:00 New York (daylight saving included, from the time zone database) for everything else.
 */
export function dayEndAfter(time: Timestamp, endMinuteUtc: number | undefined, kind: InstrumentKind = 'fx'): Timestamp {
  const midnight = Math.floor(time / DAY_MS) * DAY_MS;
  if (endMinuteUtc !== undefined || kind === 'crypto-spot') {
    const candidate = midnight + (endMinuteUtc ?? 0) * 60_000;
    return candidate > time ? candidate : candidate + DAY_MS;
  }
  for (let day = midnight - DAY_MS; ; day += DAY_MS) {
    // 17:00 New York is 21:00 UTC in summer and 22:00 UTC in winter.
    for (const hour of [21, 22]) {
      const candidate = day + hour * 3_600_000;
      if (candidate > time && NEW_YORK_HOUR.format(candidate) === '17') return candidate;
    }
  }
}

/** A ticket whose outcome is set, and whose promise resolves, when the engine calls the settle function. */
export function createTicket<T>(commandId: number, arrivesAt: number, register: (settle: (outcome: T) => void) => void): CommandTicket<T> {
  const ticket: { commandId: number; arrivesAt: number; outcome: T | undefined; done: Promise<T> } = { commandId, arrivesAt, outcome: undefined, done: Promise.resolve() as Promise<T> };
  ticket.done = new Promise<T>((resolve) => {
    register((outcome) => {
      ticket.outcome = outcome;
      resolve(outcome);
    });
  });
  return ticket;
}

/** Open orders of an account (optionally one instrument), oldest first. */
export function openOrdersOf(matchers: Iterable<InstrumentMatcher>, accountId: AccountId, instrumentId: InstrumentId | undefined): LiveOrder[] {
  const out: LiveOrder[] = [];
  for (const matcher of matchers) {
    if (instrumentId !== undefined && matcher.simulated.instrument.id !== instrumentId) continue;
    for (const order of matcher.open) if (order.request.accountId === accountId) out.push(order);
  }
  return out.sort((a, b) => Number(a.orderId) - Number(b.orderId));
}

/** The earliest GTD/DAY expiry among open orders. */
export function earliestExpiry(matchers: Iterable<InstrumentMatcher>): Timestamp | undefined {
  let next: Timestamp | undefined;
  for (const matcher of matchers) {
    for (const order of matcher.open) if (order.expireAt !== undefined && (next === undefined || order.expireAt < next)) next = order.expireAt;
  }
  return next;
}

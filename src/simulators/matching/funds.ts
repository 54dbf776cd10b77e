import { Decimal, type AccountId } from '../../core';
import type { Ledger } from './ledger';
import type { InstrumentMatcher } from './matcher';
import { leavesLots, type LiveOrder } from './orders';
import type { MatchingRejectCode } from './types';

/**
 * What open orders hold on a cash account, and whether a new order is affordable: the checks a spot venue
 * makes before it accepts (buys lock quote at their limit or trigger price plus the taker fee; sells lock base).
 */
export function lockOf(order: LiveOrder, matcher: InstrumentMatcher): { currency: string; amount: Decimal } | undefined {
  const { instrument, fees } = matcher.simulated;
  const leaves = matcher.scale.quantity(leavesLots(order));
  if (order.request.side === 'sell') return { currency: instrument.baseCurrency, amount: leaves };
  const ticks = order.priceTicks ?? order.triggerTicks ?? matcher.book.asks.best();
  if (ticks === undefined) return undefined;
  const price = matcher.scale.price(ticks);
  return { currency: instrument.quoteCurrency, amount: price.mul(leaves).mul(Decimal.ONE.add(fees.taker.max(Decimal.ZERO))) };
}

/** What the account's open orders lock per currency (`except` left out), from each matcher's running sums. */
export function lockedByOpenOrders(accountId: AccountId, matchers: Iterable<InstrumentMatcher>, except?: LiveOrder): Map<string, Decimal> {
  const locked = new Map<string, Decimal>();
  for (const matcher of matchers) matcher.locks.addTo(accountId, locked, except);
  return locked;
}

/** The same figure by a scan of every open order: the reference the running sums are tested against. */
export function scanLockedByOpenOrders(accountId: AccountId, matchers: Iterable<InstrumentMatcher>, except?: LiveOrder): Map<string, Decimal> {
  const locked = new Map<string, Decimal>();
  for (const matcher of matchers) {
    for (const order of matcher.open) {
      if (order.request.accountId !== accountId || order === except || order.request.type === 'market') continue;
      const lock = lockOf(order, matcher);
      if (lock !== undefined) locked.set(lock.currency, (locked.get(lock.currency) ?? Decimal.ZERO).add(lock.amount));
    }
  }
  return locked;
}

/** Cost of buying `lots` by walking the asks up to an optional limit (what a market buy would pay). */
function walkCost(matcher: InstrumentMatcher, lots: number, limit: number | undefined): Decimal {
  const asks = matcher.book.asks;
  let remaining = lots;
  let cost = Decimal.ZERO;
  for (let i = 0; i < asks.depth && remaining > 0; i++) {
    const price = asks.prices[i] as number;
    if (limit !== undefined && price > limit) break;
    const taken = Math.min(remaining, asks.sizes[i] as number);
    cost = cost.add(matcher.scale.price(price).mul(matcher.scale.quantity(taken)));
    remaining -= taken;
  }
  return cost;
}

export function fundsRefusal(order: LiveOrder, matcher: InstrumentMatcher, ledger: Ledger, matchers: Iterable<InstrumentMatcher>): { code: MatchingRejectCode; reason: string } | undefined {
  const { accountId, side, reduceOnly } = order.request;
  const instrument = matcher.simulated.instrument;
  const account = ledger.config(accountId);
  const leaves = matcher.scale.quantity(leavesLots(order));
  if (account.type === 'cash') {
    if (reduceOnly === true && side === 'buy') return { code: 'REDUCE_ONLY_WOULD_INCREASE', reason: 'a spot buy cannot reduce a position' };
    const locked = lockedByOpenOrders(accountId, matchers, order);
    const currency = side === 'buy' ? instrument.quoteCurrency : instrument.baseCurrency;
    const free = ledger.balance(accountId, currency).sub(locked.get(currency) ?? Decimal.ZERO);
    let need: Decimal | undefined;
    if (side === 'sell') need = leaves;
    else if (order.request.type === 'market') {
      need = walkCost(matcher, leavesLots(order), order.priceTicks).mul(Decimal.ONE.add(matcher.simulated.fees.taker.max(Decimal.ZERO)));
    } else need = lockOf(order, matcher)?.amount;
    if (need === undefined) return { code: 'NO_LIQUIDITY', reason: `no price on ${instrument.id} to value the order` };
    if (need.gt(free)) return { code: 'INSUFFICIENT_BALANCE', reason: `needs ${need.toString()} ${currency}, free ${free.toString()}` };
    return undefined;
  }
  const net = ledger.netQuantity(accountId, instrument.id);
  const signed = side === 'buy' ? leaves : leaves.neg();
  if (reduceOnly === true) {
    // Hedging: a reduce-only order closes the opposite leg (a sell the long, a buy the short), so that leg is
    // what it may not exceed; the net of a hedged pair can be zero while each leg is open.
    const reducible = account.positionMode === 'hedging' ? ledger.legQuantity(accountId, instrument.id, side === 'sell' ? 'long' : 'short') : net;
    if (reducible.isZero() || reducible.sign() === signed.sign() || reducible.abs().lt(leaves)) {
      const what = account.positionMode === 'hedging' ? `the ${side === 'sell' ? 'long' : 'short'} leg is` : 'position is';
      return { code: 'REDUCE_ONLY_WOULD_INCREASE', reason: `${what} ${reducible.toString()}, a reduce-only ${side} of ${leaves.toString()} would not only reduce it` };
    }
    return undefined;
  }
  // Margin is needed for the part of the order that opens exposure (a reduction frees margin).
  const opening = net.sign() === signed.sign() || net.isZero() ? leaves : leaves.sub(net.abs()).max(Decimal.ZERO);
  if (opening.isZero() && account.positionMode === 'netting') return undefined;
  const needed = ledger.marginFor(accountId, instrument, account.positionMode === 'netting' ? opening : leaves);
  if (needed === undefined) return { code: 'INSUFFICIENT_MARGIN', reason: `no price to value margin for ${instrument.id} in ${account.baseCurrency}` };
  const available = ledger.state(accountId, new Map()).marginAvailable;
  if (needed.gt(available)) return { code: 'INSUFFICIENT_MARGIN', reason: `needs margin ${needed.toString()} ${account.baseCurrency}, available ${available.toString()}` };
  return undefined;
}

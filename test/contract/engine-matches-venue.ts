/**
 * The one check every engine-level scenario ends with: what TMT shows (open orders, positions, balances) equals
 * what the venue itself holds (VenueTruth, read from the simulator's own state). A difference is reported
 * field by field, so a failing scenario says which order, position or balance disagrees and how.
 */
import { Decimal, type AccountId, type InstrumentId } from '../../src/core';
import type { TradingEngine } from '../../src/engine';
import type { VenueTruth, VenueTruthOrder } from './venue-truth';

export interface MatchScope {
  readonly accountId: AccountId;
  /** Compare positions (venues that keep them); spot venues keep balances only. */
  readonly positions: boolean;
  /**
   * Currencies whose balance is compared; default every currency the venue lists. TMT may round a balance the
   * way the venue shows it: `balanceScale` rescales both sides (half-even) before comparing.
   */
  readonly currencies?: readonly string[];
  readonly balanceScale?: number;
}

interface EngineOrderShape {
  readonly clientOrderId: string;
  readonly venueClientOrderId: string | undefined;
  readonly instrumentId: InstrumentId;
  readonly side: string;
  readonly leaves: Decimal;
  readonly price: Decimal | undefined;
  readonly triggerPrice: Decimal | undefined;
}

/** Every difference between the engine's view and the venue's; empty when they agree. */
export function engineVenueDifferences(engine: TradingEngine, truth: VenueTruth, scope: MatchScope): string[] {
  const differences: string[] = [];
  differences.push(...orderDifferences(engine, truth, scope));
  if (scope.positions) differences.push(...positionDifferences(engine, truth, scope));
  differences.push(...balanceDifferences(engine, truth, scope));
  return differences;
}

/** Throws with every difference listed when the engine and the venue disagree. */
export function expectEngineMatchesVenue(engine: TradingEngine, truth: VenueTruth, scope: MatchScope): void {
  const differences = engineVenueDifferences(engine, truth, scope);
  if (differences.length > 0) throw new Error(`TMT and the venue disagree:\n  ${differences.join('\n  ')}`);
}

/**
 * Waits (bounded) until the engine has caught up with the venue's reports, then checks. The venue answers and
 * streams asynchronously, so a comparison made at one instant may see a report still on the wire; a real
 * disagreement stays and fails after the timeout with the list of differences.
 */
export async function waitEngineMatchesVenue(
  engine: TradingEngine,
  truth: () => Promise<VenueTruth>,
  scope: MatchScope,
  timeoutMs = 15_000,
): Promise<VenueTruth> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const current = await truth();
    const differences = engineVenueDifferences(engine, current, scope);
    if (differences.length === 0) return current;
    if (Date.now() > deadline) throw new Error(`TMT and the venue still disagree after ${timeoutMs} ms:\n  ${differences.join('\n  ')}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

function orderDifferences(engine: TradingEngine, truth: VenueTruth, scope: MatchScope): string[] {
  const out: string[] = [];
  // Orders the engine holds itself (emulated, waiting for a parent) are not at the venue by design.
  const shown: EngineOrderShape[] = engine
    .orders({ accountId: scope.accountId, openOnly: true })
    .filter((view) => view.status !== 'initialized')
    .map(({ order }) => ({
      clientOrderId: order.clientOrderId,
      venueClientOrderId: order.venueClientOrderId,
      instrumentId: order.request.instrumentId,
      side: order.request.side,
      leaves: order.quantity.sub(order.filledQuantity),
      price: order.request.type === 'market' ? undefined : order.price,
      triggerPrice: order.triggerPrice,
    }));
  const atVenue = new Map<string, VenueTruthOrder>();
  for (const order of truth.openOrders) {
    if (atVenue.has(order.venueClientOrderId)) out.push(`the venue holds two working orders with client id ${order.venueClientOrderId}`);
    atVenue.set(order.venueClientOrderId, order);
  }
  const matched = new Set<string>();
  for (const order of shown) {
    const id = order.venueClientOrderId;
    const venue = id === undefined ? undefined : atVenue.get(id);
    if (id === undefined || venue === undefined) {
      out.push(`TMT shows ${order.clientOrderId} open (venue client id ${id ?? 'none'}) but the venue holds no such working order`);
      continue;
    }
    matched.add(id);
    const where = `order ${order.clientOrderId} (venue client id ${id})`;
    const venueLeaves = venue.quantity.sub(venue.filledQuantity);
    if (venue.instrumentId !== order.instrumentId) out.push(`${where}: instrument TMT ${order.instrumentId}, venue ${venue.instrumentId}`);
    if (venue.side !== order.side) out.push(`${where}: side TMT ${order.side}, venue ${venue.side}`);
    if (!venueLeaves.eq(order.leaves)) out.push(`${where}: open quantity TMT ${order.leaves.toString()}, venue ${venueLeaves.toString()}`);
    if (!samePrice(order.price, venue.price)) out.push(`${where}: price TMT ${String(order.price)}, venue ${String(venue.price)}`);
    if (venue.triggerPrice !== undefined && !samePrice(order.triggerPrice, venue.triggerPrice))
      out.push(`${where}: trigger TMT ${String(order.triggerPrice)}, venue ${venue.triggerPrice.toString()}`);
  }
  for (const [id, venue] of atVenue) {
    if (!matched.has(id))
      out.push(`the venue holds working order ${id} (venue id ${venue.venueOrderId}, ${venue.side} ${venue.quantity.toString()} @ ${String(venue.price)}) that TMT does not show open`);
  }
  return out;
}

function samePrice(engine: Decimal | undefined, venue: Decimal | undefined): boolean {
  if (venue === undefined) return true;
  return engine !== undefined && engine.eq(venue);
}

function positionDifferences(engine: TradingEngine, truth: VenueTruth, scope: MatchScope): string[] {
  const shown = netByInstrument(engine.positions(scope.accountId).map((p) => ({ instrumentId: p.instrumentId, quantity: p.signedQuantity })));
  const held = netByInstrument(truth.positions);
  const out: string[] = [];
  for (const instrumentId of new Set([...shown.keys(), ...held.keys()])) {
    const a = shown.get(instrumentId) ?? Decimal.ZERO;
    const b = held.get(instrumentId) ?? Decimal.ZERO;
    if (!a.eq(b)) out.push(`position ${instrumentId}: TMT ${a.toString()}, venue ${b.toString()}`);
  }
  return out;
}

function netByInstrument(positions: readonly { instrumentId: InstrumentId; quantity: Decimal }[]): Map<string, Decimal> {
  const out = new Map<string, Decimal>();
  for (const p of positions) out.set(p.instrumentId, (out.get(p.instrumentId) ?? Decimal.ZERO).add(p.quantity));
  for (const [id, quantity] of out) if (quantity.isZero()) out.delete(id);
  return out;
}

function balanceDifferences(engine: TradingEngine, truth: VenueTruth, scope: MatchScope): string[] {
  const account = engine.accounts().find((a) => a.accountId === scope.accountId);
  if (account === undefined) return [`TMT shows no account ${scope.accountId}`];
  const out: string[] = [];
  const wanted = scope.currencies === undefined ? undefined : new Set(scope.currencies);
  const round = (value: Decimal) => (scope.balanceScale === undefined ? value : value.rescale(scope.balanceScale, 'half-even'));
  for (const balance of truth.balances) {
    if (wanted !== undefined && !wanted.has(balance.currency)) continue;
    const shown = account.state.balances.find((b) => b.currency === balance.currency)?.total ?? Decimal.ZERO;
    if (!round(shown).eq(round(balance.total)))
      out.push(`balance ${balance.currency}: TMT ${shown.toString()}, venue ${balance.total.toString()}`);
  }
  return out;
}

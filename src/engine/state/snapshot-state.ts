import { encodeExact, type OrderEvent, type TradingStateChanged } from '../../core';
import type { OrderEntry } from '../oms/order-cache';
import { encodePortfolioInTurns } from '../portfolio/portfolio-state';
import type { PortfolioSnapshotState } from '../portfolio/types';

/** The journaled fact: an account's new intake setting, who set it and when. */
export interface AccountEnabledChanged {
  readonly accountId: string;
  readonly enabled: boolean;
  readonly actor: string;
  readonly occurredAt: number;
}

/** Orders encoded per turn while a snapshot is written: small enough that no submit waits behind one turn. */
export const SNAPSHOT_ORDERS_PER_TURN = 250;

export interface EngineSnapshotState {
  readonly orders: readonly (readonly OrderEvent[])[];
  readonly tradingStates: readonly TradingStateChanged[];
  /** Accounts switched off by an operator (absent in snapshots written before it was kept). */
  readonly accountSwitches?: readonly AccountEnabledChanged[];
  /** orders[i]'s creation ordinal (absent in snapshots written before ordinals were kept). */
  readonly ordinals?: readonly number[];
  /** The ordinal the next new order gets. */
  readonly nextOrdinal?: number;
  /**
   * True when the snapshot holds live state only: finished orders evicted before it are in the order history
   * (their fills are booked again from there at start), not in `orders`.
   */
  readonly liveOnly?: boolean;
  /**
   * The portfolio at the snapshot's sequence (absent in snapshots written before it was kept, or from a
   * portfolio that cannot capture itself): restored as is, the orders' fills are not booked again.
   */
  readonly portfolio?: PortfolioSnapshotState;
}

/** What the snapshot needs, taken in one tick: the event lists are copied, so later events do not leak in. */
export interface CapturedState {
  readonly orders: readonly { readonly events: readonly OrderEvent[]; readonly ordinal: number }[];
  readonly tradingStates: readonly TradingStateChanged[];
  readonly accountSwitches: readonly AccountEnabledChanged[];
  readonly nextOrdinal: number;
  readonly liveOnly: boolean;
  readonly portfolio?: PortfolioSnapshotState;
}

export function captureState(
  entries: Iterable<OrderEntry>,
  tradingStates: Iterable<TradingStateChanged>,
  accountSwitches: Iterable<AccountEnabledChanged>,
  nextOrdinal: number,
  liveOnly: boolean,
  portfolio?: PortfolioSnapshotState,
): CapturedState {
  const orders: { events: readonly OrderEvent[]; ordinal: number }[] = [];
  for (const entry of entries)
    orders.push({ events: entry.order.events.slice(), ordinal: entry.ordinal ?? 0 });
  orders.sort((a, b) => a.ordinal - b.ordinal);
  return {
    orders,
    tradingStates: [...tradingStates],
    accountSwitches: [...accountSwitches],
    nextOrdinal,
    liveOnly,
    ...(portfolio === undefined ? {} : { portfolio }),
  };
}

/** The whole captured state in one call (tests, and callers that are not on a live engine's loop). */
export function encodeState(state: CapturedState): string {
  return encodeExact(toSnapshotState(state));
}

/**
 * The same text as encodeState, encoded a slice of orders per event-loop turn (off the submit path: a
 * snapshot of many open orders never holds the loop for long). encodeExact of an array is the bracketed,
 * comma-joined encoding of its items, so the pieces join into exactly the text one call would give.
 */
export async function encodeStateInTurns(
  state: CapturedState,
  yieldTurn: () => Promise<void> = () => new Promise((resolve) => setImmediate(resolve)),
  perTurn = SNAPSHOT_ORDERS_PER_TURN,
): Promise<string> {
  const pieces: string[] = [];
  for (let start = 0; start < state.orders.length; start += perTurn) {
    for (const order of state.orders.slice(start, start + perTurn)) pieces.push(encodeExact(order.events));
    if (start + perTurn < state.orders.length) await yieldTurn();
  }
  const portfolio =
    state.portfolio === undefined ? undefined : await encodePortfolioInTurns(state.portfolio, yieldTurn);
  const rest = encodeExact({ ...toSnapshotState(state), orders: [], portfolio: undefined });
  // rest starts with {"orders":[] : the encoded orders go between the brackets; the portfolio, encoded in
  // turns too, is its last field.
  const head = '{"orders":[';
  if (!rest.startsWith(`${head}]`)) throw new Error('snapshot encoding: orders must be the first field');
  const tail =
    portfolio === undefined
      ? rest.slice(head.length)
      : `${rest.slice(head.length, -1)},"portfolio":${portfolio}}`;
  return `${head}${pieces.join(',')}${tail}`;
}

function toSnapshotState(state: CapturedState): EngineSnapshotState {
  return {
    orders: state.orders.map((order) => order.events),
    tradingStates: state.tradingStates,
    accountSwitches: state.accountSwitches,
    ordinals: state.orders.map((order) => order.ordinal),
    nextOrdinal: state.nextOrdinal,
    liveOnly: state.liveOnly,
    ...(state.portfolio === undefined ? {} : { portfolio: state.portfolio }),
  };
}

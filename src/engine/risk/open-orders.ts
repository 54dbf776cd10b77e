import type { AccountId, ClientOrderId, Decimal, InstrumentId, Order, OrderSide } from '../../core';
import { Decimal as DecimalValue } from '../../core';

/** Open orders per account, fed by the order book's onOrderOpened / onOrderClosed hooks. */
export class OpenOrderIndex {
  private readonly byAccount = new Map<AccountId, Map<ClientOrderId, Order>>();

  add(order: Order): void {
    const accountId = order.request.accountId;
    let orders = this.byAccount.get(accountId);
    if (orders === undefined) {
      orders = new Map();
      this.byAccount.set(accountId, orders);
    }
    orders.set(order.clientOrderId, order);
  }

  remove(order: Order): void {
    this.byAccount.get(order.request.accountId)?.delete(order.clientOrderId);
  }

  orders(accountId: AccountId): Iterable<Order> {
    return this.byAccount.get(accountId)?.values() ?? [];
  }
}

export interface PendingSummary {
  /** Open orders of the account, the order being checked excluded. */
  readonly count: number;
  /** Open orders on the same instrument (for venue per-symbol caps). */
  readonly instrumentCount: number;
  /** Unfilled quantity of same-side orders on the instrument that could grow the position. */
  readonly growing: Decimal;
  /** Unfilled quantity of same-side reduce-only orders on the instrument (they compete for the same position). */
  readonly reducing: Decimal;
}

/** One pass over the account's open orders; the order under check (same client id) is left out. */
export function summarizePending(
  orders: Iterable<Order>,
  instrumentId: InstrumentId,
  side: OrderSide,
  exclude: ClientOrderId,
): PendingSummary {
  let count = 0;
  let instrumentCount = 0;
  let growing: Decimal = DecimalValue.ZERO;
  let reducing: Decimal = DecimalValue.ZERO;
  for (const order of orders) {
    if (order.clientOrderId === exclude || order.isTerminal()) continue;
    count++;
    if (order.request.instrumentId !== instrumentId) continue;
    instrumentCount++;
    if (order.request.side !== side) continue;
    if (order.request.reduceOnly) reducing = reducing.add(order.leavesQuantity);
    else growing = growing.add(order.leavesQuantity);
  }
  return { count, instrumentCount, growing, reducing };
}

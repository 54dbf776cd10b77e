import type { SimOrder } from '../matching';
import type { SimExchange } from './exchange';
import type { OrderMeta } from './wire-format';

/**
 * A trigger bracket attached to an entry: once the entry is filled, Coinbase places the bracket (take-profit
 * at limit_price, stop at stop_trigger_price) on the other side for the filled size, as an order of its own.
 * Before the fill the bracket exists only on the entry.
 */
export class SimAttachedOrders {
  private readonly placed = new Set<string>();

  constructor(private readonly exchange: SimExchange) {
    exchange.onOrder((order, meta) => this.onOrder(order, meta));
  }

  /** The bracket's client id: the entry's with a suffix, so a replayed fill finds it placed already. */
  static clientOrderIdOf(entryClientOrderId: string): string {
    return `${entryClientOrderId}-bracket`;
  }

  private onOrder(order: SimOrder, meta: OrderMeta): void {
    const attached = meta.attached;
    if (attached === undefined || order.status !== 'filled' || this.placed.has(meta.orderId)) return;
    this.placed.add(meta.orderId);
    const [key, fields] = Object.entries(attached)[0] ?? [];
    if (key === undefined || fields === undefined) return;
    const body = {
      client_order_id: SimAttachedOrders.clientOrderIdOf(meta.clientOrderId),
      product_id: meta.productId,
      side: order.request.side === 'buy' ? 'SELL' : 'BUY',
      order_configuration: { [key]: { ...fields, base_size: order.filledQuantity.normalize().toString() } },
    };
    // After the entry's own fill reports, as the venue places it once the entry has filled.
    queueMicrotask(() => void this.exchange.place(body));
  }
}

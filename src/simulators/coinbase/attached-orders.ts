import type { SimOrder } from '../matching';
import type { SimExchange } from './exchange';
import type { OrderMeta } from './wire-format';

/** The attached configurations Create Order takes on an entry (`attached_order_configuration`). */
const ATTACHED_KEYS = ['trigger_bracket_gtc', 'trigger_bracket_gtd'] as const;

/** Why an attached configuration is refused, or undefined when it is one Coinbase takes. */
export function attachedProblem(value: unknown): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'object' || value === null) return 'attached_order_configuration must be an object';
  const keys = Object.keys(value);
  const key = keys[0];
  if (keys.length !== 1 || key === undefined || !(ATTACHED_KEYS as readonly string[]).includes(key)) return `unsupported attached order configuration ${keys.join(',')}`;
  const fields = (value as Record<string, Record<string, unknown>>)[key] ?? {};
  for (const name of ['limit_price', 'stop_trigger_price']) if (typeof fields[name] !== 'string' || fields[name] === '') return `${key}.${name} is required`;
  return undefined;
}

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

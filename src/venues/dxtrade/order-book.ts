import { Decimal } from '../../core/money/decimal';
import type { OrderWire } from './parse/wire';

/** What the adapter remembers of an order: its ids, the version (ETag) conditional requests need, its fills. */
export interface KnownOrder {
  readonly orderCode: string;
  readonly orderId: string;
  readonly account: string;
  version: string;
  filled: Decimal;
  final: boolean;
}

/**
 * The adapter's index of orders by code and id, fed by every order it reads (answers, lookups, the push
 * stream). DXtrade wants the order's current version in If-Match on every modify and cancel.
 */
export class OrderBookKeeping {
  private readonly byCode = new Map<string, KnownOrder>();
  private readonly byId = new Map<string, KnownOrder>();
  private readonly executions = new Set<string>();

  /** Records what an order entity says; returns false when it is older than what is known (a stale push). */
  learn(order: OrderWire): boolean {
    const key = `${order.account}|${order.orderCode}`;
    const known = this.byCode.get(key);
    if (known !== undefined && BigInt(order.version) < BigInt(known.version)) return false;
    const leg = order.legs[0];
    const entry: KnownOrder = known ?? { orderCode: order.orderCode, orderId: order.orderId, account: order.account, version: order.version, filled: leg?.filledQuantity ?? Decimal.ZERO, final: order.finalStatus };
    entry.version = order.version;
    if (leg?.filledQuantity !== undefined) entry.filled = leg.filledQuantity;
    entry.final = order.finalStatus;
    this.byCode.set(key, entry);
    this.byId.set(order.orderId, entry);
    return true;
  }

  byClientId(account: string, code: string): KnownOrder | undefined {
    return this.byCode.get(`${account}|${code}`);
  }

  byOrderId(orderId: string): KnownOrder | undefined {
    return this.byId.get(orderId);
  }

  /** True the first time an execution code is seen: a fill is reported once. */
  firstSight(executionCode: string): boolean {
    if (this.executions.has(executionCode)) return false;
    this.executions.add(executionCode);
    return true;
  }
}

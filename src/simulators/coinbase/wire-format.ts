import { createHash } from 'node:crypto';
import { Decimal, type Timestamp } from '../../core';
import type { SimBalance, SimFill, SimOrder, SimOrderStatus } from '../matching';
import type { ParsedOrder } from './validation';

/** What the simulator keeps per order beside the engine's SimOrder: the wire id and facts the engine does not hold. */
export interface OrderMeta {
  readonly orderId: string;
  readonly engineOrderId: string;
  readonly productId: string;
  readonly clientOrderId: string;
  readonly parsed: ParsedOrder;
  readonly createdAt: Timestamp;
  fills: number;
  filledValue: Decimal;
  fees: Decimal;
  lastFillAt?: Timestamp;
  triggered: boolean;
  editHistory: { price: string; size: string; replace_accept_timestamp: string }[];
  /** attached_order_configuration as sent on the entry: placed as an order of its own once the entry fills. */
  attached?: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
}

export const USER_ID = '3a1b2c3d-0000-4000-8000-00000000cb01';
export const PORTFOLIO_ID = '3a1b2c3d-0000-4000-8000-00000000cb02';

/** RFC 3339 with microseconds, as Coinbase prints times. */
export function rfc3339(ms: Timestamp): string {
  return new Date(ms).toISOString().replace('Z', '000Z');
}

const fmt = (value: Decimal): string => value.normalize().toString();

/** A stable UUID-shaped id from text (account uuids by currency, fill entry ids by trade id). */
export function stableUuid(seed: string): string {
  const hex = createHash('sha256').update(seed).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

export function wireStatus(status: SimOrderStatus): string {
  switch (status) {
    case 'pending':
      return 'PENDING';
    case 'accepted':
    case 'triggered':
    case 'partially-filled':
      return 'OPEN';
    case 'filled':
      return 'FILLED';
    case 'canceled':
      return 'CANCELLED';
    case 'expired':
      return 'EXPIRED';
    case 'rejected':
      return 'FAILED';
  }
}

const TIME_IN_FORCE: Record<string, string> = {
  GTC: 'GOOD_UNTIL_CANCELLED',
  GTD: 'GOOD_UNTIL_DATE_TIME',
  IOC: 'IMMEDIATE_OR_CANCEL',
  FOK: 'FILL_OR_KILL',
  DAY: 'GOOD_UNTIL_CANCELLED',
};

export function wireOrderType(meta: OrderMeta): string {
  if (meta.parsed.key === 'market_market_ioc') return 'MARKET';
  if (meta.parsed.key.startsWith('stop_limit')) return 'STOP_LIMIT';
  if (meta.parsed.key.startsWith('trigger_bracket')) return 'BRACKET';
  return 'LIMIT';
}

/** The order_configuration as it stands now: an edit changes limit_price and base_size. */
export function currentConfiguration(order: SimOrder, meta: OrderMeta): Record<string, unknown> {
  const original = (meta.parsed.configuration[meta.parsed.key] ?? {}) as Record<string, unknown>;
  const current: Record<string, unknown> = { ...original };
  if (meta.parsed.key !== 'market_market_ioc' || original['base_size'] !== undefined) current['base_size'] = fmt(order.quantity);
  if (order.price !== undefined && 'limit_price' in original) current['limit_price'] = fmt(order.price);
  return { [meta.parsed.key]: current };
}

function triggerStatus(order: SimOrder, meta: OrderMeta): string {
  if (!meta.parsed.key.startsWith('stop_limit') && !meta.parsed.key.startsWith('trigger_bracket')) return 'INVALID_ORDER_TYPE';
  if (meta.triggered || order.status === 'triggered') return 'STOP_TRIGGERED';
  return order.status === 'accepted' ? 'STOP_PENDING' : 'INVALID_ORDER_TYPE';
}

function holdAmount(order: SimOrder): string {
  if (wireStatus(order.status) !== 'OPEN') return '0';
  const remaining = order.quantity.sub(order.filledQuantity);
  if (order.request.side === 'sell') return fmt(remaining);
  return order.price === undefined ? '0' : fmt(remaining.mul(order.price));
}

/** An order as `GET /api/v3/brokerage/orders/historical/{order_id}` returns it. */
export function wireOrder(order: SimOrder, meta: OrderMeta): Record<string, unknown> {
  const filled = order.filledQuantity;
  const completion = order.quantity.isZero() ? Decimal.ZERO : filled.div(order.quantity, 2, 'down').mul(Decimal.fromInteger(100));
  return {
    order_id: meta.orderId,
    product_id: meta.productId,
    user_id: USER_ID,
    order_configuration: currentConfiguration(order, meta),
    side: order.request.side === 'buy' ? 'BUY' : 'SELL',
    client_order_id: meta.clientOrderId,
    status: wireStatus(order.status),
    time_in_force: TIME_IN_FORCE[order.request.timeInForce] ?? 'UNKNOWN_TIME_IN_FORCE',
    created_time: rfc3339(meta.createdAt),
    completion_percentage: fmt(completion),
    filled_size: fmt(filled),
    average_filled_price: order.averagePrice === undefined ? '0' : fmt(order.averagePrice),
    fee: '',
    number_of_fills: String(meta.fills),
    filled_value: fmt(meta.filledValue),
    pending_cancel: false,
    size_in_quote: meta.parsed.quoteSize !== undefined,
    total_fees: fmt(meta.fees),
    size_inclusive_of_fees: false,
    total_value_after_fees: fmt(order.request.side === 'buy' ? meta.filledValue.add(meta.fees) : meta.filledValue.sub(meta.fees)),
    trigger_status: triggerStatus(order, meta),
    order_type: wireOrderType(meta),
    reject_reason: 'REJECT_REASON_UNSPECIFIED',
    settled: wireStatus(order.status) !== 'OPEN' && wireStatus(order.status) !== 'PENDING',
    product_type: 'SPOT',
    reject_message: order.status === 'rejected' ? (order.reason ?? '') : '',
    cancel_message: order.status === 'canceled' ? (order.reason === 'requested' ? 'User requested cancel' : (order.reason ?? '')) : '',
    order_placement_source: 'RETAIL_ADVANCED',
    outstanding_hold_amount: holdAmount(order),
    is_liquidation: false,
    last_fill_time: meta.lastFillAt === undefined ? null : rfc3339(meta.lastFillAt),
    edit_history: meta.editHistory,
    leverage: '',
    margin_type: 'UNKNOWN_MARGIN_TYPE',
    retail_portfolio_id: PORTFOLIO_ID,
    originating_order_id: '',
    attached_order_id: '',
  };
}

/** A row of `GET /api/v3/brokerage/orders/historical/fills`. */
export function wireFill(fill: SimFill, meta: OrderMeta | undefined, productId: string): Record<string, unknown> {
  return {
    entry_id: stableUuid(`fill:${fill.tradeId}`),
    trade_id: stableUuid(`trade:${fill.tradeId}`),
    order_id: meta?.orderId ?? fill.orderId,
    trade_time: rfc3339(fill.occurredAt),
    trade_type: 'FILL',
    price: fmt(fill.price),
    size: fmt(fill.quantity),
    commission: fmt(fill.commission),
    product_id: productId,
    sequence_timestamp: rfc3339(fill.occurredAt),
    liquidity_indicator: fill.liquidity === 'maker' ? 'MAKER' : 'TAKER',
    size_in_quote: false,
    user_id: USER_ID,
    side: fill.side === 'buy' ? 'BUY' : 'SELL',
    retail_portfolio_id: PORTFOLIO_ID,
  };
}

/** An entry of `GET /api/v3/brokerage/accounts`: available is free, hold is what open orders lock. */
export function wireAccount(balance: SimBalance, at: Timestamp): Record<string, unknown> {
  const fiat = balance.currency === 'USD' || balance.currency === 'EUR' || balance.currency === 'GBP';
  return {
    uuid: stableUuid(`account:${balance.currency}`),
    name: `${balance.currency} Wallet`,
    currency: balance.currency,
    available_balance: { value: fmt(balance.free), currency: balance.currency },
    default: true,
    active: true,
    created_at: rfc3339(at),
    updated_at: rfc3339(at),
    deleted_at: null,
    type: fiat ? 'ACCOUNT_TYPE_FIAT' : 'ACCOUNT_TYPE_CRYPTO',
    ready: true,
    hold: { value: fmt(balance.locked), currency: balance.currency },
    retail_portfolio_id: PORTFOLIO_ID,
    platform: 'ACCOUNT_PLATFORM_CONSUMER',
  };
}

/** An order in the `user` channel (snapshot and update events). */
export function wireUserOrder(order: SimOrder, meta: OrderMeta): Record<string, unknown> {
  const wire = wireOrder(order, meta);
  const config = (currentConfiguration(order, meta)[meta.parsed.key] ?? {}) as Record<string, unknown>;
  return {
    avg_price: wire['average_filled_price'],
    cancel_reason: wire['cancel_message'],
    client_order_id: meta.clientOrderId,
    completion_percentage: wire['completion_percentage'],
    contract_expiry_type: 'UNKNOWN_CONTRACT_EXPIRY_TYPE',
    cumulative_quantity: fmt(order.filledQuantity),
    filled_value: fmt(meta.filledValue),
    leaves_quantity: wireStatus(order.status) === 'OPEN' ? fmt(order.quantity.sub(order.filledQuantity)) : '0',
    limit_price: typeof config['limit_price'] === 'string' ? config['limit_price'] : '',
    number_of_fills: String(meta.fills),
    order_id: meta.orderId,
    order_side: wire['side'],
    order_type: wire['order_type'],
    outstanding_hold_amount: wire['outstanding_hold_amount'],
    post_only: String(meta.parsed.postOnly),
    product_id: meta.productId,
    product_type: 'SPOT',
    reject_reason: order.status === 'rejected' ? (order.reason ?? '') : '',
    retail_portfolio_id: PORTFOLIO_ID,
    risk_managed_by: 'UNKNOWN_RISK_MANAGEMENT_TYPE',
    status: wire['status'],
    stop_price: typeof config['stop_price'] === 'string' ? config['stop_price'] : '',
    time_in_force: wire['time_in_force'],
    total_fees: wire['total_fees'],
    total_value_after_fees: wire['total_value_after_fees'],
    trigger_status: wire['trigger_status'],
    creation_time: wire['created_time'],
    end_time: meta.parsed.endTime === undefined ? '0001-01-01T00:00:00Z' : rfc3339(meta.parsed.endTime),
    start_time: '0001-01-01T00:00:00Z',
  };
}

export const ORDER_STATUSES = [
  'initialized',
  'denied',
  'submitted',
  'accepted',
  'rejected',
  'triggered',
  'pending-update',
  'pending-cancel',
  'partially-filled',
  'filled',
  'canceled',
  'expired',
  /** Sent, but the venue's answer was lost (timeout, dropped connection, 5xx): settled only by a lookup. */
  'unknown',
] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

export const TERMINAL_STATUSES: ReadonlySet<OrderStatus> = new Set(['denied', 'rejected', 'filled', 'canceled', 'expired']);

/** Statuses in which the order may still trade at the venue. */
export const OPEN_STATUSES: ReadonlySet<OrderStatus> = new Set([
  'submitted',
  'accepted',
  'triggered',
  'pending-update',
  'pending-cancel',
  'partially-filled',
  'unknown',
]);

export function isTerminal(status: OrderStatus): boolean {
  return TERMINAL_STATUSES.has(status);
}

export function isOpen(status: OrderStatus): boolean {
  return OPEN_STATUSES.has(status);
}

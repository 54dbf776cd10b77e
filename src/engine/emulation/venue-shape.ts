import type { OrderRequest, Timestamp, TimeInForce, VenueCapabilities } from '../../core';

const DAY_MS = 86_400_000;

/**
 * Whether the engine keeps the order's expiry itself: a GTD or DAY order on a venue that declares no such
 * time in force for the order type (Binance spot: GTC/IOC/FOK only). The venue gets it as GTC and the
 * engine cancels it when it expires (expiry.ts).
 */
export function emulatesExpiry(request: OrderRequest, capabilities: VenueCapabilities): boolean {
  if (request.timeInForce !== 'GTD' && request.timeInForce !== 'DAY') return false;
  const allowed: readonly TimeInForce[] | undefined = capabilities.timeInForce[request.type];
  return allowed !== undefined && !allowed.includes(request.timeInForce) && allowed.includes('GTC');
}

/**
 * When an emulated expiry falls due. GTD: its expireAt. DAY: the end of the UTC day the order was created
 * in, as a venue trading around the clock has no session of its own to end the day.
 */
export function emulatedExpiryAt(request: OrderRequest, createdAt: Timestamp): Timestamp | undefined {
  if (request.timeInForce === 'GTD') return request.expireAt;
  if (request.timeInForce === 'DAY') return (Math.floor(createdAt / DAY_MS) + 1) * DAY_MS;
  return undefined;
}

/**
 * The order as the venue takes it, with what the engine handles itself left out: an emulated expiry goes as
 * GTC; reduce-only on a venue without it (spot) goes as a plain order, the engine having checked it against
 * the position and the balance (risk) before it left.
 */
export function venueShaped(request: OrderRequest, capabilities: VenueCapabilities): OrderRequest {
  const expiry = emulatesExpiry(request, capabilities);
  const reduceOnly = request.reduceOnly && !capabilities.reduceOnly;
  if (!expiry && !reduceOnly) return request;
  const { expireAt: _expireAt, ...withoutExpiry } = request;
  const base: OrderRequest = expiry ? { ...withoutExpiry, timeInForce: 'GTC' } : request;
  return reduceOnly ? { ...base, reduceOnly: false } : base;
}

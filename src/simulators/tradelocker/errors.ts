import type { MatchingRejectCode } from '../matching';

/**
 * TradeLocker answers `{"s":"error","errmsg":"..."}`. A request the API cannot take (missing field, bad
 * token, unknown id) gets a 4xx status; an order the broker refuses (margin, tick, lot, session) is answered
 * 200 with `s: "error"`, which is why the official Python client reads `errmsg` from a 200 answer
 * (TLAPIOrderException). The messages below are the simulator's catalogue; each names the rule it checks.
 */
export interface TlError {
  readonly status: number;
  readonly errmsg: string;
}

export const TL_ERRORS = {
  unauthorized: { status: 401, errmsg: 'Unauthorized' },
  tokenExpired: { status: 401, errmsg: 'Token expired' },
  invalidCredentials: { status: 400, errmsg: 'Invalid credentials' },
  invalidRefreshToken: { status: 401, errmsg: 'Invalid refresh token' },
  missingAccNum: { status: 400, errmsg: 'Missing accNum header' },
  accountNotFound: { status: 404, errmsg: 'Account not found' },
  accNumMismatch: { status: 403, errmsg: 'accNum does not belong to the account' },
  rateLimited: { status: 429, errmsg: 'Too many requests' },
  orderNotFound: { status: 404, errmsg: 'Order not found' },
  orderNotActive: { status: 400, errmsg: 'Order is not active' },
  positionNotFound: { status: 404, errmsg: 'Position not found' },
  instrumentNotFound: { status: 404, errmsg: 'Instrument not found' },
  routeNotFound: { status: 400, errmsg: 'Invalid routeId for the instrument' },
} as const satisfies Record<string, TlError>;

export function badRequest(errmsg: string): TlError {
  return { status: 400, errmsg };
}

/** A broker refusal: HTTP 200, s: error. */
export function refusal(errmsg: string): TlError {
  return { status: 200, errmsg };
}

/** The broker's words for the matching engine's reasons. */
export function refusalOf(code: MatchingRejectCode, reason: string): TlError {
  switch (code) {
    case 'INSUFFICIENT_MARGIN':
    case 'INSUFFICIENT_BALANCE':
      return refusal('Insufficient funds');
    case 'INSTRUMENT_NOT_TRADING':
      return refusal('Market is closed');
    case 'NO_LIQUIDITY':
    case 'FOK_NOT_FILLABLE':
    case 'IOC_REMAINDER':
      return refusal('No liquidity');
    case 'REDUCE_ONLY_WOULD_INCREASE':
      return refusal('Position side is not allowed');
    case 'PRICE_OFF_TICK':
      return refusal('Invalid price: not a multiple of the tick size');
    case 'QUANTITY_OFF_LOT':
      return refusal('Invalid quantity: not a multiple of the lot step');
    case 'QUANTITY_BELOW_MINIMUM':
      return refusal('Invalid quantity: less than the minimum lot');
    case 'QUANTITY_ABOVE_MAXIMUM':
      return refusal('Invalid quantity: more than the maximum lot');
    case 'ORDER_NOT_FOUND':
      return TL_ERRORS.orderNotFound;
    case 'ORDER_NOT_OPEN':
      return TL_ERRORS.orderNotActive;
    default:
      return refusal(`Order rejected: ${reason}`);
  }
}

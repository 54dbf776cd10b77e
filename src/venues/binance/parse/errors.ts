import type { ErrorCode } from '../../../core/errors/catalogue';

/** A Binance error body: `{"code": -1013, "msg": "Filter failure: LOT_SIZE"}` (rest-api.md, Error Codes). */
export interface BinanceErrorBody {
  readonly code: number;
  readonly msg: string;
}

export function isBinanceErrorBody(value: unknown): value is BinanceErrorBody {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { code?: unknown }).code === 'number' &&
    typeof (value as { msg?: unknown }).msg === 'string'
  );
}

/** -2010/-2011/-2038 carry a matching-engine message that says what went wrong (errors.md, "Messages for -1010..."). */
const ENGINE_MESSAGES: Readonly<Record<string, ErrorCode>> = {
  'Unknown order sent.': 'VENUE_UNKNOWN_ORDER',
  'Duplicate order sent.': 'VENUE_DUPLICATE_ORDER',
  'Market is closed.': 'VENUE_MARKET_CLOSED',
  'Account has insufficient balance for requested action.': 'VENUE_INSUFFICIENT_BALANCE',
  'This account may not place or cancel orders.': 'VENUE_AUTHENTICATION',
  'This action is disabled on this account.': 'VENUE_AUTHENTICATION',
  'Order book liquidity is less than symbol minimum quantity.': 'VENUE_INSUFFICIENT_LIQUIDITY',
  'Order book liquidity is less than `LOT_SIZE` filter minimum quantity.': 'VENUE_INSUFFICIENT_LIQUIDITY',
  'Order book liquidity is less than `MARKET_LOT_SIZE` filter minimum quantity.': 'VENUE_INSUFFICIENT_LIQUIDITY',
};

/** Codes whose meaning does not depend on the message (errors.md). */
const BY_CODE: Readonly<Record<number, ErrorCode>> = {
  [-1000]: 'VENUE_OUTCOME_UNKNOWN', // UNKNOWN: an error while processing; the request may have been executed.
  [-1001]: 'VENUE_UNAVAILABLE', // DISCONNECTED: internal error, unable to process.
  [-1002]: 'VENUE_AUTHENTICATION',
  [-1003]: 'VENUE_RATE_LIMITED',
  [-1006]: 'VENUE_OUTCOME_UNKNOWN', // UNEXPECTED_RESP: execution status unknown.
  [-1007]: 'VENUE_OUTCOME_UNKNOWN', // TIMEOUT: send status unknown; execution status unknown.
  [-1008]: 'VENUE_UNAVAILABLE', // SERVER_BUSY
  [-1013]: 'VENUE_FILTER_FAILURE',
  [-1015]: 'VENUE_RATE_LIMITED', // TOO_MANY_ORDERS
  [-1016]: 'VENUE_UNAVAILABLE',
  [-1020]: 'VENUE_UNSUPPORTED',
  [-1021]: 'VENUE_TIMESTAMP',
  [-1022]: 'VENUE_AUTHENTICATION',
  [-1121]: 'VENUE_REJECTED',
  [-2010]: 'VENUE_REJECTED',
  [-2011]: 'VENUE_REJECTED',
  [-2013]: 'VENUE_UNKNOWN_ORDER',
  [-2014]: 'VENUE_AUTHENTICATION',
  [-2015]: 'VENUE_AUTHENTICATION',
  [-2021]: 'VENUE_REJECTED', // cancel-replace partially failed: the caller reads both halves.
  [-2022]: 'VENUE_REJECTED',
  [-2026]: 'VENUE_UNKNOWN_ORDER', // ORDER_ARCHIVED
  [-2038]: 'VENUE_REJECTED',
};

/** The engine code for a Binance error. Any other -1xxx is a malformed request (refused, not unknown). */
export function engineCodeFor(error: BinanceErrorBody): ErrorCode {
  if (error.code === -2010 || error.code === -2011 || error.code === -2038 || error.code === -1010) {
    const byMessage = ENGINE_MESSAGES[error.msg];
    if (byMessage !== undefined) return byMessage;
  }
  return BY_CODE[error.code] ?? 'VENUE_REJECTED';
}

/** The verbatim venue reason kept on reports: `-1013 Filter failure: LOT_SIZE`. */
export function venueReason(error: BinanceErrorBody): string {
  return `${error.code} ${error.msg}`;
}

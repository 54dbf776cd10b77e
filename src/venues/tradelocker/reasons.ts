import type { VENUE_ERRORS } from '../../core/errors/venue-errors';

type VenueErrorCode = keyof typeof VENUE_ERRORS;

/**
 * TradeLocker's `errmsg` → engine error codes. TradeLocker has no numeric error codes: a refusal is a sentence
 * (HTTP 200 with s: "error" for the broker's refusals, 4xx for requests the API refuses). Matched by the words
 * that name the rule, first match wins; anything else is VENUE_REJECTED with the message kept verbatim.
 */
const RULES: readonly (readonly [RegExp, VenueErrorCode])[] = [
  [/insufficient (funds|margin)|not enough (money|margin|funds)/i, 'VENUE_INSUFFICIENT_BALANCE'],
  [/market is closed|session is closed|trading is (closed|disabled)|not tradable/i, 'VENUE_MARKET_CLOSED'],
  [/account not found|instrument not found|session not found/i, 'VENUE_REJECTED'],
  [/order not found|no such order/i, 'VENUE_UNKNOWN_ORDER'],
  [/order is not active|already (cancel|fill)/i, 'VENUE_UNKNOWN_ORDER'],
  [/position not found/i, 'VENUE_UNKNOWN_ORDER'],
  [/fifo/i, 'VENUE_FIFO_VIOLATION'],
  [/hedg|position side is not allowed/i, 'VENUE_REJECTED'],
  [/tick size|lot step|minimum lot|maximum lot|invalid quantity|invalid price|invalid stop ?price|invalid (stop loss|take profit)/i, 'VENUE_FILTER_FAILURE'],
  [/no liquidity/i, 'VENUE_INSUFFICIENT_LIQUIDITY'],
  [/too many requests|rate limit/i, 'VENUE_RATE_LIMITED'],
  [/unauthori[sz]ed|token expired|invalid (credentials|token|refresh token)/i, 'VENUE_AUTHENTICATION'],
  [/invalid tif|missing required|invalid (side|type|strategyid|routeid)|accnum/i, 'VENUE_REJECTED'],
];

export function codeOfErrmsg(errmsg: string, status: number): VenueErrorCode {
  if (status === 401) return 'VENUE_AUTHENTICATION';
  if (status === 429) return 'VENUE_RATE_LIMITED';
  if (status >= 500) return 'VENUE_OUTCOME_UNKNOWN';
  for (const [pattern, code] of RULES) if (pattern.test(errmsg)) return code;
  return status === 404 ? 'VENUE_UNKNOWN_ORDER' : 'VENUE_REJECTED';
}

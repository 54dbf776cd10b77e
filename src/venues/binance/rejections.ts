import type { ErrorCode } from '../../core/errors/catalogue';
import { isTmtError, type TmtError } from '../../core/errors/tmt-error';

/** Rejections the venue answered: returned as data. Anything else (unknown outcome, rate limit, auth) is thrown. */
const REJECTION_CODES: ReadonlySet<ErrorCode> = new Set([
  'VENUE_REJECTED',
  'VENUE_FILTER_FAILURE',
  'VENUE_INSUFFICIENT_BALANCE',
  'VENUE_UNKNOWN_ORDER',
  'VENUE_DUPLICATE_ORDER',
  'VENUE_MARKET_CLOSED',
  'VENUE_UNSUPPORTED',
  'VENUE_INSUFFICIENT_LIQUIDITY',
]);

export function isVenueRejection(error: unknown): error is TmtError {
  return isTmtError(error) && REJECTION_CODES.has(error.code);
}

export function rejection(error: TmtError): { status: 'rejected'; code: string; reason: string; venueReason: string } {
  const venueCode = error.details.venueCode;
  const venueMessage = error.details.venueMessage ?? error.message;
  return { status: 'rejected', code: error.code, reason: venueMessage, venueReason: venueCode === undefined ? venueMessage : `${venueCode} ${venueMessage}` };
}


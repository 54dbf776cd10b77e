import type { ErrorCode } from '../../../core/errors/catalogue';

/**
 * OKX error codes (docs-v5 "Error Code") to engine codes. 51000-51999 are order rejections; 50011 is the rate
 * limit; 50102 the timestamp window; 50100-50113 key, passphrase or signature. Anything unlisted in 51xxx is
 * a rejection; anything else unlisted is a venue refusal.
 */
const BY_CODE: Readonly<Record<string, ErrorCode>> = {
  '50001': 'VENUE_OUTCOME_UNKNOWN', // service temporarily unavailable
  '50004': 'VENUE_OUTCOME_UNKNOWN', // API endpoint request timeout: the order may have been placed
  '50011': 'VENUE_RATE_LIMITED',
  '50013': 'VENUE_UNAVAILABLE', // system busy
  '50026': 'VENUE_UNAVAILABLE', // system error, try again later
  '50061': 'VENUE_RATE_LIMITED', // sub-account rate limit
  '50100': 'VENUE_AUTHENTICATION',
  '50101': 'VENUE_AUTHENTICATION', // key does not match the environment (live vs demo)
  '50102': 'VENUE_TIMESTAMP',
  '50103': 'VENUE_AUTHENTICATION',
  '50104': 'VENUE_AUTHENTICATION',
  '50105': 'VENUE_AUTHENTICATION',
  '50106': 'VENUE_AUTHENTICATION',
  '50107': 'VENUE_AUTHENTICATION',
  '50110': 'VENUE_AUTHENTICATION',
  '50111': 'VENUE_AUTHENTICATION',
  '50112': 'VENUE_TIMESTAMP',
  '50113': 'VENUE_AUTHENTICATION',
  '50014': 'VENUE_REJECTED',
  '51000': 'VENUE_REJECTED',
  '51001': 'VENUE_REJECTED',
  '51008': 'VENUE_INSUFFICIENT_BALANCE',
  '51131': 'VENUE_INSUFFICIENT_BALANCE',
  '51016': 'VENUE_DUPLICATE_ORDER',
  '51020': 'VENUE_FILTER_FAILURE',
  '51121': 'VENUE_FILTER_FAILURE',
  '51006': 'VENUE_BOUNDS_VIOLATION',
  '51400': 'VENUE_UNKNOWN_ORDER',
  '51401': 'VENUE_UNKNOWN_ORDER',
  '51402': 'VENUE_UNKNOWN_ORDER',
  '51503': 'VENUE_UNKNOWN_ORDER',
  '51509': 'VENUE_UNKNOWN_ORDER',
  '51510': 'VENUE_UNKNOWN_ORDER',
  '51603': 'VENUE_UNKNOWN_ORDER',
};

export function engineCodeFor(code: string): ErrorCode {
  const known = BY_CODE[code];
  if (known !== undefined) return known;
  return 'VENUE_REJECTED';
}

/** The verbatim venue reason kept on reports: `51008 Order failed. Insufficient USDT balance in account.` */
export function venueReason(code: string, message: string): string {
  return `${code} ${message}`;
}

/**
 * DXtrade's error answers mapped to engine codes. The spec's codes: 2 entity not found (404), 3 incorrect
 * username or password (401), 32/33 incorrect request (400), 99 missing conditional header (403), 100 order id
 * already exists (409), 101 invalid client id (400); 429 for a rate limit. Its 409 "didn't pass pre-issue checks"
 * carries unlisted codes: those are read from the description (margin, price increment, order size, market
 * closed, final state, FIFO), and anything else is a plain rejection: never guessed further.
 */
import type { ErrorCode } from '../../core/errors/catalogue';

type VenueCode = Extract<ErrorCode, `VENUE_${string}`>;

export interface DxErrorAnswer {
  readonly status: number;
  readonly errorCode?: string;
  readonly description?: string;
}

const BY_CODE: Readonly<Record<string, VenueCode>> = {
  '2': 'VENUE_UNKNOWN_ORDER', '3': 'VENUE_AUTHENTICATION', '32': 'VENUE_REJECTED', '33': 'VENUE_REJECTED', '99': 'VENUE_PROTOCOL',
  '100': 'VENUE_DUPLICATE_ORDER', '101': 'VENUE_FILTER_FAILURE',
};

const BY_DESCRIPTION: readonly (readonly [RegExp, VenueCode])[] = [
  [/margin|insufficient|not enough/i, 'VENUE_INSUFFICIENT_BALANCE'],
  [/price increment|order size|minimum|maximum|size increment|increment/i, 'VENUE_FILTER_FAILURE'],
  [/market is closed|not available for trading|trading is not allowed/i, 'VENUE_MARKET_CLOSED'],
  [/final state|cannot be cancel|not found/i, 'VENUE_UNKNOWN_ORDER'],
  [/fifo/i, 'VENUE_FIFO_VIOLATION'],
  [/hedg/i, 'VENUE_REJECTED'],
];

/** The engine code for an error answer. */
export function engineCodeOf(answer: DxErrorAnswer): VenueCode {
  if (answer.status === 401) return 'VENUE_AUTHENTICATION';
  if (answer.status === 429) return 'VENUE_RATE_LIMITED';
  if (answer.status >= 500) return 'VENUE_OUTCOME_UNKNOWN';
  const code = answer.errorCode === undefined ? undefined : BY_CODE[answer.errorCode];
  if (code !== undefined) return code;
  if (answer.status === 404) return 'VENUE_UNKNOWN_ORDER';
  if (answer.status === 409) {
    const description = answer.description ?? '';
    for (const [pattern, mapped] of BY_DESCRIPTION) if (pattern.test(description)) return mapped;
  }
  return 'VENUE_REJECTED';
}

/** The venue's reason verbatim: `status/errorCode: description`. */
export function venueReasonOf(answer: DxErrorAnswer): string {
  return `${answer.status}/${answer.errorCode ?? '-'}: ${answer.description ?? ''}`;
}

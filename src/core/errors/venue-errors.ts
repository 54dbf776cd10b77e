import type { ErrorDefinition } from './definition';

/** What venue adapters report. Transport errors are never rejections: after a send they mean "unknown". */
export const VENUE_ERRORS = {
  VENUE_REJECTED: { description: 'the venue refused the request', retryable: false },
  VENUE_FILTER_FAILURE: { description: 'the venue refused the order for breaking an instrument rule', retryable: false },
  VENUE_INSUFFICIENT_BALANCE: { description: 'the venue reports insufficient balance or margin', retryable: false },
  VENUE_UNKNOWN_ORDER: { description: 'the venue has no such order', retryable: false },
  VENUE_DUPLICATE_ORDER: { description: 'the venue already has an order with that client id', retryable: false },
  VENUE_MARKET_CLOSED: { description: 'the venue market is closed or halted', retryable: false },
  VENUE_AUTHENTICATION: { description: 'the venue refused the credentials or signature', retryable: false },
  VENUE_TIMESTAMP: { description: 'the request timestamp is outside the venue receive window', retryable: true },
  VENUE_RATE_LIMITED: { description: 'the venue rate limit was hit; wait before sending again', retryable: true },
  VENUE_BANNED: { description: 'the venue banned the client (HTTP 418) until a given time', retryable: true },
  VENUE_UNAVAILABLE: { description: 'the venue could not be reached before the request was sent', retryable: true },
  VENUE_TIMEOUT: { description: 'the request was sent but no answer came: the outcome is unknown', retryable: false },
  VENUE_OUTCOME_UNKNOWN: { description: 'the venue says the outcome is unknown (5xx, -1007)', retryable: false },
  VENUE_CIRCUIT_OPEN: { description: 'the venue circuit breaker is open', retryable: true },
  VENUE_PROTOCOL: { description: 'the venue answered with something the adapter cannot read', retryable: false },
  VENUE_UNSUPPORTED: { description: 'the venue does not support the request', retryable: false },
  VENUE_FIFO_VIOLATION: { description: 'the venue refused a reduction that breaks FIFO', retryable: false },
  VENUE_BOUNDS_VIOLATION: { description: 'the venue price bound was not met', retryable: false },
  VENUE_INSUFFICIENT_LIQUIDITY: { description: 'the venue had no liquidity for the order', retryable: false },
} as const satisfies Record<string, ErrorDefinition>;

import type { ErrorDefinition } from './definition';

export const OMS_ERRORS = {
  OMS_INVALID_TRANSITION: { description: 'the event is not allowed in the order current status', retryable: false },
  OMS_OVERFILL: { description: 'a fill would take the filled quantity past the order quantity', retryable: false },
  OMS_DUPLICATE_CLIENT_ORDER_ID: {
    description: 'the client order id is already used by an order with different content',
    retryable: false,
  },
  OMS_UNKNOWN_ORDER: { description: 'no order with that id', retryable: false },
  OMS_UNKNOWN_INSTRUMENT: { description: 'no instrument with that id', retryable: false },
  OMS_UNKNOWN_ACCOUNT: { description: 'no account with that id', retryable: false },
  OMS_ORDER_NOT_OPEN: { description: 'the order is no longer open', retryable: false },
  OMS_MODIFY_NOT_SUPPORTED: { description: 'the order cannot be modified on its venue', retryable: false },
  OMS_OUTCOME_UNKNOWN: { description: 'the order outcome is unknown until the venue is queried', retryable: false },
  OMS_NOT_ACCEPTING: { description: 'the engine is stopped or shutting down and takes no new intents', retryable: true },
  OMS_INVALID_REQUEST: { description: 'the request is malformed', retryable: false },
  OMS_RECONCILIATION_ITEM_UNKNOWN: {
    description: 'no unresolved reconciliation item with that key (on that account)',
    retryable: false,
  },
  OMS_VENUE_TRUTH_UNKNOWN: {
    description: 'the venue could not tell its view of the item (unreachable, lookup failed): there is nothing to accept yet',
    retryable: true,
  },
} as const satisfies Record<string, ErrorDefinition>;

import type { ErrorDefinition } from './definition';

export const STORE_ERRORS = {
  STORE_CHECKSUM_MISMATCH: { description: 'a journal record does not match its checksum', retryable: false },
  STORE_SEQUENCE_GAP: { description: 'a journal sequence number is missing', retryable: false },
  STORE_SEQUENCE_ORDER: { description: 'journal records are out of order', retryable: false },
  STORE_CHAIN_BROKEN: { description: 'a record does not chain to its predecessor', retryable: false },
  STORE_TORN_WRITE: { description: 'the final journal write was torn by a crash', retryable: false },
  STORE_MIGRATION_FAILED: { description: 'a schema migration failed', retryable: false },
  STORE_UNAVAILABLE: { description: 'the store cannot be reached', retryable: true },
  STORE_CLOSED: { description: 'the store is closed', retryable: false },
  STORE_INVALID_ENTRY: { description: 'a record handed to the store is malformed (the field is named)', retryable: false },
  STORE_NOT_FOUND: { description: 'no stored item has the given id', retryable: false },
  STORE_CONFLICT: { description: 'the item already exists, or was already resolved', retryable: false },
  STORE_BROKER_UNAVAILABLE: { description: 'the message broker (Redis, NATS) cannot be reached; publishing resumes from the journal', retryable: true },
  STORE_BROKER_MESSAGE_INVALID: { description: 'a broker message does not follow the documented format (docs/bus.md; the field is named)', retryable: false },
  STORE_LEASE_HELD: { description: 'another process holds the account lease (one writer per account)', retryable: true },
  STORE_LEASE_STALE: { description: 'a write carried a fencing token older than the current lease: refused', retryable: false },
} as const satisfies Record<string, ErrorDefinition>;

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
} as const satisfies Record<string, ErrorDefinition>;

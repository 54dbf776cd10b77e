import type { ErrorDefinition } from './definition';

export const CONFIG_ERRORS = {
  CONFIG_INVALID: { description: 'the configuration breaks a rule of the schema', retryable: false },
  CONFIG_SECRET_MISSING: { description: 'a referenced secret is not set', retryable: false },
  CONFIG_INSECURE_BINDING: { description: 'a non-loopback binding needs TLS or an explicit insecure flag', retryable: false },
} as const satisfies Record<string, ErrorDefinition>;

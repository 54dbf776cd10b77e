import type { ErrorDefinition } from './definition';

export const API_ERRORS = {
  API_VALIDATION: { description: 'the request does not match the schema', retryable: false },
  API_MALFORMED_JSON: { description: 'the request body is not valid JSON', retryable: false },
  API_BODY_TOO_LARGE: { description: 'the request body is larger than allowed', retryable: false },
  API_UNAUTHENTICATED: { description: 'a valid bearer token is required', retryable: false },
  API_FORBIDDEN: { description: 'the token lacks the scope for this action', retryable: false },
  API_NOT_FOUND: { description: 'no such resource', retryable: false },
  API_RATE_LIMITED: { description: 'too many requests for this token', retryable: true },
  API_CURSOR_EXPIRED: { description: 'the event cursor is older than the retention window', retryable: false },
  API_CONFLICT: { description: 'the request conflicts with the current state', retryable: false },
  API_INTERNAL: { description: 'an unexpected failure inside the service; details are in its log', retryable: true },
  API_UNSUPPORTED_MEDIA_TYPE: { description: 'the request body is not application/json', retryable: false },
} as const satisfies Record<string, ErrorDefinition>;

import { API_ERRORS } from './api-errors';
import { CONFIG_ERRORS } from './config-errors';
import { OMS_ERRORS } from './oms-errors';
import { ORCHESTRATOR_ERRORS } from './orchestrator-errors';
import { RISK_ERRORS } from './risk-errors';
import { STORE_ERRORS } from './store-errors';
import { VENUE_ERRORS } from './venue-errors';

import type { ErrorDefinition } from './definition';

export type { ErrorDefinition };

/**
 * Every error code TMT emits, one file per area. A test checks that every code used in src/ is here and
 * documented. Codes are stable: clients match on them, so renaming one is a breaking change.
 */
export const ERROR_CATALOGUE = {
  ...RISK_ERRORS,
  ...OMS_ERRORS,
  ...VENUE_ERRORS,
  ...STORE_ERRORS,
  ...API_ERRORS,
  ...CONFIG_ERRORS,
  ...ORCHESTRATOR_ERRORS,
} as const satisfies Record<string, ErrorDefinition>;

export type ErrorCode = keyof typeof ERROR_CATALOGUE;

export function isErrorCode(code: string): code is ErrorCode {
  return Object.hasOwn(ERROR_CATALOGUE, code);
}

import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';

import { IdentifierError, TmtError, type ErrorCode } from '../../core';
import type { Logger } from '../../shared/logger';

const STATUS_BY_CODE: Partial<Record<ErrorCode, number>> = {
  API_VALIDATION: 400,
  API_MALFORMED_JSON: 400,
  API_BODY_TOO_LARGE: 413,
  API_UNAUTHENTICATED: 401,
  API_FORBIDDEN: 403,
  API_NOT_FOUND: 404,
  API_RATE_LIMITED: 429,
  API_CURSOR_EXPIRED: 410,
  API_CONFLICT: 409,
  API_INTERNAL: 500,
  API_UNSUPPORTED_MEDIA_TYPE: 415,
  OMS_DUPLICATE_CLIENT_ORDER_ID: 409,
  OMS_UNKNOWN_ORDER: 404,
  OMS_UNKNOWN_INSTRUMENT: 404,
  OMS_UNKNOWN_ACCOUNT: 404,
  OMS_ORDER_NOT_OPEN: 409,
  OMS_MODIFY_NOT_SUPPORTED: 422,
  OMS_OUTCOME_UNKNOWN: 409,
  OMS_NOT_ACCEPTING: 503,
  OMS_INVALID_REQUEST: 400,
  OMS_RECONCILIATION_ITEM_UNKNOWN: 404,
  OMS_VENUE_TRUTH_UNKNOWN: 409,
  ORCH_SIGNAL_INVALID: 400,
  ORCH_SIGNAL_DUPLICATE: 409,
  ORCH_SIGNAL_EXPIRED: 422,
  ORCH_SIGNAL_NOT_FOUND: 404,
  ORCH_INTAKE_STOPPED: 503,
  ORCH_AGENT_UNKNOWN: 404,
  ORCH_AGENT_UNHEALTHY: 503,
  ORCH_AGENT_DISABLED: 403,
  ORCH_AGENT_NOT_MANAGED: 409,
  ORCH_WEBHOOK_UNKNOWN: 404,
  ORCH_WEBHOOK_SECRET: 401,
  ORCH_WEBHOOK_REPLAY: 409,
  ORCH_WEBHOOK_SOURCE: 403,
  ORCH_WEBHOOK_TEMPLATE: 422,
  ORCH_BACKTEST_DATA: 400,
};

/** HTTP status for an error code: the catalogue's areas decide when the code has no entry of its own. */
export function statusFor(code: ErrorCode): number {
  const explicit = STATUS_BY_CODE[code];
  if (explicit !== undefined) return explicit;
  if (code.startsWith('RISK_')) return 422;
  if (code.startsWith('CONFIG_')) return 400;
  if (code.startsWith('VENUE_')) return 502;
  return 500;
}

export interface ErrorBody {
  code: string;
  message: string;
  field?: string;
  details?: Readonly<Record<string, string>>;
}

/** Maps fastify's own errors (parser, body limit) to TMT codes; everything unknown is a 500 without internals. */
export function toTmtError(error: unknown): TmtError {
  if (error instanceof TmtError) return error;
  if (error instanceof IdentifierError) {
    return new TmtError('API_VALIDATION', error.message, { field: error.field });
  }
  const fastifyError = error as Partial<FastifyError>;
  switch (fastifyError.code) {
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return new TmtError('API_MALFORMED_JSON', 'the request body is not valid JSON');
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new TmtError('API_BODY_TOO_LARGE', 'the request body is larger than allowed');
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new TmtError('API_UNSUPPORTED_MEDIA_TYPE', 'expected Content-Type: application/json', {
        field: 'content-type',
      });
    default:
      break;
  }
  if (error instanceof SyntaxError)
    return new TmtError('API_MALFORMED_JSON', 'the request body is not valid JSON');
  return new TmtError('API_INTERNAL', 'internal error', { cause: error });
}

export function errorBody(error: TmtError): ErrorBody {
  return {
    code: error.code,
    message: error.message,
    ...(error.field === undefined ? {} : { field: error.field }),
    ...(Object.keys(error.details).length === 0 ? {} : { details: error.details }),
  };
}

export function installErrorHandler(
  app: {
    setErrorHandler: (
      handler: (error: unknown, request: FastifyRequest, reply: FastifyReply) => void,
    ) => unknown;
  },
  logger: Logger,
): void {
  app.setErrorHandler((error, request, reply) => {
    const tmt = toTmtError(error);
    if (tmt.code === 'API_INTERNAL') {
      // Unknown failure: log it (the logger redacts secrets by path) and answer without internals.
      // The path only: a query string may carry a token (?token= is accepted for the stream).
      logger.error({ err: error, url: request.url.split('?')[0], method: request.method }, 'request failed');
    }
    void reply.status(statusFor(tmt.code)).send(errorBody(tmt));
  });
}

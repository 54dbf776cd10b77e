import { TmtError } from '../../../core/errors';
import { engineCodeOf, venueReasonOf, type DxErrorAnswer } from '../errors';
import { ErrorSchema } from '../parse/wire';
import type { DxResponse } from './transport';

export type Rejection = { readonly status: 'rejected'; readonly code: string; readonly reason: string; readonly venueReason: string };

/** The Error entity of an answer (`errorCode`, `description`) with its HTTP status. */
export function errorOf(answer: DxResponse): DxErrorAnswer {
  const parsed = ErrorSchema.safeParse(answer.body);
  return {
    status: answer.status,
    ...(parsed.success && parsed.data.errorCode !== undefined ? { errorCode: parsed.data.errorCode.toString() } : {}),
    ...(parsed.success && parsed.data.description !== undefined ? { description: parsed.data.description } : {}),
  };
}

/** A refusal of the request itself, in the port's words. */
export function rejection(answer: DxResponse): Rejection {
  const error = errorOf(answer);
  return { status: 'rejected', code: engineCodeOf(error), reason: error.description ?? `DXtrade answered ${answer.status}`, venueReason: venueReasonOf(error) };
}

/** An answer that is neither success nor a refusal of the request itself is an error the caller sees. */
export function failure(answer: DxResponse, what: string): TmtError {
  const error = errorOf(answer);
  return new TmtError(engineCodeOf(error), `DXtrade ${what}: ${venueReasonOf(error)}`);
}


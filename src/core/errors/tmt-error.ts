import { ERROR_CATALOGUE, type ErrorCode } from './catalogue';

export interface TmtErrorOptions {
  /** The input field at fault, as a dotted path (`order.price`, `accounts[0].venue`). */
  readonly field?: string;
  /** Exact figures behind the error (limit, found...), as strings. */
  readonly details?: Readonly<Record<string, string>>;
  readonly cause?: unknown;
  /** Overrides the catalogue's retryable flag when a specific instance differs. */
  readonly retryable?: boolean;
}

/** Errors are data: a stable code from the catalogue, a retryable flag, the field at fault, and a cause. */
export class TmtError extends Error {
  override readonly name = 'TmtError';
  readonly code: ErrorCode;
  readonly retryable: boolean;
  readonly field: string | undefined;
  readonly details: Readonly<Record<string, string>>;

  constructor(code: ErrorCode, message: string, options: TmtErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.retryable = options.retryable ?? ERROR_CATALOGUE[code].retryable;
    this.field = options.field;
    this.details = options.details ?? {};
  }

  toJSON(): { code: ErrorCode; message: string; field?: string; details: Readonly<Record<string, string>> } {
    return this.field === undefined
      ? { code: this.code, message: this.message, details: this.details }
      : { code: this.code, message: this.message, field: this.field, details: this.details };
  }
}

export function isTmtError(error: unknown, code?: ErrorCode): error is TmtError {
  return error instanceof TmtError && (code === undefined || error.code === code);
}

// Apart from the client so that code printing errors (the CLI) need not load the HTTP stack.
/** An error answer from the service, with its stable code. */
export class ApiClientError extends Error {
  override readonly name = 'ApiClientError';
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly field?: string,
    readonly body?: unknown,
  ) {
    super(`${code}: ${message}`);
  }
}

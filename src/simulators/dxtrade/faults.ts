import type { DxtradeError } from './errors';

/**
 * Faults a test arms on the simulator. Each is used once (or cleared) so that a scenario states exactly what
 * goes wrong: an answer lost after the venue acted, a refused request, a stalled one.
 */
export class DxtradeFaults {
  /** The next order placement is carried out, then the connection is dropped before the answer. */
  dropNextPlacementAnswer = false;
  /** The next request to a path that starts with `path` gets this error, without being carried out. */
  private failures: { readonly method: string; readonly path: string; readonly error: DxtradeError }[] = [];
  /** Requests to the push endpoints are refused while true (the push servers are down). */
  refuseStreams = false;

  failNext(method: string, path: string, error: DxtradeError): void {
    this.failures.push({ method, path, error });
  }

  /** The armed failure for this request, consumed. */
  takeFailure(method: string, path: string): DxtradeError | undefined {
    const index = this.failures.findIndex((f) => f.method === method && path.startsWith(f.path));
    if (index < 0) return undefined;
    const [failure] = this.failures.splice(index, 1);
    return failure?.error;
  }
}

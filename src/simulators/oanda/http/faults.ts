/** Fault injection for tests: each switch is read at the moment it matters, so tests flip them at run time. */
export interface SimulatorFaults {
  /** Every REST answer is held this long. */
  delayMs: number;
  /** The next N REST requests answer this 5xx without being processed. */
  failNext: number;
  failStatus: 500 | 502 | 503;
  /** The next N REST requests answer 429 without being processed, with this Retry-After (seconds). */
  rateLimitNext: number;
  retryAfterSeconds: number;
  /** The next N order creations are processed (the order exists) but never answered. */
  stallNextOrders: number;
  /** Transaction stream: every line written twice. */
  duplicateStreamLines: boolean;
  /** Transaction stream: each pair of lines written in reverse order. */
  reorderStreamLines: boolean;
  /** Streams: lines cut into pieces and several merged into one write. */
  splitStreamLines: boolean;
  /** Streams write nothing, heartbeats included, while the connection stays open. */
  silentStreams: boolean;
}

export function defaultFaults(): SimulatorFaults {
  return {
    delayMs: 0,
    failNext: 0,
    failStatus: 503,
    rateLimitNext: 0,
    retryAfterSeconds: 1,
    stallNextOrders: 0,
    duplicateStreamLines: false,
    reorderStreamLines: false,
    splitStreamLines: false,
    silentStreams: false,
  };
}

/** One request as the simulator saw it arrive, for rate-limit tests. */
export interface Arrival {
  /** Wall milliseconds (with fraction) when the request arrived. */
  readonly at: number;
  readonly method: string;
  readonly path: string;
  status: number;
}

/** One limit a venue counts on fixed windows (Binance: REQUEST_WEIGHT per minute, ORDERS per 10 s...). */
export interface BudgetWindow {
  readonly intervalMs: number;
  readonly limit: number;
  /** What this request spends in the window (weight, orders, 1 for raw requests). 0 leaves it untouched. */
  readonly cost: number;
  /**
   * Nothing is sent this close (ms) to either edge of a window: the sender's view of the venue clock is off
   * by up to half a round trip, and a request counted in one window must not land in the next. Default 0.
   */
  readonly guardMs?: number;
}

export interface BudgetDecision {
  readonly granted: boolean;
  /** When refused: the earliest time (epoch ms) a retry can fit every window. */
  readonly retryAt: number;
}

/**
 * A request budget shared by every process that uses the same venue key (Redis, one atomic script): either
 * the request's cost fits every window and is spent in all of them, or nothing is spent.
 */
export interface SharedRateBudget {
  reserve(key: string, windows: readonly BudgetWindow[], now: number): Promise<BudgetDecision>;
  /**
   * Raises the shared counts to what the venue reported (its used-weight headers): requests nobody reserved
   * (sent before the limits were known, or by another client) still count. Never lowers a count.
   */
  observe(
    key: string,
    windows: readonly { readonly intervalMs: number; readonly used: number }[],
    now: number,
  ): Promise<void>;
}

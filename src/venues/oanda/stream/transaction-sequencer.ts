/**
 * Applies an account's transactions exactly once and in id order. OANDA ids are consecutive per account, so a
 * line whose id is not the next one means lines were lost or reordered: it is held and the gap is filled from
 * `/transactions/sinceid`; a line at or below the last applied id is a duplicate and dropped.
 */
export interface SequencedTransaction {
  readonly id: string;
}

export class TransactionSequencer<T extends SequencedTransaction> {
  private last: bigint;
  private readonly held = new Map<bigint, T>();
  private catchingUp: Promise<void> | undefined;
  private catchUpAgain = false;
  duplicates = 0;
  gapsFilled = 0;

  constructor(
    lastAppliedId: string,
    private readonly fetchSince: (id: string) => Promise<readonly T[]>,
    private readonly apply: (transaction: T) => void,
    private readonly onError: (error: unknown) => void = () => undefined,
  ) {
    this.last = BigInt(lastAppliedId);
  }

  get lastAppliedId(): string {
    return this.last.toString();
  }

  /** A transaction from the stream. */
  offer(transaction: T): void {
    const id = BigInt(transaction.id);
    if (id <= this.last) {
      this.duplicates++;
      return;
    }
    if (id === this.last + 1n && this.catchingUp === undefined) {
      this.applyOne(transaction);
      this.drainHeld();
      return;
    }
    this.held.set(id, transaction);
    void this.catchUp();
  }

  /** A heartbeat's lastTransactionID: if the venue is ahead of us, something was lost. */
  offerHeartbeat(lastTransactionId: string): void {
    if (BigInt(lastTransactionId) > this.last) void this.catchUp();
  }

  /** Fetches and applies everything after the last applied id; concurrent calls coalesce. */
  catchUp(): Promise<void> {
    if (this.catchingUp !== undefined) {
      this.catchUpAgain = true;
      return this.catchingUp;
    }
    const run = async (): Promise<void> => {
      do {
        this.catchUpAgain = false;
        const fetched = await this.fetchSince(this.lastAppliedId);
        const sorted = [...fetched].sort((a, b) => (BigInt(a.id) < BigInt(b.id) ? -1 : 1));
        for (const transaction of sorted) {
          if (BigInt(transaction.id) === this.last + 1n) {
            this.applyOne(transaction);
            this.gapsFilled++;
          } else if (BigInt(transaction.id) > this.last + 1n) {
            this.held.set(BigInt(transaction.id), transaction);
          }
        }
        this.drainHeld();
      } while (this.catchUpAgain);
    };
    // A failed catch-up leaves the held lines in place; the next line or heartbeat tries again.
    this.catchingUp = run()
      .catch((error: unknown) => this.onError(error))
      .finally(() => {
        this.catchingUp = undefined;
      });
    return this.catchingUp;
  }

  private applyOne(transaction: T): void {
    this.last = BigInt(transaction.id);
    this.held.delete(this.last);
    this.apply(transaction);
  }

  private drainHeld(): void {
    for (;;) {
      const next = this.held.get(this.last + 1n);
      if (next === undefined) break;
      this.applyOne(next);
    }
    for (const id of this.held.keys()) if (id <= this.last) this.held.delete(id);
  }
}

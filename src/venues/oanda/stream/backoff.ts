/** Reconnect delays: `initial`, doubling, capped at `max` (about 100 ms to 5 s for OANDA). */
export class Backoff {
  private next: number;

  constructor(
    private readonly initial: number,
    private readonly max: number,
  ) {
    this.next = initial;
  }

  delay(): number {
    const current = this.next;
    this.next = Math.min(this.max, this.next * 2);
    return current;
  }

  reset(): void {
    this.next = this.initial;
  }
}

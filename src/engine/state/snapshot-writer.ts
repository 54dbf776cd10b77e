import type { JournalStore } from '../../core';
import type { EngineContext } from '../context';
import { detach } from '../detach';
import type { FinishedOrders } from '../oms/finished-orders';
import type { Recovery } from './recovery';
import { encodeStateInTurns } from './snapshot-state';

/**
 * Writes the snapshots that bound the next start's replay and integrity walk: periodically (checked once a
 * minute, written after `every` new journal entries) and on request (a clean stop, an operator).
 */
export class SnapshotWriter {
  private timer: (() => void) | undefined;
  private stopped = false;

  constructor(
    private readonly context: EngineContext,
    private readonly store: JournalStore,
    private readonly recovery: Recovery,
    private readonly finished: FinishedOrders,
  ) {}

  schedule(every: number): void {
    let lastAt = this.context.journal.entriesAppended();
    const check = () => {
      if (this.stopped) return;
      if (this.context.journal.entriesAppended() - lastAt >= every) {
        lastAt = this.context.journal.entriesAppended();
        detach(this.snapshot(), this.context.logger, 'periodic snapshot');
      }
      this.timer = this.context.clock.setTimeout(60_000, check);
    };
    this.timer = this.context.clock.setTimeout(60_000, check);
  }

  stop(): void {
    this.stopped = true;
    this.timer?.();
  }

  /**
   * The state is taken in the same tick in which the journal is seen idle, so the snapshot holds exactly the
   * events up to its sequence: none missing (replay would lose them), none ahead (replay would repeat them).
   * Finished orders are written to the order history first (an evicted order is always there), and the
   * taken state is encoded a slice per event-loop turn, off the submit path.
   */
  async snapshot(): Promise<number> {
    const { journal } = this.context;
    for (;;) {
      await journal.flush();
      if (journal.idle()) break;
    }
    const sequence = journal.durableSequence();
    this.finished.writeNow();
    const captured = this.recovery.captureState();
    const state = await encodeStateInTurns(captured);
    await this.store.saveSnapshot({ sequence, state, createdAt: this.context.clock.now() });
    return sequence;
  }
}

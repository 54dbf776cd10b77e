import type { CancelTimer, Clock } from '../../core';
import { writeStateFile, type SavedBinanceSimulator } from './state-file';

/** Changes within this window are written together: one write per burst of orders, not one per fill. */
const WRITE_DELAY_MS = 100;

/**
 * Writes the simulator's state file shortly after a change and at close. The market's walk alone does not
 * count as a change (it is reproduced from the seed); orders, fills and balances do.
 */
export class StatePersistence {
  private timer: CancelTimer | undefined;

  constructor(
    private readonly path: string,
    private readonly clock: Clock,
    private readonly snapshot: () => SavedBinanceSimulator,
  ) {}

  changed(): void {
    if (this.timer !== undefined) return;
    this.timer = this.clock.setTimeout(WRITE_DELAY_MS, () => {
      this.timer = undefined;
      this.write();
    });
  }

  close(): void {
    this.timer?.();
    this.timer = undefined;
    this.write();
  }

  write(): void {
    writeStateFile(this.path, this.snapshot());
  }
}

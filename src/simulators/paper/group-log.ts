import type { CommitGroup } from '../../core';
import type { PaperStore } from './store';

/**
 * The paper venue's writes inside the engine's group commit (VenueClient.joinCommitGroup). Every command
 * applied in one synchronous run of the engine stages its held-back writes here; the first one joins the
 * group, and that one companion commits all of them in one store transaction, inside the journal's
 * transaction and before its COMMIT: the venue is durable no later than the journal records of the run.
 */
export class PaperGroupLog {
  private writes: (() => void)[] = [];
  private joined: Promise<void> | undefined;

  constructor(
    private readonly store: PaperStore,
    private readonly group: CommitGroup,
  ) {}

  /** Resolves once the staged writes are durable with their group. */
  stage(writes: readonly (() => void)[]): Promise<void> {
    this.writes.push(...writes);
    this.joined ??= this.group.join(() => {
      const held = this.writes;
      this.writes = [];
      this.joined = undefined;
      this.store.writeAll(held);
    });
    return this.joined;
  }
}

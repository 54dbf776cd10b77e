import type { AccountId, Clock } from '../../core';
import type { GroupCommitJournal } from '../journal/group-commit-journal';
import { ACCOUNT_ENABLED_CHANGED, type AccountEnabledChanged, type Recovery } from '../state/recovery';

/**
 * Operators switch an account's intake off and on. The switch is journaled (and carried by snapshots), so a
 * disabled account stays disabled after a restart. A switch made before the start (the configuration) is
 * applied after the replay and journaled then: it wins over what the journal says.
 */
export class AccountSwitches {
  private replayed = false;
  private readonly early: AccountEnabledChanged[] = [];

  constructor(
    private readonly recovery: Recovery,
    private readonly journal: GroupCommitJournal,
    private readonly clock: Clock,
  ) {}

  set(accountId: AccountId, enabled: boolean, actor: string): void {
    const change: AccountEnabledChanged = { accountId, enabled, actor, occurredAt: this.clock.now() };
    this.recovery.noteAccountEnabled(change);
    if (this.replayed) this.record(change);
    else this.early.push(change);
  }

  enabled(accountId: string): boolean {
    return this.recovery.isAccountEnabled(accountId);
  }

  /** Called once the journal has been replayed. */
  afterReplay(): void {
    this.replayed = true;
    for (const change of this.early.splice(0)) this.record(change);
  }

  private record(change: AccountEnabledChanged): void {
    this.recovery.noteAccountEnabled(change);
    this.journal.recordQuietly(ACCOUNT_ENABLED_CHANGED, change.accountId, change);
  }
}

import { createHash } from 'node:crypto';

import type { AuditAnchor, AuditEntry, AuditQuery, AuditStore, Clock } from '../../core';

export const GENESIS_HASH = '0'.repeat(64);

export interface AuditRecordInput {
  readonly actor: string;
  readonly action: string;
  readonly target: string;
  readonly details?: unknown;
  readonly outcome?: AuditEntry['outcome'];
}

/** The digest of one entry: every field but the hash itself, chained to the previous hash. */
export function hashAuditEntry(entry: Omit<AuditEntry, 'hash'>): string {
  return createHash('sha256')
    .update(
      JSON.stringify([
        entry.sequence,
        entry.at,
        entry.actor,
        entry.action,
        entry.target,
        entry.details,
        entry.outcome,
        entry.previousHash,
      ]),
    )
    .digest('hex');
}

/**
 * Appends hash-chained entries and keeps the anchor in step. Each append reads the chain head and writes the
 * next entry in one store transaction, so neither two requests nor two processes can fork the chain.
 */
export class AuditLog {
  constructor(
    private readonly store: AuditStore,
    private readonly anchor: AuditAnchor,
    private readonly clock: Clock,
  ) {}

  record(input: AuditRecordInput): AuditEntry {
    const details = JSON.stringify(input.details ?? {});
    return this.store.appendNext(
      (previous) => {
        const body: Omit<AuditEntry, 'hash'> = {
          sequence: (previous?.sequence ?? 0) + 1,
          at: this.clock.now(),
          actor: input.actor,
          action: input.action,
          target: input.target,
          details,
          outcome: input.outcome ?? 'ok',
          previousHash: previous?.hash ?? GENESIS_HASH,
        };
        return { ...body, hash: hashAuditEntry(body) };
      },
      (entry) => this.anchor.write({ sequence: entry.sequence, hash: entry.hash }),
    );
  }

  /**
   * The same record as a companion write: run inside the journal transaction of the intent it describes
   * (GroupCommitJournal.join), so the intent and its audit entry are one commit. `onWritten` is told once
   * the row is written, so the caller knows not to record it again.
   */
  companion(input: AuditRecordInput, onWritten: () => void): () => void {
    return () => {
      this.record(input);
      onWritten();
    };
  }

  query(query: AuditQuery): readonly AuditEntry[] {
    return this.store.query(query);
  }
}

export interface AuditVerification {
  readonly ok: boolean;
  readonly checked: number;
  readonly problem?: {
    readonly kind: 'altered' | 'removed' | 'reordered' | 'tail-removed' | 'anchor-missing';
    readonly sequence: number;
    readonly message: string;
  };
}

/** Walks the chain from the start; the first entry that does not follow from the one before is reported. */
export function verifyAuditLog(
  entries: Iterable<AuditEntry>,
  anchorHead: { sequence: number; hash: string } | undefined,
): AuditVerification {
  let expectedSequence = 1;
  let previousHash = GENESIS_HASH;
  let checked = 0;
  for (const entry of entries) {
    if (entry.sequence !== expectedSequence) {
      const kind = entry.sequence > expectedSequence ? 'removed' : 'reordered';
      return {
        ok: false,
        checked,
        problem: {
          kind,
          sequence: expectedSequence,
          message: `expected entry ${expectedSequence}, found entry ${entry.sequence}`,
        },
      };
    }
    const { hash, ...body } = entry;
    if (entry.previousHash !== previousHash || hashAuditEntry(body) !== hash) {
      return {
        ok: false,
        checked,
        problem: {
          kind: 'altered',
          sequence: entry.sequence,
          message: `entry ${entry.sequence} does not match its hash chain`,
        },
      };
    }
    previousHash = hash;
    expectedSequence++;
    checked++;
  }
  const lastSequence = expectedSequence - 1;
  if (anchorHead === undefined) {
    return lastSequence === 0
      ? { ok: true, checked }
      : {
          ok: false,
          checked,
          problem: {
            kind: 'anchor-missing',
            sequence: lastSequence,
            message: 'the chain head anchor is missing',
          },
        };
  }
  if (anchorHead.sequence > lastSequence) {
    return {
      ok: false,
      checked,
      problem: {
        kind: 'tail-removed',
        sequence: lastSequence + 1,
        message: `the anchor names entry ${anchorHead.sequence} but the log ends at ${lastSequence}: entries from ${lastSequence + 1} were removed`,
      },
    };
  }
  if (anchorHead.sequence === lastSequence && anchorHead.hash !== previousHash) {
    return {
      ok: false,
      checked,
      problem: {
        kind: 'altered',
        sequence: lastSequence,
        message: `entry ${lastSequence} does not match the anchored head hash`,
      },
    };
  }
  return { ok: true, checked };
}

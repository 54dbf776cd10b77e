import { TmtError, type IntegrityProblem, type IntegrityReport, type JournalEntry } from '../core';
import type { Logger } from '../shared/logger';

import { chainChecksum, GENESIS_CHECKSUM } from './checksum';

/**
 * Integrity of the journal: how damage is told apart from a crash.
 *
 * Each stored record carries, besides the port's fields, its storage `position` (the physical order: the
 * SQLite rowid, the PostgreSQL primary key), the `previousChecksum` it was chained to, and `commitEnd`: set on
 * the last record of every append (each append is one transaction), so the end of each transaction is
 * written inside the transaction itself.
 *
 * Records are walked in position order, each checked in turn:
 *   1. sequence: must be the previous + 1 (from 1). A higher number whose expected predecessor is stored
 *      elsewhere is STORE_SEQUENCE_ORDER (rows reordered), otherwise STORE_SEQUENCE_GAP (a row deleted); a
 *      number that repeats or goes back is STORE_SEQUENCE_ORDER. The named sequence is the one expected here.
 *   2. self-consistency: sha256 over the record's own fields and its stored previous checksum must equal its
 *      checksum, else STORE_CHECKSUM_MISMATCH (a byte changed).
 *   3. chain: its stored previous checksum must equal the checksum of the record before it, else
 *      STORE_CHAIN_BROKEN (a consistent record spliced in from elsewhere, or re-forged history).
 *
 * A torn final write is the one damage a crash can cause: the last transaction is partly written. It is
 * recognised, and only recognised, when everything before the last committed transaction end verifies and
 * either (a) the final records verify but the last lacks `commitEnd` (the transaction stopped midway), or
 * (b) the first failure is a checksum or chain failure inside that final transaction and no commit end
 * follows it except on the very last record. Gaps and reordering are never torn writes: a crash does not
 * move records. The torn transaction is then moved whole to a quarantine table with the reason (see
 * sqlite/integrity.ts), never deleted, and reported. A byte flipped in the very last record is
 * indistinguishable from a torn write, by construction, and is treated as one: it is quarantined and reported
 * rather than replayed.
 */
export interface StoredRecord extends JournalEntry {
  readonly position: number;
  readonly previousChecksum: string;
  readonly commitEnd: boolean;
}

export interface TornTail {
  /** The first position and sequence of the torn transaction; it runs to the end of the journal. */
  readonly fromPosition: number;
  readonly fromSequence: number;
  readonly count: number;
  readonly reason: string;
}

export interface ChainVerdict {
  readonly report: IntegrityReport;
  /** Present when the damage is a torn final write (report.problem is then STORE_TORN_WRITE). */
  readonly tornTail?: TornTail;
}

type FoundProblem = IntegrityProblem & { readonly position: number };

/**
 * Where the open's walk starts: the record a valid snapshot covers. The walk re-checks that record itself
 * (its content against its checksum, which the snapshot row matched), chained to its stored predecessor, so
 * a damaged anchor is found like any other record; the records before it are the full walk's business.
 */
export interface TailAnchor {
  readonly position: number;
  readonly sequence: number;
  readonly previousChecksum: string;
}

/**
 * A chain position already verified: the walk starts with the record after `sequence`, chained to
 * `checksum`, as if everything up to it had just been walked. A snapshot carries one (its sequence and the
 * checksum of the record it covers), so the open walks only the tail after it; the full walk is
 * `tmt journal verify`.
 */
export interface VerifiedPosition {
  readonly sequence: number;
  readonly checksum: string;
}

/**
 * A push-based synchronous walker, so that a SQLite iterator and a paged PostgreSQL reader share it.
 * `hasSequence` answers, only when a sequence is out of place, whether it is stored anywhere; a reader that
 * cannot answer synchronously leaves it out and passes the answer for `pendingLookup` to finish() instead.
 */
export class ChainVerifier {
  private expected = 1;
  private previous = GENESIS_CHECKSUM;
  private checked = 0;
  /** The last record of the last whole transaction seen so far. */
  private committedSequence = 0;
  private committedChecked = 0;
  private lastWasCommitEnd = true;
  private problem: FoundProblem | undefined;
  /** After the first problem: the records that follow it, and whether a commit end precedes the last one. */
  private trailing = 0;
  private commitEndBeforeLast = false;
  private pendingCommitEnd = false;
  private firstUncommittedPosition: number | undefined;

  /** The expected sequence of a provisional STORE_SEQUENCE_GAP, when no hasSequence was given. */
  pendingLookup: number | undefined;

  constructor(
    private readonly hasSequence?: (sequence: number) => boolean,
    start?: VerifiedPosition,
  ) {
    if (start === undefined) return;
    this.expected = start.sequence + 1;
    this.previous = start.checksum;
    this.committedSequence = start.sequence;
  }

  accept(record: StoredRecord): void {
    if (this.problem !== undefined) {
      this.trailing += 1;
      if (this.pendingCommitEnd) this.commitEndBeforeLast = true;
      this.pendingCommitEnd = record.commitEnd;
      return;
    }
    this.problem = this.check(record);
    if (this.problem !== undefined) {
      this.pendingCommitEnd = record.commitEnd;
      this.firstUncommittedPosition ??= record.position;
      return;
    }
    this.checked += 1;
    this.expected = record.sequence + 1;
    this.previous = record.checksum;
    this.firstUncommittedPosition ??= record.position;
    this.lastWasCommitEnd = record.commitEnd;
    if (record.commitEnd) {
      this.committedSequence = record.sequence;
      this.committedChecked = this.checked;
      this.firstUncommittedPosition = undefined;
    }
  }

  get recordsChecked(): number {
    return this.checked;
  }

  /** `storedElsewhere`: the answer for pendingLookup (is that sequence stored at another position?). */
  finish(storedElsewhere = false): ChainVerdict {
    let problem = this.problem;
    if (problem !== undefined && this.pendingLookup !== undefined && storedElsewhere) {
      problem = {
        ...problem,
        code: 'STORE_SEQUENCE_ORDER',
        message: `sequence ${problem.sequence} is stored out of order (not after ${problem.sequence - 1})`,
      };
    }
    const fromSequence = this.committedSequence + 1;
    const tornCount = this.checked - this.committedChecked + (problem === undefined ? 0 : 1 + this.trailing);
    if (problem === undefined) {
      if (this.lastWasCommitEnd)
        return { report: { ok: true, checked: this.checked, lastSequence: this.committedSequence } };
      return this.torn(
        fromSequence,
        tornCount,
        `the final transaction has no commit end after sequence ${this.expected - 1}`,
      );
    }
    const inFinalTransaction =
      (problem.code === 'STORE_CHECKSUM_MISMATCH' || problem.code === 'STORE_CHAIN_BROKEN') &&
      !this.commitEndBeforeLast;
    if (inFinalTransaction) return this.torn(fromSequence, tornCount, problem.message);
    const { position: _position, ...reported } = problem;
    return {
      report: { ok: false, checked: this.checked, lastSequence: this.expected - 1, problem: reported },
    };
  }

  private torn(fromSequence: number, count: number, reason: string): ChainVerdict {
    const fromPosition = this.firstUncommittedPosition ?? 0;
    const message = `torn final write: ${count} record(s) from sequence ${fromSequence} (${reason})`;
    return {
      report: {
        ok: false,
        checked: this.committedChecked,
        lastSequence: this.committedSequence,
        problem: { code: 'STORE_TORN_WRITE', sequence: fromSequence, message },
      },
      tornTail: { fromPosition, fromSequence, count, reason },
    };
  }

  private check(record: StoredRecord): FoundProblem | undefined {
    const expected = this.expected;
    const at = { position: record.position };
    if (record.sequence !== expected) {
      if (record.sequence < expected) {
        return {
          ...at,
          code: 'STORE_SEQUENCE_ORDER',
          sequence: record.sequence,
          message: `sequence ${record.sequence} appears again after ${expected - 1}`,
        };
      }
      if (this.hasSequence === undefined) this.pendingLookup = expected;
      return this.hasSequence?.(expected) === true
        ? {
            ...at,
            code: 'STORE_SEQUENCE_ORDER',
            sequence: expected,
            message: `expected sequence ${expected} at position ${record.position}, found ${record.sequence}; ${expected} is stored out of order`,
          }
        : {
            ...at,
            code: 'STORE_SEQUENCE_GAP',
            sequence: expected,
            message: `sequence ${expected} is missing: the record after ${expected - 1} is ${record.sequence}`,
          };
    }
    if (chainChecksum(record, record.previousChecksum) !== record.checksum) {
      return {
        ...at,
        code: 'STORE_CHECKSUM_MISMATCH',
        sequence: expected,
        message: `record ${expected} does not match its checksum (its content changed)`,
      };
    }
    if (record.previousChecksum !== this.previous) {
      return {
        ...at,
        code: 'STORE_CHAIN_BROKEN',
        sequence: expected,
        message: `record ${expected} is not chained to record ${expected - 1}`,
      };
    }
    return undefined;
  }
}

/**
 * The open's answer to a verdict, after the caller has moved any torn tail to its quarantine: a recovered
 * torn write is logged and reported and the store opens; any other problem stops the open with its code and
 * the first bad sequence. Shared by every store so that they refuse and recover alike.
 */
export function settleVerdictAtOpen(
  verdict: ChainVerdict,
  logger: Logger,
  quarantine: string,
): IntegrityReport {
  const { report, tornTail } = verdict;
  if (tornTail !== undefined) {
    logger.warn(
      { fromSequence: tornTail.fromSequence, count: tornTail.count, reason: tornTail.reason },
      `journal: torn final write moved to quarantine (the records are kept in ${quarantine})`,
    );
    return {
      ok: true,
      checked: report.checked,
      lastSequence: report.lastSequence,
      ...(report.verifiedFrom === undefined ? {} : { verifiedFrom: report.verifiedFrom }),
      recoveredTornWrite: { sequence: tornTail.fromSequence, count: tornTail.count, reason: tornTail.reason },
    };
  }
  if (report.problem !== undefined) {
    const { code, sequence, message } = report.problem;
    throw new TmtError(code, `the journal failed its integrity check at sequence ${sequence}: ${message}`, {
      details: { sequence: String(sequence), checked: String(report.checked) },
    });
  }
  return report;
}

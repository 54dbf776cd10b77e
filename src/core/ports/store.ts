import type { Timestamp } from '../clock';
import type { OrderHistoryStore } from './order-history';
import type { EventHistoryStore } from './event-history';

/**
 * A write to another table of the journal's database (the intent's audit record, an in-process venue's
 * command) that must commit in the same transaction as the journal records it is appended with. It runs
 * synchronously inside that transaction; throwing aborts the whole append.
 */
export type CompanionWrite = () => void;

/** One record of the append-only journal. */
export interface JournalEntry {
  /** Strictly increasing from 1, with no gaps. */
  readonly sequence: number;
  /** The event or command type (`OrderInitialized`, `CommandSubmitOrder`...). */
  readonly type: string;
  /** Partition key: the account, or 'system'. */
  readonly stream: string;
  /** The payload, encoded with core/serialization (exact decimals survive). */
  readonly payload: string;
  readonly recordedAt: Timestamp;
  /** Hex digest over (sequence, type, stream, payload, recordedAt, previous checksum): a chain. */
  readonly checksum: string;
}

export type JournalEntryInput = Pick<JournalEntry, 'type' | 'stream' | 'payload' | 'recordedAt'>;

export type Durability =
  /** Committed to the OS before append returns: survives a process crash (SQLite WAL, synchronous=NORMAL). */
  | 'process'
  /** fsynced (group commit): survives power loss. */
  | 'power';

export interface IntegrityProblem {
  readonly code: 'STORE_CHECKSUM_MISMATCH' | 'STORE_SEQUENCE_GAP' | 'STORE_SEQUENCE_ORDER' | 'STORE_CHAIN_BROKEN' | 'STORE_TORN_WRITE';
  /** The first bad sequence number. */
  readonly sequence: number;
  readonly message: string;
}

export interface IntegrityReport {
  readonly ok: boolean;
  readonly checked: number;
  readonly lastSequence: number;
  /**
   * Set when the walk started after a verified chain position (a snapshot's) instead of at the first record:
   * `checked` then counts only the records after it. `tmt journal verify` always walks everything.
   */
  readonly verifiedFrom?: number;
  readonly problem?: IntegrityProblem;
  /** A torn final write found and recovered (removed) at open, reported for the operator. */
  readonly recoveredTornWrite?: {
    readonly sequence: number;
    /** How many records the torn transaction held (all moved to quarantine, never deleted). */
    readonly count?: number;
    /** What was wrong with it (the damaged record and the check it failed). */
    readonly reason?: string;
  };
}

export interface Snapshot {
  /** The journal sequence the snapshot covers (inclusive). */
  readonly sequence: number;
  readonly state: string;
  readonly createdAt: Timestamp;
}

export interface DeadLetter {
  readonly id: string;
  /** The command that could not be delivered, encoded. */
  readonly command: string;
  readonly commandType: string;
  readonly accountId: string;
  readonly clientOrderId?: string;
  readonly error: string;
  readonly attempts: number;
  readonly createdAt: Timestamp;
  readonly resolution?: { readonly kind: 'retried' | 'discarded'; readonly actor: string; readonly at: Timestamp };
}

/**
 * The store port. The journal is append-only: there is no update or delete. Implementations: SQLite (default,
 * src/store/sqlite) and PostgreSQL; all run test/contract/store-contract.ts.
 */
export interface JournalStore {
  readonly durability: Durability;
  /** Appends in order, atomically: all or none. Resolves once durable at `durability`. */
  append(entries: readonly JournalEntryInput[]): Promise<readonly JournalEntry[]>;
  /**
   * Optional synchronous fast path (SQLite): the same contract as `append`, durable at `durability` when it
   * returns. Implementations over a network (PostgreSQL) leave it out; callers fall back to `append`.
   */
  appendSync?(
    entries: readonly JournalEntryInput[],
    companions?: readonly CompanionWrite[],
  ): readonly JournalEntry[];
  /**
   * Optional (SQLite): whether `appendSync` runs its `companions` inside the journal's own transaction. A
   * store without it gets them run by the caller right after the append is durable (same group, own commit).
   */
  readonly companionsInTransaction?: boolean;
  /** Entries with sequence > after, oldest first, at most `limit`. */
  read(after: number, limit: number): Promise<readonly JournalEntry[]>;
  lastSequence(): Promise<number>;
  /** Walks the whole chain; names the first bad sequence number. */
  verify(): Promise<IntegrityReport>;
  saveSnapshot(snapshot: Snapshot): Promise<void>;
  latestSnapshot(): Promise<Snapshot | undefined>;
  close(): Promise<void>;
}

export interface DeadLetterStore {
  add(letter: Omit<DeadLetter, 'resolution'>): Promise<void>;
  /** Unresolved letters by default. */
  list(options?: { readonly includeResolved?: boolean }): Promise<readonly DeadLetter[]>;
  get(id: string): Promise<DeadLetter | undefined>;
  resolve(id: string, resolution: NonNullable<DeadLetter['resolution']>): Promise<void>;
}

/** Small mutable state that is not part of the journal (tokens, settings). */
export interface KeyValueStore {
  get(key: string): Promise<string | undefined>;
  set(key: string, value: string): Promise<void>;
  delete(key: string): Promise<void>;
  list(prefix: string): Promise<readonly { key: string; value: string }[]>;
}

/** One opened store: the journal and its companions share one database and one lifetime. */
export interface Store {
  readonly journal: JournalStore;
  readonly deadLetters: DeadLetterStore;
  readonly keyValue: KeyValueStore;
  /** The integrity check that ran at open, with any torn final write it recovered. */
  readonly openReport: IntegrityReport;
  /** Finished orders, served from the store so the engine's memory follows live state (optional on the port). */
  readonly orderHistory?: OrderHistoryStore;
  /** The API's event history, so that stream cursors resume across a restart (optional on the port). */
  readonly eventHistory?: EventHistoryStore;
  /** Flushes pending appends, stops background work, closes the database. Idempotent. */
  close(): Promise<void>;
}

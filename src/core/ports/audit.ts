import type { Timestamp } from '../clock';

/**
 * One record of the audit log: who changed what, when, with which outcome. The log is append-only and
 * hash-chained: `hash` covers every other field and the previous entry's hash.
 */
export interface AuditEntry {
  /** Strictly increasing from 1, with no gaps. */
  readonly sequence: number;
  readonly at: Timestamp;
  /** Token id, 'cli', 'system' or 'agent:<name>'. */
  readonly actor: string;
  /** What was done: `order.submit`, `risk.limits.update`, `kill-switch`... */
  readonly action: string;
  /** What it was done to (a client order id, an account, 'global'). */
  readonly target: string;
  /** Request parameters and result, as canonical JSON; secrets are never written here. */
  readonly details: string;
  readonly outcome: 'ok' | 'denied' | 'error';
  readonly previousHash: string;
  readonly hash: string;
}

/** The head of the chain, kept outside the log so that a removed tail is detected. */
export interface AuditHead {
  readonly sequence: number;
  readonly hash: string;
}

export interface AuditQuery {
  readonly after?: number;
  readonly limit?: number;
  readonly actor?: string;
  readonly action?: string;
}

/** Persistence of the audit log: append and read only, no update or delete. */
export interface AuditStore {
  /**
   * Appends the entry built from the current last one, atomically (an immediate transaction), so that two
   * processes (the service and an offline CLI command) never fork the chain. `after` runs inside the same
   * transaction (the anchor write), keeping anchor updates in chain order.
   */
  appendNext(
    build: (previous: AuditEntry | undefined) => AuditEntry,
    after?: (entry: AuditEntry) => void,
  ): AuditEntry;
  query(query: AuditQuery): readonly AuditEntry[];
  /** Every entry in sequence order, for verification. */
  all(): Iterable<AuditEntry>;
  last(): AuditEntry | undefined;
  close(): void;
}

/** Where the chain head is anchored (a separate file by default). */
export interface AuditAnchor {
  read(): AuditHead | undefined;
  write(head: AuditHead): void;
  close(): void;
}

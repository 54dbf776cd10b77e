import Database from 'better-sqlite3';

import { TmtError, type Clock, type Durability, type IntegrityReport, type Store } from '../../core';
import { silentLogger, type Logger } from '../../shared/logger';
import { SystemClock } from '../../shared/system-clock';
import { GENESIS_CHECKSUM } from '../checksum';
import { settleVerdictAtOpen } from '../integrity';
import { BackgroundCheckpointer, type CheckpointResult, type CheckpointStrategy } from './checkpointer';
import { SqliteDeadLetterStore } from './dead-letters';
import {
  listQuarantine,
  quarantineTornTail,
  snapshotAnchor,
  verifySqliteJournal,
  type QuarantinedRecord,
  type VerifyOptions,
} from './integrity';
import { SqliteJournal } from './journal';
import { SqliteKeyValueStore } from './key-value';
import { SqliteEventHistory } from './event-history';
import { SqliteOrderHistory } from './order-history';
import { WalFsync } from './wal-fsync';
import { migrate, SQLITE_MIGRATIONS, type SqliteMigration } from './migrations';

export interface SqliteStoreOptions {
  /** The database file; created (with its schema) when missing. */
  readonly path: string;
  /** 'process' (default): survives a process crash. 'power': fsync per group commit, survives power loss. */
  readonly durability?: Durability;
  /**
   * How 'power' reaches the disk: 'async-fsync' (default) commits at synchronous=NORMAL and fsyncs the WAL on
   * the thread pool, shared by every commit made meanwhile (wal-fsync.ts); 'full' uses synchronous=FULL, an
   * fsync inside each group's COMMIT on the calling thread.
   */
  readonly powerSync?: 'async-fsync' | 'full';
  /** See checkpointer.ts. Default 'background'. */
  readonly checkpoint?: CheckpointStrategy;
  /** Background checkpoint period. Default 250 ms. */
  readonly checkpointIntervalMs?: number;
  /** WAL frames (4 KiB pages) past which the background checkpoint may briefly stall a writer. Default 65,536. */
  readonly walRestartAfterFrames?: number;
  readonly clock?: Clock;
  readonly logger?: Logger;
  /** Progress of the integrity walk at open, for long journals. */
  readonly onVerifyProgress?: VerifyOptions['onProgress'];
  /** For tests of the migration runner; production uses SQLITE_MIGRATIONS. */
  readonly migrations?: readonly SqliteMigration[];
}

export interface SqliteStore extends Store {
  readonly journal: SqliteJournal;
  readonly deadLetters: SqliteDeadLetterStore;
  readonly keyValue: SqliteKeyValueStore;
  readonly orderHistory: SqliteOrderHistory;
  readonly eventHistory: SqliteEventHistory;
  /** Every record ever quarantined (torn final writes), oldest first. */
  quarantine(): readonly QuarantinedRecord[];
  /** Runs a background checkpoint now (tests, benchmarks); undefined unless checkpoint is 'background'. */
  checkpointNow(): Promise<CheckpointResult | undefined>;
}

/**
 * Opens (creating if needed) the store, for the engine: migrates the schema, walks the journal chain from the
 * newest valid snapshot's verified position (the whole chain when there is none; `tmt journal verify` always
 * walks it all),
 * recovers a torn final write into quarantine, and refuses to open on any other damage with a TmtError whose
 * code is the problem's (STORE_CHECKSUM_MISMATCH, STORE_SEQUENCE_GAP, STORE_SEQUENCE_ORDER,
 * STORE_CHAIN_BROKEN) and whose message and details name the first bad sequence number.
 */
export async function openSqliteStore(options: SqliteStoreOptions): Promise<SqliteStore> {
  const clock = options.clock ?? new SystemClock();
  const logger = options.logger ?? silentLogger();
  const durability = options.durability ?? 'process';
  const strategy = options.checkpoint ?? 'background';
  if (options.path === ':memory:' || options.path === '') {
    throw new TmtError(
      'STORE_UNAVAILABLE',
      'the journal needs a file: an in-memory database survives nothing',
      { field: 'path' },
    );
  }
  let db: Database.Database;
  try {
    db = new Database(options.path);
  } catch (error) {
    throw new TmtError(
      'STORE_UNAVAILABLE',
      `cannot open the journal database ${options.path}: ${String(error)}`,
      { field: 'path', cause: error },
    );
  }
  try {
    db.pragma('journal_mode = WAL');
    const asyncFsync = durability === 'power' && (options.powerSync ?? 'async-fsync') === 'async-fsync';
    db.pragma(`synchronous = ${durability === 'power' && !asyncFsync ? 'FULL' : 'NORMAL'}`);
    db.pragma('busy_timeout = 5000');
    db.pragma(`wal_autocheckpoint = ${strategy === 'sqlite-auto' ? 1000 : 0}`);
    migrate(db, options.migrations ?? SQLITE_MIGRATIONS, clock.now());
    const openReport = verifyAtOpen(db, clock, logger, options.onVerifyProgress);
    const last = db.prepare('SELECT sequence, checksum FROM journal ORDER BY position DESC LIMIT 1').get() as
      { sequence: number; checksum: string } | undefined;
    const journal = new SqliteJournal(
      db,
      durability,
      last ?? { sequence: 0, checksum: GENESIS_CHECKSUM },
      logger,
      asyncFsync ? new WalFsync(`${options.path}-wal`) : undefined,
    );
    const checkpointer =
      strategy === 'background'
        ? new BackgroundCheckpointer(
            options.path,
            {
              intervalMs: options.checkpointIntervalMs ?? 250,
              restartAfterFrames: options.walRestartAfterFrames ?? 65_536,
            },
            logger,
          )
        : undefined;
    let closing: Promise<void> | undefined;
    return {
      journal,
      deadLetters: new SqliteDeadLetterStore(db),
      keyValue: new SqliteKeyValueStore(db),
      orderHistory: new SqliteOrderHistory(db),
      eventHistory: new SqliteEventHistory(db),
      openReport,
      quarantine: () => listQuarantine(db),
      checkpointNow: async () => checkpointer?.checkpointNow(),
      close() {
        closing ??= (async () => {
          await journal.close();
          await checkpointer?.stop();
          // The last connection to close checkpoints the WAL fully and removes it.
          db.close();
        })();
        return closing;
      },
    };
  } catch (error) {
    db.close();
    throw error;
  }
}

function verifyAtOpen(
  db: Database.Database,
  clock: Clock,
  logger: Logger,
  onProgress: VerifyOptions['onProgress'],
): IntegrityReport {
  // O(tail): the records up to the newest valid snapshot were verified when it was taken (by this open's
  // predecessor, which verified and then wrote them); the full walk is `tmt journal verify`.
  const from = snapshotAnchor(db, logger);
  const verdict = verifySqliteJournal(db, {
    ...(onProgress === undefined ? {} : { onProgress }),
    ...(from === undefined ? {} : { from }),
  });
  if (verdict.tornTail !== undefined) quarantineTornTail(db, verdict.tornTail, clock.now());
  return settleVerdictAtOpen(verdict, logger, 'journal_quarantine');
}

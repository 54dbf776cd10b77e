import pg from 'pg';

import { TmtError, type Clock, type Durability, type IntegrityReport, type Store } from '../../core';
import { silentLogger, type Logger } from '../../shared/logger';
import { SystemClock } from '../../shared/system-clock';
import { GENESIS_CHECKSUM } from '../checksum';
import { settleVerdictAtOpen } from '../integrity';
import { PostgresDeadLetterStore, PostgresKeyValueStore } from './companions';
import { postgresSnapshotAnchor, quarantinePostgresTail, verifyPostgresJournal } from './integrity';
import { PostgresJournal } from './journal';
import { PostgresEventHistory } from './event-history';
import { PostgresOrderHistory } from './order-history';
import { migratePostgres, POSTGRES_MIGRATIONS, type PostgresMigration } from './migrations';

export interface PostgresStoreOptions {
  /** e.g. postgres://postgres@127.0.0.1:5432/test */
  readonly connectionString: string;
  /** The PostgreSQL schema holding the tables (one per engine or test). Default 'tmt'. */
  readonly schema?: string;
  readonly durability?: Durability;
  readonly clock?: Clock;
  readonly logger?: Logger;
  readonly onVerifyProgress?: (walked: number) => void;
  readonly migrations?: readonly PostgresMigration[];
}

export interface PostgresStore extends Store {
  readonly journal: PostgresJournal;
  readonly orderHistory: PostgresOrderHistory;
  readonly eventHistory: PostgresEventHistory;
}

/**
 * The same open sequence as openSqliteStore: single-writer lock, migrations, integrity walk, torn-tail
 * quarantine, or a TmtError naming the first bad sequence. The writer lock is a session advisory lock held by
 * the journal's connection: a second engine on the same schema is refused (STORE_UNAVAILABLE) at open.
 */
export async function openPostgresStore(options: PostgresStoreOptions): Promise<PostgresStore> {
  const schema = options.schema ?? 'tmt';
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(schema)) {
    throw new TmtError('STORE_INVALID_ENTRY', 'schema must be a lower-case SQL identifier', {
      field: 'schema',
      details: { found: schema },
    });
  }
  const clock = options.clock ?? new SystemClock();
  const logger = options.logger ?? silentLogger();
  const durability = options.durability ?? 'process';
  const pool = new pg.Pool({ connectionString: options.connectionString, max: 4 });
  pool.on('error', (error) => logger.error({ err: error }, 'store: idle PostgreSQL connection failed'));
  let writer: pg.PoolClient;
  try {
    writer = await pool.connect();
  } catch (error) {
    await pool.end();
    throw new TmtError('STORE_UNAVAILABLE', `cannot connect to PostgreSQL: ${String(error)}`, {
      cause: error,
    });
  }
  try {
    const locked = await writer.query<{ locked: boolean }>(
      'SELECT pg_try_advisory_lock(hashtext($1)) AS locked',
      [`tmt-journal:${schema}`],
    );
    if (locked.rows[0]?.locked !== true) {
      throw new TmtError('STORE_UNAVAILABLE', `another process holds the journal in schema ${schema}`, {
        details: { schema },
      });
    }
    await migratePostgres(writer, schema, options.migrations ?? POSTGRES_MIGRATIONS, clock.now());
    const openReport = await verifyAtOpen(writer, schema, clock, logger, options.onVerifyProgress);
    await writer.query(`SET synchronous_commit = ${durability === 'power' ? 'on' : 'off'}`);
    const { rows } = await writer.query<{ sequence: string; checksum: string }>(
      `SELECT sequence, checksum FROM ${schema}.journal ORDER BY position DESC LIMIT 1`,
    );
    const last =
      rows[0] === undefined
        ? { sequence: 0, checksum: GENESIS_CHECKSUM }
        : { sequence: Number(rows[0].sequence), checksum: rows[0].checksum };
    const journal = new PostgresJournal(pool, writer, schema, durability, last, logger);
    let closing: Promise<void> | undefined;
    return {
      journal,
      deadLetters: new PostgresDeadLetterStore(pool, schema),
      keyValue: new PostgresKeyValueStore(pool, schema),
      orderHistory: new PostgresOrderHistory(pool, schema),
      eventHistory: new PostgresEventHistory(pool, schema),
      openReport,
      close() {
        closing ??= (async () => {
          await journal.close();
          // Unlocked explicitly: a session lock would otherwise live until the server reaps the backend,
          // after the socket is gone, and a quick reopen would find it still held.
          await writer.query('SELECT pg_advisory_unlock_all()').catch(() => undefined);
          writer.release(true);
          await pool.end();
        })();
        return closing;
      },
    };
  } catch (error) {
    await writer.query('SELECT pg_advisory_unlock_all()').catch(() => undefined);
    writer.release(true);
    await pool.end();
    throw error;
  }
}

async function verifyAtOpen(
  writer: pg.PoolClient,
  schema: string,
  clock: Clock,
  logger: Logger,
  onProgress: ((walked: number) => void) | undefined,
): Promise<IntegrityReport> {
  // O(tail), as the SQLite open: from the newest valid snapshot's verified position.
  const from = await postgresSnapshotAnchor(writer, schema, logger);
  const verdict = await verifyPostgresJournal(writer, schema, onProgress, from);
  if (verdict.tornTail !== undefined)
    await quarantinePostgresTail(writer, schema, verdict.tornTail, clock.now());
  return settleVerdictAtOpen(verdict, logger, `${schema}.journal_quarantine`);
}

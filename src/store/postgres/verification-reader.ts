import pg from 'pg';

import { TmtError, type IntegrityReport } from '../../core';
import { verifyPostgresJournal } from './integrity';

/** The read-only walk of a PostgreSQL journal for tooling: reports, never quarantines. */
export async function verifyPostgresLocation(
  connectionString: string,
  schema: string,
  onProgress?: (walked: number) => void,
): Promise<IntegrityReport> {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(schema)) {
    throw new TmtError('STORE_INVALID_ENTRY', 'schema must be a lower-case SQL identifier', {
      field: 'schema',
    });
  }
  const client = new pg.Client({ connectionString });
  try {
    await client.connect();
  } catch (error) {
    throw new TmtError('STORE_UNAVAILABLE', `cannot connect to PostgreSQL: ${String(error)}`, {
      cause: error,
    });
  }
  try {
    const found = await client.query<{ table: string | null }>('SELECT to_regclass($1)::text AS table', [
      `${schema}.journal`,
    ]);
    if (found.rows[0]?.table == null) {
      throw new TmtError('STORE_UNAVAILABLE', `schema ${schema} holds no TMT journal`, { field: 'schema' });
    }
    return (await verifyPostgresJournal(client, schema, onProgress)).report;
  } finally {
    await client.end();
  }
}

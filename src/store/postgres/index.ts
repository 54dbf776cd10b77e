export { POSTGRES_MIGRATIONS, type PostgresMigration } from './migrations';
export { openPostgresStore, type PostgresStore, type PostgresStoreOptions } from './open';

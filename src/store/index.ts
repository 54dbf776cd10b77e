// The SQLite store (the default). PostgreSQL is imported from './postgres', so that SQLite users never load pg.
export { chainChecksum, GENESIS_CHECKSUM } from './checksum';
export { ChainVerifier, type ChainVerdict, type StoredRecord, type TornTail } from './integrity';
export type { CheckpointResult, CheckpointStrategy } from './sqlite/checkpointer';
export type { QuarantinedRecord } from './sqlite/integrity';
export { SqliteJournal } from './sqlite/journal';
export { migrate, SQLITE_MIGRATIONS, type SqliteMigration } from './sqlite/migrations';
export { openSqliteStore, type SqliteStore, type SqliteStoreOptions } from './sqlite/open';
export { openJournalForVerification, type JournalVerificationOptions } from './sqlite/verification-reader';

import { beforeAll } from 'vitest';

import { runStoreContract } from '../../contract/store-contract';
import { ensurePostgres, postgresHarness } from './postgres-harness';

beforeAll(ensurePostgres, 60_000);

runStoreContract('postgres', () => postgresHarness());

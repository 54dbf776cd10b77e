import { runStoreContract } from '../../contract/store-contract';
import { sqliteHarness } from './sqlite-harness';

runStoreContract('sqlite (background checkpoint)', () => sqliteHarness());
runStoreContract('sqlite (no checkpointer)', () => sqliteHarness({ checkpoint: 'none' }));

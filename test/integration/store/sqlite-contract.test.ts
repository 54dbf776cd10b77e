import { runStoreContract } from '../../contract/store-contract';
import { sqliteHarness } from './sqlite-harness';

runStoreContract('sqlite (background checkpoint, power by async fsync)', () => sqliteHarness());
runStoreContract('sqlite (no checkpointer)', () => sqliteHarness({ checkpoint: 'none' }));
runStoreContract('sqlite (power by synchronous=FULL)', () => sqliteHarness({ powerSync: 'full' }));

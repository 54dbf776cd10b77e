import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { decodeExact, encodeExact } from '../../core/serialization';
import type { SimIbState } from './state';

interface SavedFile {
  readonly state: SimIbState;
  /** The matching engine's `saveEncoded()` text. */
  readonly engine: string;
}

/** `--data-dir`: the simulator's orders, executions, ids and the engine snapshot in one file, written atomically. */
export class IbSimStore {
  private readonly path: string;

  constructor(dataDir: string) {
    mkdirSync(dataDir, { recursive: true });
    this.path = join(dataDir, 'ibkr-simulator.json');
  }

  load(): SavedFile | undefined {
    if (!existsSync(this.path)) return undefined;
    return decodeExact<SavedFile>(readFileSync(this.path, 'utf8'));
  }

  save(state: SimIbState, engine: string): void {
    const temporary = `${this.path}.tmp`;
    writeFileSync(temporary, encodeExact({ state, engine }));
    renameSync(temporary, this.path);
  }
}

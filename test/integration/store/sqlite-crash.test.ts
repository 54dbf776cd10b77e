import { spawn } from 'node:child_process';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import { openSqliteStore } from '../../../src/store';
import { temporaryDirectory } from './sqlite-harness';

const CHILD = join(import.meta.dirname, 'fixtures', 'append-child.ts');

/** Runs the child until it has acknowledged `atLeast` more records, SIGKILLs it, returns the last acknowledged. */
function appendThenKill(path: string, atLeast: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD, path], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let acknowledged = 0;
    let start: number | undefined;
    let buffered = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      buffered += chunk;
      const lines = buffered.split('\n');
      buffered = lines.pop() ?? '';
      for (const line of lines) {
        if (line.startsWith('opened ')) start = Number(line.slice(7));
        else acknowledged = Number(line);
      }
      if (start !== undefined && acknowledged >= start + atLeast) child.kill('SIGKILL');
    });
    child.on('error', reject);
    child.on('exit', () => resolve(acknowledged));
  });
}

describe('sqlite journal: SIGKILL while appending', () => {
  it('every acknowledged record survives, the chain verifies, and no batch is split', async () => {
    const { dir, dispose } = temporaryDirectory();
    const path = join(dir, 'journal.db');
    try {
      for (let round = 1; round <= 5; round++) {
        const acknowledged = await appendThenKill(path, 300 * round);
        const store = await openSqliteStore({ path, checkpoint: 'none' });
        try {
          expect(store.openReport.ok).toBe(true);
          expect(store.openReport.recoveredTornWrite).toBeUndefined();
          expect(store.journal.lastSequenceSync()).toBeGreaterThanOrEqual(acknowledged);
        } finally {
          await store.close();
        }
      }
    } finally {
      dispose();
    }
  }, 120_000);
});

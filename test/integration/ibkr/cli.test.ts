import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { describe, expect, it } from 'vitest';
import { silentLogger } from '../../../src/shared/logger';
import { createIbkrVenue } from '../../../src/venues/ibkr';

describe('tmt sim ibkr', () => {
  it('starts on a free port with --data-dir, prints one JSON line with host, port and the DU account, and serves the adapter', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'tmt-ibkr-cli-'));
    const script = `import('./src/app/sim-ibkr.ts').then((m) => m.simIbkrCommand().parseAsync(['node', 'ibkr', '--port', '0', '--data-dir', ${JSON.stringify(dataDir)}], { from: 'node' }))`;
    const child = spawn(process.execPath, ['--import', 'tsx', '-e', script], { cwd: process.cwd(), stdio: ['ignore', 'pipe', 'inherit'] });
    try {
      const line = await new Promise<string>((resolve, reject) => {
        createInterface({ input: child.stdout }).once('line', resolve);
        child.once('exit', (code) => reject(new Error(`exited with ${code}`)));
      });
      const ready = JSON.parse(line) as { host: string; port: number; accounts: string[] };
      expect(ready.host).toBe('127.0.0.1');
      expect(ready.accounts).toEqual([expect.stringMatching(/^DU\d+$/)]);
      const client = createIbkrVenue({ config: { environment: 'simulator', host: ready.host, port: ready.port, instruments: ['AAPL.IBKR', 'EUR/USD.IBKR'] }, logger: silentLogger() });
      await client.connect();
      try {
        expect((await client.instruments()).map((i) => i.id)).toEqual(['AAPL.IBKR', 'EUR/USD.IBKR']);
      } finally {
        await client.disconnect();
      }
    } finally {
      child.kill('SIGTERM');
    }
  }, 60_000);
});

import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { describe, expect, it } from 'vitest';
import { createCoinbaseVenue } from '../../../src/venues/coinbase';
import { silentLogger } from '../../../src/shared/logger';
import { SystemClock } from '../../../src/shared/system-clock';

describe('tmt sim coinbase', () => {
  it('starts on a free port, prints one JSON line with its URLs and simulator credentials, and an adapter trades on it', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'tmt-sim-coinbase-'));
    const script = `import('./src/app/sim-coinbase.ts').then((m) => m.simCoinbaseCommand().parseAsync(['node', 'coinbase', '--port', '0', '--walk-ms', '0', '--data-dir', ${JSON.stringify(dataDir)}], { from: 'node' }))`;
    const child = spawn(process.execPath, ['--import', 'tsx', '-e', script], {
      cwd: process.cwd(),
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    try {
      const line = await new Promise<string>((resolve, reject) => {
        createInterface({ input: child.stdout }).once('line', resolve);
        child.once('exit', (code) => reject(new Error(`exited with ${code}`)));
      });
      const ready = JSON.parse(line) as {
        url: string;
        wsUrl: string;
        wsUserUrl: string;
        apiKeyName: string;
        apiPrivateKey: string;
      };
      expect(Object.keys(ready)).toEqual(['url', 'wsUrl', 'wsUserUrl', 'apiKeyName', 'apiPrivateKey']);
      expect(ready.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(ready.apiPrivateKey).toMatch(/^-----BEGIN EC PRIVATE KEY-----/);
      const venue = createCoinbaseVenue({
        clock: new SystemClock(),
        logger: silentLogger(),
        account: {
          accountId: 'cli',
          baseUrl: ready.url,
          wsUrl: ready.wsUrl,
          wsUserUrl: ready.wsUserUrl,
          apiKeyName: ready.apiKeyName,
          apiPrivateKey: ready.apiPrivateKey,
        },
      });
      await venue.client.connect();
      try {
        expect((await venue.client.instruments()).map((i) => i.venueSymbol)).toEqual([
          'BTC-USD',
          'ETH-USD',
          'ETH-BTC',
        ]);
      } finally {
        await venue.client.disconnect();
      }
    } finally {
      // The simulator saves its state as it stops: remove the folder once it has exited.
      const exited =
        child.exitCode === null ? new Promise((resolve) => child.once('exit', resolve)) : Promise.resolve();
      child.kill('SIGTERM');
      await exited;
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 60_000);
});

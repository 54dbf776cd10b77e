import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { describe, expect, it } from 'vitest';

import { InstrumentId } from '../../../src/core';
import { silentLogger } from '../../../src/shared/logger';
import { createFxcmVenue } from '../../../src/venues/fxcm';

describe('tmt sim fxcm', () => {
  it('starts on a free port with --data-dir, prints one JSON line with its address and simulator credentials, and the adapter logs on', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tmt-fxcm-cli-'));
    const script = `import('./src/app/sim-fxcm.ts').then((m) => m.simFxcmCommand().parseAsync(['node', 'fxcm', '--port', '0', '--username', 'cli-user', '--password', 'cli-pass', '--data-dir', ${JSON.stringify(dir)}], { from: 'node' }))`;
    const child = spawn(process.execPath, ['--import', 'tsx', '-e', script], { cwd: process.cwd(), stdio: ['ignore', 'pipe', 'inherit'] });
    try {
      const line = await new Promise<string>((resolve, reject) => {
        createInterface({ input: child.stdout }).once('line', resolve);
        child.once('exit', (code) => reject(new Error(`exited with ${code}`)));
      });
      const ready = JSON.parse(line) as { host: string; port: number; targetCompId: string; targetSubId: string; username: string; password: string; accounts: string[] };
      expect(ready).toMatchObject({ host: '127.0.0.1', targetCompId: 'FXCM', targetSubId: 'U100D1', username: 'cli-user', password: 'cli-pass' });
      const client = createFxcmVenue({ config: { environment: 'simulator', host: ready.host, port: ready.port, senderCompId: 'cli-user_client1', accountIds: [ready.accounts[0] ?? ''] }, username: ready.username, password: ready.password, logger: silentLogger() });
      await client.connect();
      const instruments = await client.instruments();
      expect(instruments.map((i) => i.id)).toContain(InstrumentId.parse('EUR/USD.FXCM'));
      await client.disconnect();
    } finally {
      // The simulator writes its state as it stops: the directory goes once the process has exited.
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      if (child.exitCode === null) await exited;
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});

import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { describe, expect, it } from 'vitest';

interface Ready {
  url: string;
  wsPublicUrl: string;
  wsPrivateUrl: string;
  wsBusinessUrl: string;
  apiKey: string;
  secretKey: string;
  passphrase: string;
}

function start(args: string[]) {
  const script = `import('./src/app/sim-okx.ts').then((m) => m.simOkxCommand().parseAsync(['node', 'okx', ${args.map((a) => JSON.stringify(a)).join(', ')}], { from: 'node' }))`;
  const child = spawn(process.execPath, ['--import', 'tsx', '-e', script], { cwd: process.cwd(), stdio: ['ignore', 'pipe', 'inherit'] });
  const ready = new Promise<Ready>((resolve, reject) => {
    createInterface({ input: child.stdout }).once('line', (line) => resolve(JSON.parse(line) as Ready));
    child.once('exit', (code) => reject(new Error(`exited with ${code}`)));
  });
  const stopped = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return { child, ready, stopped };
}

describe('tmt sim okx', () => {
  it('prints one JSON line with its URLs and simulator credentials, and keeps its state in --data-dir', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'okx-sim-'));
    const first = start(['--port', '0', '--walk-ms', '0', '--api-key', 'K', '--secret-key', 'S', '--passphrase', 'P', '--data-dir', dir]);
    try {
      const ready = await first.ready;
      expect(ready).toMatchObject({ apiKey: 'K', secretKey: 'S', passphrase: 'P' });
      expect(ready.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      const ws = ready.url.replace('http', 'ws');
      expect([ready.wsPublicUrl, ready.wsPrivateUrl, ready.wsBusinessUrl]).toEqual([`${ws}/ws/v5/public`, `${ws}/ws/v5/private`, `${ws}/ws/v5/business`]);
      const info = (await (await fetch(`${ready.url}/api/v5/public/instruments?instType=SPOT`)).json()) as { data: { instId: string }[] };
      expect(info.data.map((i) => i.instId)).toEqual(['BTC-USDT', 'ETH-USDT', 'ETH-BTC']);
    } finally {
      first.child.kill('SIGTERM');
      await first.stopped;
    }
    // SIGTERM closes the simulator, which writes its state (restored in persistence.test.ts).
    expect(existsSync(join(dir, 'okx-simulator.json'))).toBe(true);
    const second = start(['--port', '0', '--walk-ms', '0', '--data-dir', dir]);
    try {
      await second.ready;
    } finally {
      second.child.kill('SIGTERM');
      await second.stopped;
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});

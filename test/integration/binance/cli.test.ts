import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { describe, expect, it } from 'vitest';

describe('tmt sim binance', () => {
  it('starts on a free port and prints one JSON line with its URLs and simulator credentials', async () => {
    const script = "import('./src/app/sim-binance.ts').then((m) => m.simBinanceCommand().parseAsync(['node', 'binance', '--port', '0', '--profile', 'us', '--api-key', 'K', '--api-secret', 'S'], { from: 'node' }))";
    const child = spawn(process.execPath, ['--import', 'tsx', '-e', script], { cwd: process.cwd(), stdio: ['ignore', 'pipe', 'inherit'] });
    try {
      const line = await new Promise<string>((resolve, reject) => {
        createInterface({ input: child.stdout }).once('line', resolve);
        child.once('exit', (code) => reject(new Error(`exited with ${code}`)));
      });
      const ready = JSON.parse(line) as { url: string; streamUrl: string; wsApiUrl: string; apiKey: string; apiSecret: string };
      expect(ready).toMatchObject({ apiKey: 'K', apiSecret: 'S' });
      expect(ready.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(ready.wsApiUrl).toBe(`${ready.url.replace('http', 'ws')}/ws-api/v3`);
      const info = (await (await fetch(`${ready.url}/api/v3/exchangeInfo`)).json()) as { symbols: { symbol: string }[] };
      expect(info.symbols.map((s) => s.symbol)).toEqual(['BTCUSDT', 'ETHUSDT', 'ETHBTC', 'LTCBTC']);
    } finally {
      child.kill('SIGTERM');
    }
  }, 60_000);
});

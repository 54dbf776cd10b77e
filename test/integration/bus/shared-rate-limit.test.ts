import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { SystemClock } from '../../../src/shared/system-clock';
import { startBinanceSimulator, type BinanceSimulator } from '../../../src/simulators/binance/server';
import { eventually, startRedis, uniquePrefix, type PrivateBroker } from './servers';

const FIXTURE = join(import.meta.dirname, 'fixtures', 'binance-burster.ts');
// Low enough that a loaded machine can send this much per window from two processes; exchangeInfo (20)
// fits. Two-second windows: the 100 ms kept clear at each edge is a small share of the window.
const WINDOW_MS = 2_000;
const LIMIT_PER_WINDOW = 100;
const PER_PROCESS = LIMIT_PER_WINDOW * 3;

interface Burster {
  readonly child: ChildProcess;
  output: string;
}

function startBurster(args: object): Burster {
  const child = spawn(process.execPath, ['--import', 'tsx', FIXTURE, JSON.stringify(args)], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const burster: Burster = { child, output: '' };
  child.stdout?.on('data', (chunk: Buffer) => (burster.output += chunk.toString()));
  return burster;
}

describe('venue request budgets shared through Redis by two processes', () => {
  let redis: PrivateBroker;
  let sim: BinanceSimulator;
  beforeAll(async () => {
    redis = await startRedis();
    sim = await startBinanceSimulator({
      clock: new SystemClock(),
      rateLimits: [
        {
          rateLimitType: 'REQUEST_WEIGHT',
          interval: 'SECOND',
          intervalNum: WINDOW_MS / 1000,
          limit: LIMIT_PER_WINDOW,
        },
        { rateLimitType: 'ORDERS', interval: 'SECOND', intervalNum: 10, limit: 1000 },
        { rateLimitType: 'RAW_REQUESTS', interval: 'MINUTE', intervalNum: 5, limit: 61000 },
      ],
    });
  }, 30_000);
  afterAll(async () => {
    await sim.close();
    await redis.stop();
  });

  it('two processes bursting against the Binance simulator get no 429 and use >= 90% of the allowed weight', async () => {
    const args = {
      url: sim.url,
      streamUrl: sim.streamUrl,
      wsApiUrl: sim.wsApiUrl,
      apiKey: sim.apiKey,
      apiSecret: sim.apiSecret,
      redisUrl: redis.url,
      prefix: uniquePrefix(),
      count: PER_PROCESS,
    };
    const bursters: Burster[] = [];
    try {
      for (let i = 0; i < 2; i++) {
        const burster = startBurster(args);
        bursters.push(burster);
        await eventually(() => burster.output.includes('ready'), `process ${i + 1} connected`, 60_000);
      }
      const first = sim.state.limits.arrivals.length;
      for (const burster of bursters) burster.child.stdin?.write('go\n');
      await eventually(
        () => bursters.every((b) => b.output.trim().split('\n').length >= 2),
        'both bursts done',
        90_000,
      );
      const results = bursters.map(
        (b) =>
          JSON.parse(b.output.trim().split('\n').at(-1) as string) as {
            ok: number;
            rateLimited: number;
            other: number;
          },
      );
      expect(results).toEqual([
        { ok: PER_PROCESS, rateLimited: 0, other: 0 },
        { ok: PER_PROCESS, rateLimited: 0, other: 0 },
      ]);
      expect(sim.state.limits.rejections).toEqual([]);
      const perWindow = new Map<number, number>();
      for (const at of sim.state.limits.arrivals.slice(first))
        perWindow.set(Math.floor(at / WINDOW_MS), (perWindow.get(Math.floor(at / WINDOW_MS)) ?? 0) + 1);
      const windows = [...perWindow.entries()].sort((a, b) => a[0] - b[0]);
      // First and last windows are partial by construction; the ones between must be nearly full (weight 1 each).
      const middle = windows.slice(1, -1);
      expect(middle.length).toBeGreaterThanOrEqual(2);
      const used = middle.reduce((sum, [, count]) => sum + count, 0);
      expect(used).toBeGreaterThanOrEqual(0.9 * LIMIT_PER_WINDOW * middle.length);
      for (const [, count] of windows) expect(count).toBeLessThanOrEqual(LIMIT_PER_WINDOW);
    } finally {
      for (const burster of bursters) if (burster.child.exitCode === null) burster.child.kill('SIGKILL');
    }
  }, 180_000);
});

import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

import { startService } from '../src/app/start-service';
import { silentLogger } from '../src/shared/logger';
import { percentiles, type Benchmark, type BenchResult } from './harness';

/**
 * CLI cold start: whole `tmt` processes as a user runs them (node, bin/tmt.mjs, the compiled dist/), timed
 * from spawn to exit. `tmt status` talks to a running service on loopback (three API calls). Beside them,
 * bare `node -e 0` in the same run: the floor no CLI can go under, so the ratio reads through machine load.
 */

const BIN = resolve(import.meta.dirname, '../bin/tmt.mjs');
const RUNS = 10;

function timeCommand(args: readonly string[], env: NodeJS.ProcessEnv = process.env): number[] {
  const samples: number[] = [];
  for (let i = 0; i < RUNS + 1; i++) {
    const start = process.hrtime.bigint();
    const result = spawnSync(process.execPath, args, { env, stdio: ['ignore', 'ignore', 'pipe'] });
    const elapsed = Number(process.hrtime.bigint() - start) / 1e6;
    if (result.status !== 0) throw new Error(`${args.join(' ')} failed: ${result.stderr.toString()}`);
    if (i > 0) samples.push(elapsed); // the first run warms the file cache
  }
  return samples;
}

function results(
  benchmark: string,
  samples: number[],
  aim: string | undefined,
  notes: string,
): BenchResult[] {
  const p = percentiles(samples, [50, 90]);
  return [
    {
      benchmark,
      metric: 'p50',
      value: round(p.p50 ?? Number.NaN),
      unit: 's',
      ...(aim === undefined ? {} : { aim }),
      notes,
    },
    { benchmark, metric: 'p90', value: round(p.p90 ?? Number.NaN), unit: 's', notes },
  ];
}

const round = (ms: number) => Math.round(ms) / 1000;

export const benchmarks: Benchmark[] = [
  {
    name: 'cli.cold-start',
    async run() {
      execFileSync(process.execPath, [resolve(import.meta.dirname, '../scripts/build.mjs')]);
      const out: BenchResult[] = [];
      out.push(
        ...results('cli.node-floor', timeCommand(['-e', '0']), undefined, 'node -e 0: process start alone'),
      );
      out.push(
        ...results('cli.help', timeCommand([BIN, '--help']), '<= 0.3 s', 'tmt --help, compiled build'),
      );
      const directory = mkdtempSync(join(tmpdir(), 'tmt-bench-cli-'));
      writeFileSync(
        join(directory, 'tmt.yaml'),
        'accounts:\n  - {id: paper-fx, venue: paper, environment: paper, instruments: [EUR_USD]}\napi: {port: 0}\n',
      );
      const service = await startService(
        { path: join(directory, 'tmt.yaml'), env: {} },
        { logger: silentLogger(), processMetrics: false },
      );
      try {
        const env = { ...process.env, TMT_URL: service.url, TMT_TOKEN: service.bootstrapAdminToken ?? '' };
        // This process serves the API, so the spawns are awaited (spawnSync would block the service).
        out.push(
          ...results(
            'cli.status',
            await timeAsync([BIN, 'status'], env),
            '<= 0.6 s',
            'tmt status against a running service (health, risk, accounts)',
          ),
        );
      } finally {
        await service.app.close();
      }
      return out;
    },
  },
];

async function timeAsync(args: readonly string[], env: NodeJS.ProcessEnv): Promise<number[]> {
  const { spawn } = await import('node:child_process');
  const samples: number[] = [];
  for (let i = 0; i < RUNS + 1; i++) {
    const start = process.hrtime.bigint();
    const code = await new Promise<number | null>((done) => {
      const child = spawn(process.execPath, args, { env, stdio: 'ignore' });
      child.on('exit', done);
    });
    if (code !== 0) throw new Error(`${args.join(' ')} exited ${String(code)}`);
    if (i > 0) samples.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  return samples;
}

import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import type { Benchmark, BenchResult } from './harness';
import { buildStartupJournal } from './startup-journal';

const here = dirname(fileURLToPath(import.meta.url));
/** Finished orders before the snapshot: 3 journal entries each, so the default is a journal of ~1M entries. */
const HISTORICAL = Number(process.env.BENCH_STARTUP_ORDERS ?? 333_334);
/** Orders journaled after the snapshot (the tail the open walks and the start replays). */
const TAIL = Number(process.env.BENCH_STARTUP_TAIL ?? 1_000);
/** BENCH_STARTUP_LEGACY=1: the snapshot has no portfolio (as before it kept one), so every fill is re-booked. */
const WITH_PORTFOLIO = process.env.BENCH_STARTUP_LEGACY !== '1';

function child(mode: 'start' | 'verify', path: string): Record<string, unknown> {
  const out = execFileSync(
    process.execPath,
    ['--import', 'tsx', join(here, 'startup-child.ts'), mode, path],
    {
      encoding: 'utf8',
      maxBuffer: 1 << 20,
    },
  );
  return JSON.parse(out.trim().split('\n').at(-1) ?? '{}') as Record<string, unknown>;
}

/**
 * Start-up O(tail) (issue 9, asks 4 and 5). Builds, in a temporary directory, the journal a long-running
 * engine leaves (see startup-journal.ts: HISTORICAL finished orders in the journal and the order history, a
 * live-only snapshot carrying the portfolio, TAIL orders after it), then measures in a child process: the store's open (integrity
 * walk from the snapshot's verified position), and the engine start (snapshot with the portfolio restored
 * from it (or, legacy, every finished order's fill re-booked from the history), tail replay, paper venue connect and reconciliation), with RSS and peak
 * RSS. The peer in the same run: the full walk of `tmt journal verify` over the same file, which is what the
 * open did before on its own. Child start-up time includes loading the TypeScript sources through tsx.
 */
export const benchmarks: Benchmark[] = [
  {
    name: 'startup',
    async run(): Promise<readonly BenchResult[]> {
      const directory = mkdtempSync(join(tmpdir(), 'tmt-startup-bench-'));
      try {
        const built = await buildStartupJournal(directory, HISTORICAL, TAIL, WITH_PORTFOLIO);
        const start = child('start', built.path);
        const verify = child('verify', built.path);
        const load = loadavg()
          .map((n) => n.toFixed(2))
          .join(' ');
        const notes = `${built.entries} journal entries (${HISTORICAL} finished orders in the history, snapshot at ${built.snapshotSequence}, tail ${TAIL} orders, ${WITH_PORTFOLIO ? 'portfolio in the snapshot' : 'no portfolio in the snapshot (legacy)'}); load ${load}`;
        const number = (value: unknown) => Number(value);
        const replay = start.replay as { entries: number; rebooked: number; ms: number } | undefined;
        return [
          {
            benchmark: 'startup',
            metric: 'build time (not measured start-up)',
            value: built.buildMs,
            unit: 'ms',
            notes,
          },
          {
            benchmark: 'startup',
            metric: 'snapshot: portfolio copy in one tick (on the loop)',
            value: built.portfolio.captureMs,
            unit: 'ms',
            notes: `the whole portfolio through one encodeExact call: ${built.portfolio.encodeMs.toFixed(1)} ms, ${built.portfolio.bytes} bytes (the engine's snapshot encodes it in slices of 2,000 items per event-loop turn)`,
          },
          {
            benchmark: 'startup',
            metric: 'store open (integrity walk of the tail)',
            value: number(start.openMs),
            unit: 'ms',
            notes: `records walked ${String(start.checked)}`,
          },
          {
            benchmark: 'startup',
            metric: 'start-up total (open + engine start)',
            value: number(start.totalMs),
            unit: 'ms',
            aim: '<= 3000 ms at 1M',
            notes: `replay ${replay?.ms} ms of it: journal entries replayed ${replay?.entries}, fills re-booked into the portfolio from history ${replay?.rebooked}; orders in memory ${String(start.ordersInMemory)}`,
          },
          {
            benchmark: 'startup',
            metric: 'RSS after start',
            value: number(start.rssMb),
            unit: 'MB',
            aim: '<= 300 MB',
          },
          {
            benchmark: 'startup',
            metric: 'peak RSS during start',
            value: number(start.maxRssMb),
            unit: 'MB',
            aim: '<= 300 MB',
          },
          {
            benchmark: 'startup',
            metric: 'peer: full walk (tmt journal verify)',
            value: number(verify.verifyMs),
            unit: 'ms',
            notes: `records walked ${String(verify.checked)}, peak RSS ${number(verify.maxRssMb).toFixed(0)} MB`,
          },
          {
            benchmark: 'startup',
            metric: 'ratio start-up total / full walk',
            value: number(start.totalMs) / number(verify.verifyMs),
            unit: 'x',
            notes: 'below 1: the whole start costs less than the walk the open used to do alone',
          },
        ];
      } finally {
        rmSync(directory, { recursive: true, force: true });
      }
    },
  },
];

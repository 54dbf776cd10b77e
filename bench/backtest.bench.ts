import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { runBacktest } from '../src/app/backtest/run-backtest';
import { writeRecordedQuotes } from '../test/integration/backtest/recorded-quotes';
import type { Benchmark, BenchResult } from './harness';

const QUOTES = 6_000;

/**
 * `tmt backtest`'s speed: recorded EUR_USD quotes (every 250 ms) replayed through the whole live path (paper
 * venue and matching engine, engine with risk, OMS and SQLite journal, the orchestrator's strategy runner and
 * pipeline) with one MA-crossover strategy on 10 s candles. Includes opening the service and the
 * data's preparation; the recording itself is written before the clock starts.
 */
export const benchmarks: Benchmark[] = [
  {
    name: 'backtest',
    async run(): Promise<readonly BenchResult[]> {
      const dir = mkdtempSync(join(tmpdir(), 'tmt-bench-backtest-'));
      try {
        const data = join(dir, 'eurusd.jsonl');
        writeRecordedQuotes(data, QUOTES);
        const started = process.hrtime.bigint();
        const result = await runBacktest({
          strategy: 'ma-crossover',
          data,
          instrument: 'EUR_USD',
          timeframeMs: 10_000,
          params: { fast: 3, slow: 8, atrPeriod: 5 },
        });
        const seconds = Number(process.hrtime.bigint() - started) / 1e9;
        return [
          {
            benchmark: 'backtest',
            metric: 'quotes_per_second',
            value: Math.round(result.quotes / seconds),
            unit: 'quotes/s',
            aim: '>= 20000',
            notes: `${result.quotes} quotes, ${result.orders.length} orders, ${result.fills.length} fills in ${seconds.toFixed(2)} s`,
          },
        ];
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  },
];

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import type { VenueClient, VenueOrderSubmission } from '../src/core';
import { ExecutionEngine, standardRiskAndPortfolio } from '../src/engine';
import { Orchestrator } from '../src/orchestrator/orchestrator';
import { SystemClock } from '../src/shared/system-clock';
import { createPaperVenue } from '../src/simulators/paper';
import { openSqliteStore } from '../src/store';
import { percentiles, type Benchmark, type BenchResult } from './harness';

/**
 * Signals through the whole pipeline (correlation, quality, sizing, breakers, execution) into the real
 * engine (risk, OMS, SQLite journal) and the in-process paper venue. "Signed order bytes" is the moment the
 * engine hands the order to the venue client (for the paper venue, the call to submit). Limit entries far
 * from the market rest rather than fill, so every signal is one accepted venue order.
 */
async function rig() {
  const clock = new SystemClock();
  const directory = mkdtempSync(join(tmpdir(), 'tmt-bench-orch-'));
  const store = await openSqliteStore({
    path: join(directory, 'journal.db'),
    clock,
    checkpoint: 'background',
  });
  const venue: VenueClient = createPaperVenue({ clock, seed: 5 });
  const dispatchedAt = new Map<string, bigint>();
  const submit = venue.submit.bind(venue);
  (venue as { submit: (s: VenueOrderSubmission) => ReturnType<VenueClient['submit']> }).submit = (
    submission,
  ) => {
    dispatchedAt.set(submission.request.clientOrderId, process.hrtime.bigint());
    return submit(submission);
  };
  const engine = new ExecutionEngine({
    clock,
    journal: store.journal,
    venues: [venue],
    ...standardRiskAndPortfolio({ global: { submitRatePerSecond: 100_000_000 } }),
    timings: { reconcileOpenOrdersEveryMs: 3_600_000, reconcilePositionsEveryMs: 3_600_000 },
  });
  await engine.start();
  engine.setIntake(true, 'bench');
  while (engine.quotes().length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
  const orchestrator = new Orchestrator({
    engine,
    clock,
    sizing: { fixedQuantity: { 'EUR_USD.PAPER': '1' }, maxConcurrentTrades: 1_000 },
  });
  orchestrator.registry.register('bench', 'built-in');
  return {
    orchestrator,
    dispatchedAt,
    async close() {
      orchestrator.close();
      await engine.stop();
      await store.close();
      rmSync(directory, { recursive: true, force: true });
    },
  };
}

let sequence = 0;
function restingSignal() {
  sequence++;
  const long = sequence % 2 === 0;
  return {
    clientSignalId: `b-${sequence}`,
    agentId: 'bench',
    instrumentId: 'EUR_USD.PAPER',
    intent: long ? 'long' : 'short',
    confidence: '0.8',
    entry: { type: 'limit', price: long ? '0.90000' : '1.30000' },
  };
}

export const benchmarks: Benchmark[] = [
  {
    name: 'orchestrator: signal to order at the venue client',
    async run(): Promise<BenchResult[]> {
      const r = await rig();
      try {
        const samples: bigint[] = [];
        for (let i = 0; i < 1_200; i++) {
          const started = process.hrtime.bigint();
          const result = await r.orchestrator.submitSignal(restingSignal(), 'strategy', 'bench');
          const order = result.record.orders[0];
          const at = order === undefined ? undefined : r.dispatchedAt.get(order);
          if (i >= 200 && at !== undefined) samples.push(at - started);
        }
        const p = percentiles(samples);
        return [
          {
            benchmark: this.name,
            metric: 'p50',
            value: (p.p50 ?? 0) / 1e6,
            unit: 'ms',
            aim: '<= 1 ms (seed: < 100 ms)',
          },
          {
            benchmark: this.name,
            metric: 'p99',
            value: (p.p99 ?? 0) / 1e6,
            unit: 'ms',
            aim: '<= 1 ms (seed: < 100 ms)',
            notes: `${samples.length} samples`,
          },
        ];
      } finally {
        await r.close();
      }
    },
  },
  {
    name: 'orchestrator: sustained signals through pipeline and engine',
    async run(): Promise<BenchResult[]> {
      const r = await rig();
      try {
        const total = 2_000;
        const batch = 50;
        const started = process.hrtime.bigint();
        for (let i = 0; i < total; i += batch) {
          await Promise.all(
            Array.from({ length: batch }, () =>
              r.orchestrator.submitSignal(restingSignal(), 'strategy', 'bench'),
            ),
          );
        }
        const seconds = Number(process.hrtime.bigint() - started) / 1e9;
        return [
          {
            benchmark: this.name,
            metric: 'throughput',
            value: total / seconds,
            unit: 'signals/s',
            aim: '>= 5,000/s (seed: 1,000/min)',
          },
        ];
      } finally {
        await r.close();
      }
    },
  },
];

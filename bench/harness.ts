/**
 * Benchmark harness. Each bench/<area>.bench.ts exports `benchmarks: Benchmark[]`; `npm run bench` runs them
 * all (or those whose name matches argv[2]) and prints one JSON object per result line on stdout.
 * Timings are for reading and comparing ratios within one run, never for pass/fail.
 */
export interface BenchResult {
  readonly benchmark: string;
  readonly metric: string;
  readonly value: number;
  readonly unit: string;
  /** The aim, when it sets one, for the reader (never asserted). */
  readonly aim?: string;
  readonly notes?: string;
}

export interface Benchmark {
  readonly name: string;
  run(): Promise<readonly BenchResult[]>;
}

/** Percentiles of a sample of durations in nanoseconds (bigint from process.hrtime.bigint()). */
export function percentiles(samples: readonly bigint[] | readonly number[], points: readonly number[] = [50, 99, 99.9]): Record<string, number> {
  const values = (samples as readonly (bigint | number)[]).map(Number).sort((a, b) => a - b);
  const out: Record<string, number> = {};
  for (const p of points) {
    const index = Math.min(values.length - 1, Math.max(0, Math.ceil((p / 100) * values.length) - 1));
    out[`p${p}`] = values[index] ?? Number.NaN;
  }
  return out;
}

/** Runs fn `iterations` times and returns operations per second (after a warm-up of a tenth). */
export function throughput(iterations: number, fn: (i: number) => void): number {
  const warmup = Math.max(1, Math.floor(iterations / 10));
  for (let i = 0; i < warmup; i++) fn(i);
  const start = process.hrtime.bigint();
  for (let i = 0; i < iterations; i++) fn(i);
  const elapsed = Number(process.hrtime.bigint() - start);
  return (iterations / elapsed) * 1e9;
}

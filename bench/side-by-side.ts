/**
 * Side-by-side throughput for the market-data benches: TMT and its peer alternate over many short rounds in
 * one process, and each keeps its best round. Two clocks per round:
 * - wall time (process.hrtime), what the harness's `throughput` reports;
 * - this process's CPU time (process.cpuUsage), which a loaded machine disturbs far less: time spent
 *   descheduled while seven other engineers' processes run is not counted against either side.
 * Both sides get the same treatment, so the ratios compare like with like. Timings are for reading only.
 */
export interface Side {
  readonly name: string;
  /** Calls per round. */
  readonly iterations: number;
  run(i: number): void;
}

export interface SideRate {
  /** Best round, operations per wall-clock second. */
  readonly wall: number;
  /** Best round, operations per CPU second of this process. */
  readonly cpu: number;
}

export function sideBySide(sides: readonly Side[], rounds = 12): Map<string, SideRate> {
  const best = new Map<string, { wall: number; cpu: number }>(sides.map((side) => [side.name, { wall: 0, cpu: 0 }]));
  // Warm-up: every side once, so that each is optimised before it is timed.
  for (const side of sides) for (let i = 0; i < side.iterations; i++) side.run(i);
  for (let round = 0; round < rounds; round++) {
    for (const side of sides) {
      const cpuStart = process.cpuUsage();
      const wallStart = process.hrtime.bigint();
      for (let i = 0; i < side.iterations; i++) side.run(i);
      const wall = Number(process.hrtime.bigint() - wallStart) / 1e9;
      const used = process.cpuUsage(cpuStart);
      const cpu = (used.user + used.system) / 1e6;
      const record = best.get(side.name) as { wall: number; cpu: number };
      record.wall = Math.max(record.wall, side.iterations / wall);
      if (cpu > 0) record.cpu = Math.max(record.cpu, side.iterations / cpu);
    }
  }
  return best;
}

import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Benchmark } from './harness';

const here = dirname(fileURLToPath(import.meta.url));
const filter = process.argv[2];
const files = readdirSync(here).filter((f) => f.endsWith('.bench.ts')).sort();

for (const file of files) {
  const module = (await import(join(here, file))) as { benchmarks: readonly Benchmark[] };
  for (const benchmark of module.benchmarks) {
    if (filter !== undefined && !benchmark.name.includes(filter)) continue;
    try {
      for (const result of await benchmark.run()) process.stdout.write(`${JSON.stringify(result)}\n`);
    } catch (error) {
      process.stdout.write(`${JSON.stringify({ benchmark: benchmark.name, error: String(error) })}\n`);
      process.exitCode = 1;
    }
  }
}

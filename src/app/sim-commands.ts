import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import type { Command } from 'commander';

const SIMULATORS = [
  { file: 'sim-oanda.ts', exportName: 'simOandaCommand' },
  { file: 'sim-binance.ts', exportName: 'simBinanceCommand' },
] as const;

/**
 * The `tmt sim <venue>` commands that the venue modules provide (src/app/sim-<venue>.ts). Loaded only when
 * the file exists, so the CLI works in a tree where a venue has not landed yet.
 */
export async function loadSimCommands(): Promise<Command[]> {
  const here = dirname(fileURLToPath(import.meta.url));
  const commands: Command[] = [];
  for (const simulator of SIMULATORS) {
    const path = join(here, simulator.file);
    if (!existsSync(path)) continue;
    const module = (await import(path)) as Record<string, unknown>;
    const factory = module[simulator.exportName];
    if (typeof factory === 'function') commands.push((factory as () => Command)());
  }
  return commands;
}

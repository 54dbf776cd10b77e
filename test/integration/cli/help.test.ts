import type { Command } from 'commander';
import { describe, expect, it } from 'vitest';

import { buildProgram } from '../../../src/cli/program';

/** Every command a user can run, with its path: the leaves, and groups that run an action of their own. */
function commands(program: Command): { path: string; command: Command }[] {
  const out: { path: string; command: Command }[] = [];
  const visit = (command: Command, path: readonly string[]): void => {
    const subs = command.commands.filter((c) => c.name() !== 'help');
    if (subs.length === 0) out.push({ path: path.join(' '), command });
    for (const sub of subs) visit(sub, [...path, sub.name()]);
  };
  for (const command of program.commands) visit(command, [command.name()]);
  return out;
}

function helpOf(command: Command): string {
  let text = '';
  command.configureOutput({ writeOut: (s) => (text += s), writeErr: (s) => (text += s) });
  command.outputHelp();
  return text;
}

describe('tmt --help', () => {
  it('every command, simulators included, shows an example, and every option says what it is', async () => {
    const program = await buildProgram(['node', 'tmt', 'sim']);
    const all = commands(program);
    expect(all.length).toBeGreaterThan(50);
    expect(all.filter(({ command }) => !helpOf(command).includes('Example')).map((c) => c.path)).toEqual([]);
    const bare = all.flatMap(({ path, command }) =>
      command.options.filter((o) => o.description === '').map((o) => `${path}: ${o.flags}`),
    );
    expect(bare).toEqual([]);
  });
});

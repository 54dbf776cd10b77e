import type { Command } from 'commander';

/**
 * Examples for the commands whose own definition has none, by command path. One table so that `--help`
 * shows an example everywhere (a test walks every command and checks it).
 */
const EXAMPLES: Readonly<Record<string, readonly string[]>> = {
  init: ['tmt init', 'tmt init --force'],
  'config check': ['tmt config check -c tmt.yaml'],
  status: ['tmt status', 'tmt status --json'],
  'order list': ['tmt order list --open', 'tmt order list -a paper-fx -i EUR_USD.PAPER --json'],
  'order get': ['tmt order get my-order-1'],
  'order cancel': ['tmt order cancel my-order-1'],
  'order cancel-all': ['tmt order cancel-all -a paper-fx', 'tmt order cancel-all -i EUR_USD.PAPER'],
  'trades list': ['tmt trades list -a 101-001-1234567-001'],
  'trades close': ['tmt trades close 101-001-1234567-001 42 --units 500'],
  'trades close-position': ['tmt trades close-position 101-001-1234567-001 EUR_USD.OANDA'],
  kill: ['tmt kill', 'tmt kill --flatten --yes'],
  'token create': ['tmt token create ci-bot --scope trade', 'tmt token create ops --scope admin --offline'],
  'token list': ['tmt token list --json'],
  'token revoke': ['tmt token revoke 54b5834c3bd1'],
  'audit verify': ['tmt audit verify', 'tmt audit verify -d ./data --json'],
  'journal verify': ['tmt journal verify', 'tmt journal verify -d ./data --json'],
  sim: ['tmt sim oanda --port 9001', 'tmt sim binance --port 9002 --data-dir ./sim-data'],
};

export function addExamples(program: Command): void {
  const visit = (command: Command, path: readonly string[]): void => {
    const key = path.join(' ');
    // Every simulator takes --port and prints one JSON line with its address and credentials.
    const lines =
      EXAMPLES[key] ??
      (path[0] === 'sim' && path.length === 2 ? [`tmt sim ${path[1]} --port 9001`] : undefined);
    if (lines !== undefined)
      command.addHelpText(
        'after',
        `\nExample${lines.length > 1 ? 's' : ''}:\n${lines.map((l) => `  $ ${l}`).join('\n')}\n`,
      );
    for (const sub of command.commands) visit(sub, [...path, sub.name()]);
  };
  for (const command of program.commands) visit(command, [command.name()]);
}

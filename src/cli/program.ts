import { Command } from 'commander';

import { SIMULATOR_VENUES, loadSimCommands } from '../app/sim-commands';
import { auditCommand, journalCommand, tokenCommand } from './commands/admin';
import { backtestCommand } from './commands/backtest';
import { walkForwardCommand } from './commands/backtest-walk-forward';
import {
  deadLettersCommand,
  intakeCommands,
  reconcileCommand,
  resumeCommand,
  riskCommand,
} from './commands/control';
import { eventsCommand } from './commands/events';
import { fillsCommand, instrumentsCommand, pricesCommand } from './commands/market';
import { configCommand, initCommand, startCommand, statusCommand } from './commands/service';
import { accountsCommand, killCommand, orderCommand, positionsCommand } from './commands/trading';
import { tradesCommand } from './commands/trades';
import { algoCommand } from './commands/algo';
import { addExamples } from './help-examples';

/** `tmt`: runs the service, talks to a running one over its API, or checks files offline. */
export async function buildProgram(argv: readonly string[] = process.argv): Promise<Command> {
  const program = new Command('tmt')
    .description('TMT: execution engine for automated trading')
    .version('0.1.0');
  for (const command of [
    startCommand(),
    initCommand(),
    configCommand(),
    statusCommand(),
    orderCommand(),
    positionsCommand(),
    tradesCommand(),
    algoCommand(),
    accountsCommand(),
    killCommand(),
    resumeCommand(),
    ...intakeCommands(),
    riskCommand(),
    reconcileCommand(),
    deadLettersCommand(),
    fillsCommand(),
    pricesCommand(),
    instrumentsCommand(),
    eventsCommand(),
    tokenCommand(),
    auditCommand(),
    journalCommand(),
    backtestCommand(),
    walkForwardCommand(),
  ]) {
    program.addCommand(command);
  }
  const sim = new Command('sim').description(
    `run a venue simulator (wire-exact fake venue on loopback): ${SIMULATOR_VENUES.join(', ')}`,
  );
  // The simulators load only when `tmt sim` is run: every other command starts without them.
  if (argv[2] === 'sim') for (const command of await loadSimCommands()) sim.addCommand(command);
  program.addCommand(sim);
  addExamples(program);
  return program;
}

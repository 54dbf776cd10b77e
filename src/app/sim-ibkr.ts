import { Command } from 'commander';
import { integerArgument } from './cli-arguments';

import { createIbkrSimulator } from '../simulators/ibkr';

interface SimIbkrOptions {
  readonly port: number;
  readonly seed: number;
  readonly dataDir?: string;
}

/**
 * `tmt sim ibkr --port N [--seed S] [--data-dir D]`: a TWS / IB Gateway simulator speaking the TWS socket
 * protocol (server versions 176-178) with a funded DU paper account, AAPL, MSFT, IBM and EUR.USD. Prints one
 * JSON line when ready.
 */
export function simIbkrCommand(): Command {
  return new Command('ibkr')
    .description('run the TWS / IB Gateway simulator (TWS API socket protocol)')
    .option('--port <port>', 'port to listen on (0: any free port)', integerArgument('--port', 0, 65535), 0)
    .option('--seed <seed>', 'seed of the simulated market', integerArgument('--seed', 0, 2 ** 31), 1)
    .option('--data-dir <dir>', 'keep orders, executions and order ids here across restarts')
    .action(async (options: SimIbkrOptions) => {
      const sim = await createIbkrSimulator({ port: options.port, seed: options.seed, prices: 'synthetic', ...(options.dataDir === undefined ? {} : { dataDir: options.dataDir }) });
      process.stdout.write(`${JSON.stringify({ host: sim.host, port: sim.port, accounts: sim.accounts })}\n`);
      const stop = (): void => {
        void sim.close().then(() => process.exit(0));
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
}
